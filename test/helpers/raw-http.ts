import { Agent, request } from 'node:http'

export interface RawResponse {
  readonly status: number
  /** `[name, value, ...]` exactly as sent on the wire (casing and repeats kept). */
  readonly rawHeaders: readonly string[]
  /** Lower-cased names, repeats joined with `, ` (node:http's view). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly body: Buffer
}

export interface RawRequest {
  readonly port: number
  readonly method?: string
  /** The request target exactly as it goes on the wire: `//stage/x`, `/a?b=c#d` — nothing is normalised. */
  readonly path: string
  /** Sent as given, in the given casing; `Host` among them to address an API by host name. */
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: Buffer | string
  /** Send the body with `Transfer-Encoding: chunked` instead of `Content-Length`. */
  readonly chunked?: boolean
}

/**
 * One HTTP/1.1 exchange over node:http, for what fetch cannot do: choose the Host header, keep a
 * raw request target (`//stage`, a `#` left in), or read response header names in their casing.
 */
export function rawRequest(options: RawRequest): Promise<RawResponse> {
  // A keep-alive agent of its own, as browsers and SDKs connect (the answer then says
  // `Connection: keep-alive`, as AWS's recordings show), destroyed once the exchange is over.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  return new Promise<RawResponse>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: options.port,
      method: options.method ?? 'GET',
      path: options.path,
      headers: options.headers,
      agent,
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    if (options.body === undefined) {
      req.end()
    } else if (options.chunked === true) {
      // Two writes before end(): node:http then frames the body as chunks.
      const body = Buffer.from(options.body)
      const half = Math.floor(body.length / 2)
      req.write(body.subarray(0, half))
      req.write(body.subarray(half))
      req.end()
    } else {
      req.end(options.body)
    }
  }).finally(() => agent.destroy())
}

/** The response's headers as `{name: value}` in their wire casing; a repeated header's values joined with `, `. */
export function headersAsSent(rawHeaders: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {}
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]
    result[name] = name in result ? `${result[name]}, ${rawHeaders[i + 1]}` : rawHeaders[i + 1]
  }
  return result
}
