import type { PrincipalDirectory } from '../../../../auth/iam-principal.ts'
import { SignatureRejection } from '../../../../auth/sigv4/signature-rejection.ts'
import { signedRequest } from '../../../../auth/sigv4/signed-request.ts'
import { verifySignature } from '../../../../auth/sigv4/verify-signature.ts'
import type { AwsEnvironment } from '../../../../core/aws-environment.ts'
import type { Clock } from '../../../../core/clock.ts'
import { GatewayError } from '../../../../core/gateway-error.ts'
import type { RoutedRequest } from '../records.ts'

export interface IamAuthenticationDeps {
  readonly principals: PrincipalDirectory
  readonly clock: Clock
  readonly aws: AwsEnvironment
}

/**
 * AWS_IAM methods: the caller must have signed the request with SigV4 for `execute-api`, with an
 * access key from gatehouse.yaml `principals`. The verified principal joins the request (its
 * identity fills `$context.identity`). Failures are AWS's gateway responses: no signature →
 * MISSING_AUTHENTICATION_TOKEN, a malformed one → the same type with AWS's IncompleteSignature
 * text, a wrong one → INVALID_SIGNATURE, an expired session token → EXPIRED_TOKEN — all 403.
 * Whether the principal may invoke this method is decided next, with the resource policy.
 */
export function authenticateIamCaller(routed: RoutedRequest, deps: IamAuthenticationDeps): RoutedRequest {
  if (routed.method.method.authorizationType !== 'AWS_IAM') return routed
  const { http } = routed
  try {
    const verified = verifySignature(signedRequest(http.method, http.url ?? '/', http.rawHeaders, http.body), {
      credential: (accessKeyId) => deps.principals.byAccessKey(accessKeyId),
      services: ['execute-api'],
      region: deps.aws.region,
      now: deps.clock.now(),
      // execute-api keeps what it has always accepted from signers that skip hashing the body.
      unsignedPayload: 'accepted',
    })
    return { ...routed, caller: deps.principals.byAccessKey(verified.accessKeyId) }
  } catch (error) {
    if (error instanceof SignatureRejection) throw signatureGatewayError(error)
    throw error
  }
}

/** A SigV4 refusal as execute-api answers it: AWS's gateway response for each reason. */
export function signatureGatewayError(rejection: SignatureRejection): GatewayError {
  switch (rejection.reason) {
    case 'MissingAuthenticationToken':
      return new GatewayError('MISSING_AUTHENTICATION_TOKEN', rejection.message)
    case 'IncompleteSignature':
      return new GatewayError('MISSING_AUTHENTICATION_TOKEN', rejection.message, { errorType: 'IncompleteSignatureException' })
    case 'UnrecognizedClient':
      return new GatewayError('INVALID_SIGNATURE', rejection.message, { errorType: 'UnrecognizedClientException' })
    case 'ExpiredToken':
      return new GatewayError('EXPIRED_TOKEN', rejection.message)
    case 'InvalidSignature':
      return new GatewayError('INVALID_SIGNATURE', rejection.message)
  }
}
