import { readSignatureParameters } from '../../../../auth/sigv4/signature-parameters.ts'
import { SignatureRejection } from '../../../../auth/sigv4/signature-rejection.ts'
import { signedRequest } from '../../../../auth/sigv4/signed-request.ts'
import { GATEWAY_MESSAGES, GatewayError } from '../../../../core/gateway-error.ts'
import { headerValue, type HttpRequest } from '../../../../core/http.ts'
import { matchResource } from '../router/match-resource.ts'
import type { RequestIds, RoutedRequest } from '../records.ts'
import type { RequestTarget } from '../../../request-target.ts'
import type { ServedStage } from '../../stage-registry.ts'

/**
 * Route: the stage, resource and method a request is for. Anything that does not resolve — unknown
 * API or stage, no resource, no method for the verb — is AWS's 403 Missing Authentication Token
 * (recorded: test_apigateway_common > test_routing_not_found), never a 404.
 */
export function route(http: HttpRequest, ids: RequestIds, target: RequestTarget, served: ServedStage | undefined): RoutedRequest {
  const root = served?.deployment.root
  const match = root === undefined ? undefined : matchResource(root, target.path, http.method)
  if (served === undefined || match === undefined) throw notRouted(http)
  return {
    http,
    ids,
    served,
    method: match.method,
    path: target.path,
    stagePath: target.stagePath,
    rawQuery: target.rawQuery,
    domainName: target.domainName,
    pathParameters: match.pathParameters,
  }
}

/**
 * AWS reads an unroutable request as one that lacked IAM credentials, so when it carries an
 * `Authorization` header that is not a complete SigV4 one (typically `Bearer <jwt>` sent to a wrong
 * path) the 403 says what the signature lacks, with the IncompleteSignature texts users report
 * (e.g. aws/chalice#828, serverless/serverless#3205), instead of "Missing Authentication Token".
 */
function notRouted(http: HttpRequest): GatewayError {
  if (headerValue(http.rawHeaders, 'authorization') !== undefined) {
    try {
      readSignatureParameters(signedRequest(http.method, http.url ?? '/', http.rawHeaders, http.body))
    } catch (error) {
      if (error instanceof SignatureRejection && error.reason === 'IncompleteSignature') {
        return new GatewayError('MISSING_AUTHENTICATION_TOKEN', error.message, { errorType: 'IncompleteSignatureException' })
      }
    }
  }
  return new GatewayError('MISSING_AUTHENTICATION_TOKEN', GATEWAY_MESSAGES.missingAuthenticationToken)
}
