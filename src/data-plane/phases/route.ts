import { GATEWAY_MESSAGES, GatewayError } from '../../core/gateway-error.ts'
import type { HttpRequest } from '../../core/http.ts'
import { matchResource } from '../router/match-resource.ts'
import type { RequestIds, RoutedRequest } from '../records.ts'
import type { RequestTarget } from '../request-target.ts'
import type { ServedStage } from '../stage-registry.ts'

/**
 * Route: the stage, resource and method a request is for. Anything that does not resolve — unknown
 * API or stage, no resource, no method for the verb — is AWS's 403 Missing Authentication Token
 * (FACTS §3.2, test_routing_not_found), never a 404.
 */
export function route(http: HttpRequest, ids: RequestIds, target: RequestTarget, served: ServedStage | undefined): RoutedRequest {
  const root = served?.deployment.root
  const match = root === undefined ? undefined : matchResource(root, target.path, http.method)
  if (served === undefined || match === undefined) {
    throw new GatewayError('MISSING_AUTHENTICATION_TOKEN', GATEWAY_MESSAGES.missingAuthenticationToken)
  }
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
