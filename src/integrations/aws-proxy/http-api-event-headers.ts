import type { HttpApiCaller } from './http-api-caller.ts'

export interface HttpApiEventHeaders {
  /** Lower-case names, alphabetical as in the captures; a repeated header's values joined by commas. */
  readonly headers: Record<string, string>
  /** Every value of every header, by lower-case name (payload 1.0's `multiValueHeaders`). */
  readonly multiValueHeaders: Record<string, string[]>
}

/**
 * The headers an HTTP API's Lambda receives: the client's, lower-cased, plus what API Gateway adds on
 * its execute-api endpoint: `content-length` (also `0` for a GET), `x-amzn-trace-id`,
 * `x-forwarded-for` (the client's list with its address appended), `x-forwarded-port`,
 * `x-forwarded-proto` (sample events: powertools-ts/apigw-http/no-auth.json,
 * lambda-rust-runtime/apigw_v2_proxy_request_minimal.json). Keys come out sorted, as both captures
 * show them. `omitCookie` leaves the Cookie header out (payload 2.0 moves it to `cookies`).
 */
export function httpApiEventHeaders(caller: HttpApiCaller, omitCookie: boolean): HttpApiEventHeaders {
  const values = new Map<string, string[]>()
  const add = (name: string, value: string): void => {
    const list = values.get(name)
    if (list === undefined) values.set(name, [value])
    else list.push(value)
  }
  let forwardedFor: string | undefined
  for (let i = 0; i < caller.rawHeaders.length; i += 2) {
    const name = caller.rawHeaders[i].toLowerCase()
    const value = caller.rawHeaders[i + 1]
    // API Gateway sets these itself; `connection` is hop-by-hop (HTTPie, the client of the 2024 capture, sends `Connection: keep-alive`, and the event has none).
    if (name === 'content-length' || name === 'x-forwarded-port' || name === 'x-forwarded-proto' || name === 'x-amzn-trace-id' || name === 'connection') continue
    if (name === 'cookie' && omitCookie) continue
    if (name === 'x-forwarded-for') {
      forwardedFor = forwardedFor === undefined ? value : `${forwardedFor}, ${value}`
      continue
    }
    add(name, value)
  }
  add('content-length', String(caller.body.length))
  add('x-amzn-trace-id', caller.traceId)
  add('x-forwarded-for', forwardedFor === undefined ? caller.sourceIp : `${forwardedFor}, ${caller.sourceIp}`)
  add('x-forwarded-port', caller.port)
  add('x-forwarded-proto', caller.secure ? 'https' : 'http')
  const headers: Record<string, string> = {}
  const multiValueHeaders: Record<string, string[]> = {}
  for (const name of [...values.keys()].sort()) {
    const list = values.get(name)!
    headers[name] = list.join(',')
    multiValueHeaders[name] = list
  }
  return { headers, multiValueHeaders }
}

/**
 * The `cookies` of a payload 2.0 event: every Cookie header split into its `name=value` pairs
 * (developer guide, "Working with AWS Lambda proxy integrations for HTTP APIs": cookie headers are
 * combined and moved to `cookies`). Undefined when the request had none, so the key is left out.
 */
export function requestCookies(rawHeaders: readonly string[]): string[] | undefined {
  let cookies: string[] | undefined
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() !== 'cookie') continue
    for (const pair of rawHeaders[i + 1].split(';')) {
      const trimmed = pair.trim()
      if (trimmed !== '') (cookies ??= []).push(trimmed)
    }
  }
  return cookies
}
