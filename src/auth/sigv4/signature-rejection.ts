/**
 * Why a SigV4-signed request was refused, independent of which API refused it: the data plane maps
 * each reason to a gateway response type, the management API to its exception name. `message` is
 * the text AWS sends for the same failure.
 */
export type SignatureRejectionReason =
  /** No `Authorization` header and no `X-Amz-Algorithm` query parameter. */
  | 'MissingAuthenticationToken'
  /** A signature that lacks a part AWS requires (Credential, SignedHeaders, Signature, date). */
  | 'IncompleteSignature'
  /** Wrong signature, scope or date. */
  | 'InvalidSignature'
  /** An access key (or session token) nobody configured. */
  | 'UnrecognizedClient'
  /** A session token past its expiry. */
  | 'ExpiredToken'

export class SignatureRejection extends Error {
  override readonly name = 'SignatureRejection'
  readonly reason: SignatureRejectionReason

  constructor(reason: SignatureRejectionReason, message: string) {
    super(message)
    this.reason = reason
  }
}

/** AWS's texts for the failures every SigV4 endpoint reports the same way. */
export const SIGNATURE_MESSAGES = {
  missingAuthenticationToken: 'Missing Authentication Token',
  unrecognizedClient: 'The security token included in the request is invalid.',
  expiredToken: 'The security token included in the request is expired',
  signatureDoesNotMatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
} as const
