/** The HTTP exchange as the data plane sees it, independent of node:http. */

export interface HttpRequest {
  readonly method: string
  /** Header names and values in the client's order and casing: `[name, value, name, value, ...]`. */
  readonly rawHeaders: readonly string[]
  readonly body: Buffer
  readonly sourceIp: string
  /** The request target as sent (`/path?query`), percent-encoding intact: what a SigV4 signature covers. */
  readonly url?: string
  /** True when the client reached Gatehouse over TLS (`aws:SecureTransport`), directly or via a trusted proxy. */
  readonly secure?: boolean
  /** `HTTP/1.1` */
  readonly protocol: string
}

export interface HttpResponse {
  readonly statusCode: number
  /** `[name, value]` pairs; a name may repeat (Set-Cookie). */
  readonly headers: readonly (readonly [string, string])[]
  readonly body: Buffer
}

/**
 * The body of a request or answer that has none, shared: it holds no bytes to change, and allocating a
 * buffer for every body-less request was a visible share of a MOCK request's cost.
 */
export const EMPTY_BODY: Buffer = Buffer.alloc(0)

/** The value of a header by case-insensitive name, the last one when repeated (as API Gateway keeps it). */
export function headerValue(rawHeaders: readonly string[], name: string): string | undefined {
  const wanted = name.toLowerCase()
  let value: string | undefined
  // Names of another length cannot match: most are passed over without lowercasing a copy of them.
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].length === wanted.length && rawHeaders[i].toLowerCase() === wanted) value = rawHeaders[i + 1]
  }
  return value
}

/** `headerValue` for an answer's `[name, value]` pairs. */
export function pairValue(headers: HttpResponse['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase()
  let value: string | undefined
  for (const [header, headerValue] of headers) if (header.length === wanted.length && header.toLowerCase() === wanted) value = headerValue
  return value
}

/** The MIME type of a Content-Type or Accept entry, lowercased, without parameters. */
export const mediaType = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : value.split(';')[0].trim().toLowerCase() || undefined
