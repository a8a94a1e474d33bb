import { compileLambdaTarget } from '../../../integrations/lambda-target.ts'
import { compileHttpApiExpression } from '../../../mapping/http-api-expression.ts'
import type { HttpAuthorizer } from '../../../model/v2/authorizer.ts'
import type { HttpRoute } from '../../../model/v2/route.ts'
import type { CompiledRouteAuthorization } from './compiled-http-route.ts'
import { invocationUri } from './lambda-invocation-uri.ts'

/**
 * A route's authorization, compiled once per deployment. A JWT or CUSTOM route whose authorizer the
 * deployment lacks (it was checked when written, so only a hand-edited store has one) refuses every
 * request rather than letting it through.
 */
export function compileRouteAuthorization(route: HttpRoute, authorizers: ReadonlyMap<string, HttpAuthorizer>): CompiledRouteAuthorization {
  if (route.authorizationType === 'NONE' || route.authorizationType === 'AWS_IAM') return { type: route.authorizationType }
  const authorizer = route.authorizerId === undefined ? undefined : authorizers.get(route.authorizerId)
  const identity = (authorizer?.identitySource ?? []).map(compileHttpApiExpression)
  if (route.authorizationType === 'JWT' || authorizer === undefined || authorizer.authorizerType === 'JWT') {
    return {
      type: 'JWT',
      identity: identity[0] ?? (() => undefined),
      settings: { issuer: authorizer?.jwtConfiguration?.issuer ?? '', audience: authorizer?.jwtConfiguration?.audience ?? [] },
      scopes: route.authorizationScopes ?? [],
    }
  }
  return {
    type: 'CUSTOM',
    identity,
    authorizer: {
      authorizerId: authorizer.authorizerId,
      lambda: compileLambdaTarget(invocationUri(authorizer.authorizerUri ?? '')),
      payloadFormatVersion: authorizer.authorizerPayloadFormatVersion ?? '2.0',
      enableSimpleResponses: authorizer.enableSimpleResponses === true,
      ttlMs: (authorizer.authorizerResultTtlInSeconds ?? 0) * 1000,
    },
  }
}
