import { parseAmzDate, formatAmzDate } from './amz-date.ts'
import { SIGV4_ALGORITHM } from './signing-key.ts'
import { SignatureRejection, SIGNATURE_MESSAGES } from './signature-rejection.ts'
import type { SignedRequest } from './signed-request.ts'

/** What the client claims about its signature, from the `Authorization` header or the query string. */
export interface SignatureParameters {
  readonly form: 'header' | 'query'
  readonly accessKeyId: string
  /** `20240617/eu-west-1/execute-api/aws4_request` */
  readonly scope: string
  readonly shortDate: string
  readonly region: string
  readonly service: string
  readonly terminator: string
  /** Lowercase header names, in the order the client listed them. */
  readonly signedHeaders: readonly string[]
  readonly signature: string
  /** The long date as the client sent it (it goes into the string to sign verbatim). */
  readonly amzDate: string
  readonly dateMs: number
  /** Query form only: `X-Amz-Expires`, seconds. */
  readonly expiresSeconds?: number
  readonly securityToken?: string
}

/**
 * Reads the signature a request carries. Header form wins over the query form, as on AWS.
 * A request with neither is `MissingAuthenticationToken`; a malformed one gets AWS's
 * IncompleteSignature texts (`Authorization header requires 'Credential' parameter. ...`).
 */
export function readSignatureParameters(request: SignedRequest): SignatureParameters {
  const authorization = request.header('authorization')
  if (authorization !== undefined) return fromAuthorizationHeader(authorization, request)
  if (request.query.has('X-Amz-Algorithm')) return fromQueryString(request)
  throw new SignatureRejection('MissingAuthenticationToken', SIGNATURE_MESSAGES.missingAuthenticationToken)
}

function fromAuthorizationHeader(authorization: string, request: SignedRequest): SignatureParameters {
  const trimmed = authorization.trim()
  const space = trimmed.search(/\s/)
  const algorithm = space === -1 ? trimmed : trimmed.slice(0, space)
  const fields = new Map<string, string>()
  if (space !== -1) {
    for (const part of trimmed.slice(space + 1).split(',')) {
      const pair = part.trim()
      if (pair === '') continue
      const equals = pair.indexOf('=')
      if (equals === -1) {
        throw new SignatureRejection('IncompleteSignature', `'${pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`)
      }
      fields.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim())
    }
  }
  const xAmzDate = request.header('x-amz-date')
  const date = request.header('date')
  const missing: string[] = []
  for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!fields.has(name)) missing.push(`Authorization header requires '${name}' parameter.`)
  }
  if (xAmzDate === undefined && date === undefined) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
  if (missing.length > 0) throw new SignatureRejection('IncompleteSignature', `${missing.join(' ')} Authorization=${authorization}`)
  if (algorithm !== SIGV4_ALGORITHM) {
    throw new SignatureRejection('IncompleteSignature', `Unsupported Authorization Type: '${algorithm}'`)
  }
  let amzDate: string
  let dateMs: number | undefined
  if (xAmzDate !== undefined) {
    amzDate = xAmzDate.trim()
    dateMs = parseAmzDate(amzDate)
  } else {
    const parsed = Date.parse(date!)
    dateMs = Number.isNaN(parsed) ? undefined : parsed
    amzDate = dateMs === undefined ? date! : formatAmzDate(dateMs)
  }
  if (dateMs === undefined) {
    throw new SignatureRejection('IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`)
  }
  return {
    form: 'header',
    ...credential(fields.get('Credential')!),
    signedHeaders: fields.get('SignedHeaders')!.split(';').map((name) => name.trim().toLowerCase()),
    signature: fields.get('Signature')!,
    amzDate,
    dateMs,
    securityToken: request.header('x-amz-security-token'),
  }
}

function fromQueryString(request: SignedRequest): SignatureParameters {
  const value = (name: string): string | undefined => request.query.get(name)?.[0]
  const missing = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'].filter((name) => value(name) === undefined)
  if (missing.length > 0) {
    throw new SignatureRejection('IncompleteSignature', missing.map((name) => `AWS query-string parameters must include '${name}'.`).join(' ') + ' Re-examine the query-string parameters.')
  }
  if (value('X-Amz-Algorithm') !== SIGV4_ALGORITHM) {
    throw new SignatureRejection('IncompleteSignature', `Unsupported AWS 'algorithm': '${value('X-Amz-Algorithm')}'`)
  }
  const amzDate = value('X-Amz-Date')!
  const dateMs = parseAmzDate(amzDate)
  if (dateMs === undefined) {
    throw new SignatureRejection('IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`)
  }
  const expires = value('X-Amz-Expires')
  const expiresSeconds = expires === undefined ? undefined : Number(expires)
  if (expiresSeconds !== undefined && (!Number.isInteger(expiresSeconds) || expiresSeconds < 1 || expiresSeconds > 604800)) {
    throw new SignatureRejection('IncompleteSignature', `X-Amz-Expires must be an integer between 1 and 604800 seconds; got '${expires}'.`)
  }
  return {
    form: 'query',
    ...credential(value('X-Amz-Credential')!),
    signedHeaders: value('X-Amz-SignedHeaders')!.split(';').map((name) => name.trim().toLowerCase()),
    signature: value('X-Amz-Signature')!,
    amzDate,
    dateMs,
    expiresSeconds,
    securityToken: value('X-Amz-Security-Token'),
  }
}

/** `AKID/20240617/eu-west-1/execute-api/aws4_request` into its parts. */
function credential(text: string): Pick<SignatureParameters, 'accessKeyId' | 'scope' | 'shortDate' | 'region' | 'service' | 'terminator'> {
  const parts = text.split('/')
  if (parts.length !== 5 || parts.some((part) => part === '')) {
    throw new SignatureRejection('IncompleteSignature', `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${text}'`)
  }
  const [accessKeyId, shortDate, region, service, terminator] = parts
  return { accessKeyId, scope: parts.slice(1).join('/'), shortDate, region, service, terminator }
}
