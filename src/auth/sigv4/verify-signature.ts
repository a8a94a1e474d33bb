import { timingSafeEqual } from 'node:crypto'
import { formatAmzDate } from './amz-date.ts'
import { canonicalRequest, type UnsignedPayload } from './canonical-request.ts'
import { readSignatureParameters, type SignatureParameters } from './signature-parameters.ts'
import { SignatureRejection, SIGNATURE_MESSAGES } from './signature-rejection.ts'
import type { SignedRequest } from './signed-request.ts'
import { signature, signingKey, stringToSign } from './signing-key.ts'

/** A secret Gatehouse knows, by access key id. */
export interface SigningCredential {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  /** Temporary credentials: the `X-Amz-Security-Token` the client must send. */
  readonly sessionToken?: string
  /** When the session token stops being accepted (ms since the epoch). */
  readonly expiresAt?: number
}

export interface VerifyOptions {
  /** Looks an access key id up; undefined when nobody has it. */
  readonly credential: (accessKeyId: string) => SigningCredential | undefined
  /** The signing names this endpoint answers to (`execute-api`; `apigateway` and `lambda`). */
  readonly services: readonly string[]
  readonly region: string
  /** Now, from the injected clock (ms since the epoch). */
  readonly now: number
  /** Whether `x-amz-content-sha256: UNSIGNED-PAYLOAD` may leave the body unsigned; refused when not given. */
  readonly unsignedPayload?: UnsignedPayload
}

export interface VerifiedSignature {
  readonly accessKeyId: string
  readonly parameters: SignatureParameters
}

/** SigV4's allowed clock skew between client and server. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000

/**
 * Verifies an AWS Signature Version 4 (`AWS4-HMAC-SHA256`) on a request, header or query-string
 * form, exactly as AWS computes it, and answers with AWS's own failure texts. Checks, in AWS's
 * order: the parts are all there; the credential scope names this region and service and the
 * request's own date; the access key and session token are known and current; the date is within
 * five minutes (or, presigned, within `X-Amz-Expires`); and finally the signature, compared in
 * constant time.
 */
export function verifySignature(request: SignedRequest, options: VerifyOptions): VerifiedSignature {
  const parameters = readSignatureParameters(request)
  checkScope(parameters, options)
  if (!parameters.signedHeaders.includes('host')) {
    throw new SignatureRejection('IncompleteSignature', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
  }
  const credential = options.credential(parameters.accessKeyId)
  if (credential === undefined) throw new SignatureRejection('UnrecognizedClient', SIGNATURE_MESSAGES.unrecognizedClient)
  checkSessionToken(credential, parameters.securityToken, options.now)
  checkDate(parameters, options.now)
  const canonical = canonicalRequest(request, parameters, options.unsignedPayload ?? 'refused')
  const toSign = stringToSign(parameters.amzDate, parameters.scope, canonical)
  const expected = signature(signingKey(credential.secretAccessKey, parameters.shortDate, parameters.region, parameters.service), toSign)
  if (!equalInConstantTime(expected, parameters.signature)) {
    throw new SignatureRejection(
      'InvalidSignature',
      `${SIGNATURE_MESSAGES.signatureDoesNotMatch}\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${toSign}'\n`,
    )
  }
  return { accessKeyId: credential.accessKeyId, parameters }
}

function checkScope(parameters: SignatureParameters, options: VerifyOptions): void {
  if (parameters.terminator !== 'aws4_request') {
    throw new SignatureRejection('InvalidSignature', `Credential should be scoped with a valid terminator: 'aws4_request', not '${parameters.terminator}'.`)
  }
  if (!options.services.includes(parameters.service)) {
    throw new SignatureRejection('InvalidSignature', `Credential should be scoped to correct service: '${options.services[0]}'. `)
  }
  if (parameters.region !== options.region) {
    throw new SignatureRejection('InvalidSignature', `Credential should be scoped to a valid region, not '${parameters.region}'. `)
  }
  if (parameters.shortDate !== parameters.amzDate.slice(0, 8)) {
    throw new SignatureRejection(
      'InvalidSignature',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parameters.shortDate}' != '${parameters.amzDate.slice(0, 8)}', from '${parameters.amzDate}'.`,
    )
  }
}

function checkSessionToken(credential: SigningCredential, sent: string | undefined, now: number): void {
  if (credential.sessionToken === undefined) {
    if (sent !== undefined) throw new SignatureRejection('UnrecognizedClient', SIGNATURE_MESSAGES.unrecognizedClient)
    return
  }
  if (sent === undefined || !equalInConstantTime(credential.sessionToken, sent)) {
    throw new SignatureRejection('UnrecognizedClient', SIGNATURE_MESSAGES.unrecognizedClient)
  }
  if (credential.expiresAt !== undefined && now >= credential.expiresAt) {
    throw new SignatureRejection('ExpiredToken', SIGNATURE_MESSAGES.expiredToken)
  }
}

/** AWS's skew texts: `Signature expired: X is now earlier than Y (Z - 5 min.)` and its mirror. */
function checkDate(parameters: SignatureParameters, now: number): void {
  const signedAt = parameters.dateMs
  if (signedAt > now + CLOCK_SKEW_MS) {
    throw new SignatureRejection(
      'InvalidSignature',
      `Signature not yet current: ${parameters.amzDate} is still later than ${formatAmzDate(now + CLOCK_SKEW_MS)} (${formatAmzDate(now)} + 5 min.)`,
    )
  }
  if (parameters.form === 'query' && parameters.expiresSeconds !== undefined) {
    if (now > signedAt + parameters.expiresSeconds * 1000) {
      throw new SignatureRejection(
        'InvalidSignature',
        `Signature expired: ${parameters.amzDate} is now earlier than ${formatAmzDate(now - parameters.expiresSeconds * 1000)} (${formatAmzDate(now)} - ${parameters.expiresSeconds} sec.)`,
      )
    }
    return
  }
  if (signedAt < now - CLOCK_SKEW_MS) {
    throw new SignatureRejection(
      'InvalidSignature',
      `Signature expired: ${parameters.amzDate} is now earlier than ${formatAmzDate(now - CLOCK_SKEW_MS)} (${formatAmzDate(now)} - 5 min.)`,
    )
  }
}

/** Constant-time string comparison; unequal lengths compare a dummy so timing does not tell the length apart. */
export function equalInConstantTime(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(given, 'utf8')
  if (a.length !== b.length) {
    timingSafeEqual(a, a)
    return false
  }
  return timingSafeEqual(a, b)
}
