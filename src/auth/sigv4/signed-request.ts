import { headerValue } from '../../core/http.ts'

/**
 * A request as it arrived, in the form the verifier reads it: the method, the path exactly as sent
 * on the wire (still percent-encoded), the decoded query, every header occurrence and the body.
 */
export interface SignedRequest {
  readonly method: string
  readonly rawPath: string
  /** Decoded query parameters: every value of every name, in order. */
  readonly query: ReadonlyMap<string, readonly string[]>
  readonly rawHeaders: readonly string[]
  readonly body: Uint8Array
  /** The last value of a header by case-insensitive name. */
  header(name: string): string | undefined
}

/** Builds a SignedRequest from the request line's target (`/path?query`) and the raw headers. */
export function signedRequest(method: string, target: string, rawHeaders: readonly string[], body: Uint8Array): SignedRequest {
  const hash = target.indexOf('#')
  const url = hash === -1 ? target : target.slice(0, hash)
  const question = url.indexOf('?')
  const rawPath = question === -1 ? url : url.slice(0, question)
  return {
    method,
    rawPath: rawPath === '' ? '/' : rawPath,
    query: decodeQuery(question === -1 ? '' : url.slice(question + 1)),
    rawHeaders,
    body,
    header: (name) => headerValue(rawHeaders, name),
  }
}

/**
 * Query parameters as SigV4 signers see them: `+` is a space (as in `aws4`, which signs what
 * `querystring.parse` reads), a name without `=` has the empty value, undecodable escapes are kept
 * as they were sent.
 */
function decodeQuery(raw: string): Map<string, string[]> {
  const query = new Map<string, string[]>()
  if (raw === '') return query
  for (const pair of raw.split('&')) {
    if (pair === '') continue
    const equals = pair.indexOf('=')
    const name = decode(equals === -1 ? pair : pair.slice(0, equals))
    const value = equals === -1 ? '' : decode(pair.slice(equals + 1))
    const values = query.get(name)
    if (values === undefined) query.set(name, [value])
    else values.push(value)
  }
  return query
}

function decode(text: string): string {
  const spaced = text.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}
