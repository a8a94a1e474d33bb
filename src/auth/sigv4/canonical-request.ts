import { sha256Hex } from './signing-key.ts'
import type { SignatureParameters } from './signature-parameters.ts'
import type { SignedRequest } from './signed-request.ts'

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'

/** RFC 3986 escaping as SigV4 wants it: everything but `A-Z a-z 0-9 - _ . ~`. */
export const escapeUri = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * The canonical URI of every service but S3 (`execute-api` and `apigateway` included): the path as
 * sent, with empty, `.` and `..` segments resolved, then percent-encoded a second time (`%20` →
 * `%2520`), `/` kept. A trailing slash stays.
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = []
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const normalised = `${rawPath.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`
  return escapeUri(normalised).replace(/%2F/g, '/')
}

/** Parameters sorted by encoded name then encoded value, each `name=value`, joined by `&`; the signature itself left out. */
export function canonicalQuery(query: ReadonlyMap<string, readonly string[]>, form: 'header' | 'query'): string {
  const pairs: [string, string][] = []
  for (const [name, values] of query) {
    if (form === 'query' && name === 'X-Amz-Signature') continue
    const encodedName = escapeUri(name)
    for (const value of values) pairs.push([encodedName, escapeUri(value)])
  }
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
  return pairs.map(([name, value]) => `${name}=${value}`).join('&')
}

/** `name:value\n` for each signed header: every occurrence joined by `,`, trimmed, inner runs of spaces collapsed. */
export function canonicalHeaders(rawHeaders: readonly string[], signedHeaders: readonly string[]): string {
  const values = new Map<string, string[]>()
  for (const name of signedHeaders) values.set(name, [])
  for (let i = 0; i < rawHeaders.length; i += 2) {
    values.get(rawHeaders[i].toLowerCase())?.push(rawHeaders[i + 1].trim().replace(/\s+/g, ' '))
  }
  return signedHeaders.map((name) => `${name}:${values.get(name)!.join(',')}\n`).join('')
}

/**
 * The payload's hash as the signer must have computed it: `UNSIGNED-PAYLOAD` when the client says
 * so in `x-amz-content-sha256` and the endpoint takes unsigned payloads, else the SHA-256 of the
 * body that actually arrived — so a body changed on the way no longer matches, whatever hash the
 * client declared.
 */
export function payloadHash(request: SignedRequest, unsignedPayload: UnsignedPayload): string {
  if (unsignedPayload === 'accepted' && request.header('x-amz-content-sha256')?.trim() === UNSIGNED_PAYLOAD) return UNSIGNED_PAYLOAD
  return sha256Hex(request.body)
}

/**
 * Whether an endpoint lets a signer leave the body out of the signature. S3 does (Amazon S3 API
 * reference, "Signature Calculations for the Authorization Header: Transferring Payload in a Single
 * Chunk"); the JSON and REST-JSON services, API Gateway's management API among them, hash the body
 * they receive, so a signature cannot be replayed with another body.
 */
export type UnsignedPayload = 'accepted' | 'refused'

/** The canonical request of SigV4, built from the request as received. */
export function canonicalRequest(request: SignedRequest, parameters: SignatureParameters, unsignedPayload: UnsignedPayload): string {
  return [
    request.method.toUpperCase(),
    canonicalUri(request.rawPath),
    canonicalQuery(request.query, parameters.form),
    canonicalHeaders(request.rawHeaders, parameters.signedHeaders),
    parameters.signedHeaders.join(';'),
    payloadHash(request, unsignedPayload),
  ].join('\n')
}
