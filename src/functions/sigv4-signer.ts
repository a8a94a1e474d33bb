import { createHash, createHmac } from 'node:crypto'

export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex')
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest()

/** RFC 3986 escaping as SigV4 wants it (everything but unreserved characters). */
const escape = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * Signs an outgoing request with AWS Signature Version 4 (header form), so a remote function can
 * be a real AWS Lambda. Returns the headers to add: `x-amz-date`, `x-amz-content-sha256`,
 * `authorization` and, with temporary credentials, `x-amz-security-token`.
 * Paths are escaped a second time, as SigV4 does for every service but S3.
 */
export function signRequest(request: {
  method: string
  url: URL
  headers: Readonly<Record<string, string>>
  body: string | Uint8Array
  service: string
  region: string
  credentials: AwsCredentials
  now?: Date
}): Record<string, string> {
  const amzDate = (request.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
  const day = amzDate.slice(0, 8)
  const payloadHash = sha256(request.body)
  const added: Record<string, string> = { 'x-amz-date': amzDate, 'x-amz-content-sha256': payloadHash }
  if (request.credentials.sessionToken !== undefined) added['x-amz-security-token'] = request.credentials.sessionToken
  const headers = new Map<string, string>()
  headers.set('host', request.url.host)
  for (const [name, value] of Object.entries({ ...request.headers, ...added })) headers.set(name.toLowerCase(), value.trim().replace(/\s+/g, ' '))
  const names = [...headers.keys()].sort()
  const signedHeaders = names.join(';')
  const canonicalPath = request.url.pathname.split('/').map((segment) => escape(segment)).join('/') || '/'
  const canonicalQuery = [...request.url.searchParams]
    .map(([name, value]) => [escape(name), escape(value)])
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath,
    canonicalQuery,
    names.map((name) => `${name}:${headers.get(name)}\n`).join(''),
    signedHeaders,
    payloadHash,
  ].join('\n')
  const scope = `${day}/${request.region}/${request.service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n')
  const key = hmac(hmac(hmac(hmac(`AWS4${request.credentials.secretAccessKey}`, day), request.region), request.service), 'aws4_request')
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex')
  added.authorization = `AWS4-HMAC-SHA256 Credential=${request.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
  return added
}
