import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import aws4 from 'aws4'

/**
 * The reference SigV4 signers our verifier is checked against: `@smithy/signature-v4` (what every
 * AWS SDK v3 client signs with) on node's hash, and `aws4` (the most used standalone signer).
 */

/** `@smithy/signature-v4`'s hash interface on node:crypto; with a secret it is the HMAC. */
export class NodeSha256 {
  readonly #secret: Uint8Array | string | undefined
  #hash: Hash | Hmac
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#secret = secret === undefined || typeof secret === 'string' ? secret
      : ArrayBuffer.isView(secret) ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength) : new Uint8Array(secret)
    this.#hash = this.#create()
  }
  #create(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret)
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest())
  }
  reset(): void {
    this.#hash = this.#create()
  }
}

export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

export interface RequestToSign {
  readonly method: string
  /** An absolute URL; its path and query go on the wire as written. */
  readonly url: string
  readonly headers?: Record<string, string>
  readonly body?: string
  readonly service?: string
  readonly region?: string
  readonly credentials: Credentials
  readonly signingDate?: Date
}

export interface WireRequest {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly body?: string
}

const RFC3986 = (value: string): string => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

function smithyRequest(request: RequestToSign): { url: URL; signable: any } {
  const url = new URL(request.url)
  const query: Record<string, string | string[]> = {}
  for (const [name, value] of url.searchParams) {
    const existing = query[name]
    query[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return {
    url,
    signable: {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: url.pathname,
      query,
      headers: { host: url.host, ...request.headers },
      body: request.body,
    },
  }
}

function wireUrl(url: URL, query: Record<string, string | string[]>): string {
  const pairs: string[] = []
  for (const [name, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : [value]) pairs.push(`${RFC3986(name)}=${RFC3986(one)}`)
  }
  return `${url.origin}${url.pathname}${pairs.length === 0 ? '' : `?${pairs.join('&')}`}`
}

interface SignedParts {
  readonly query?: Record<string, string | string[]>
  readonly headers: Record<string, string>
}

function smithySigner(request: RequestToSign): SignatureV4 {
  return new SignatureV4({
    service: request.service ?? 'execute-api',
    region: request.region ?? 'us-east-1',
    credentials: request.credentials,
    sha256: NodeSha256,
  })
}

/** Signs with `@smithy/signature-v4` in the Authorization header. */
export async function signWithSmithy(request: RequestToSign): Promise<WireRequest> {
  const { url, signable } = smithyRequest(request)
  const signed = (await smithySigner(request).sign(signable, { signingDate: request.signingDate })) as unknown as SignedParts
  return { method: request.method, url: wireUrl(url, signed.query ?? {}), headers: signed.headers, body: request.body }
}

/** Presigns with `@smithy/signature-v4`: the signature travels in the query string. */
export async function presignWithSmithy(request: RequestToSign & { expiresIn?: number }): Promise<WireRequest> {
  const { url, signable } = smithyRequest(request)
  const signed = (await smithySigner(request).presign(signable, { signingDate: request.signingDate, expiresIn: request.expiresIn })) as unknown as SignedParts
  return { method: request.method, url: wireUrl(url, signed.query ?? {}), headers: signed.headers, body: request.body }
}

/** Signs with `aws4`, header form or (signQuery) query-string form. */
export function signWithAws4(request: RequestToSign & { signQuery?: boolean }): WireRequest {
  const url = new URL(request.url)
  // aws4 reads the clock itself unless the date is given: pin it through X-Amz-Date.
  const amzDate = request.signingDate?.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
  let search = url.search
  const headers: Record<string, string> = { ...request.headers }
  if (amzDate !== undefined && request.signQuery === true) search = `${search === '' ? '?' : `${search}&`}X-Amz-Date=${amzDate}`
  else if (amzDate !== undefined) headers['X-Amz-Date'] = amzDate
  const options: aws4.Request & { signQuery?: boolean } = {
    method: request.method,
    host: url.host,
    path: `${url.pathname}${search}`,
    headers,
    body: request.body,
    service: request.service ?? 'execute-api',
    region: request.region ?? 'us-east-1',
    signQuery: request.signQuery,
  }
  aws4.sign(options, request.credentials)
  const signedHeaders: Record<string, string> = {}
  for (const [name, value] of Object.entries(options.headers ?? {})) signedHeaders[name] = String(value)
  return { method: request.method, url: `${url.origin}${options.path}`, headers: signedHeaders, body: request.body }
}
