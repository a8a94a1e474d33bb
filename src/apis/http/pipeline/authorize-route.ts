import { SignatureRejection } from '../../../auth/sigv4/signature-rejection.ts'
import { signedRequest } from '../../../auth/sigv4/signed-request.ts'
import { verifySignature } from '../../../auth/sigv4/verify-signature.ts'
import { evaluatePolicies } from '../../../auth/policy/compiled-policy.ts'
import { EXECUTE_API_INVOKE } from '../../../auth/policy/execute-api-arn.ts'
import { conditionKeys } from '../../../auth/policy/request-context.ts'
import type { HttpRequest, HttpResponse } from '../../../core/http.ts'
import { methodArn } from '../../../policies/authorizer/authorizer-policy.ts'
import { HttpApiAuthorizerFailure, runHttpApiLambdaAuthorizer } from '../../../policies/authorizer/http-api-lambda-authorizer.ts'
import { JwtAuthorizerRejection, runJwtAuthorizer } from '../../../policies/authorizer/jwt-authorizer.ts'
import type { OidcIssuerKeys } from '../../../policies/authorizer/oidc-issuer-keys.ts'
import type { GatewayEngines } from '../../api-kind.ts'
import type { CompiledRouteAuthorization } from '../deploy/compiled-http-route.ts'
import { httpApiExpressionSources } from './expression-sources.ts'
import type { HttpApiCall } from './http-api-call.ts'
import { httpApiError } from './http-api-errors.ts'

/** The route's authorization passed: `requestContext.authorizer` for the integration, or undefined when the route has none. */
export type RouteAuthorizationOutcome = { readonly authorizer: Record<string, unknown> | undefined } | { readonly refused: HttpResponse }

/**
 * A route's authorization (developer guide, "Controlling and managing access to an HTTP API"):
 * JWT, CUSTOM (a Lambda REQUEST authorizer) or AWS_IAM. Refusals are the API's own answers:
 * 401 `Unauthorized` with `www-authenticate` for a JWT (or a missing identity source), 403
 * `Forbidden` for a denial or a JWT without the route's scopes, 500 for an authorizer that fails.
 */
export async function authorizeRoute(
  authorization: CompiledRouteAuthorization, call: HttpApiCall, http: HttpRequest, engines: GatewayEngines, issuerKeys: OidcIssuerKeys,
): Promise<RouteAuthorizationOutcome> {
  if (authorization.type === 'NONE') return { authorizer: undefined }
  const sources = httpApiExpressionSources(call)
  const arn = methodArn({ region: engines.aws.region, accountId: engines.aws.accountId, restApiId: call.apiId, stage: call.stage, httpMethod: call.method, path: call.routePath })
  if (authorization.type === 'JWT') {
    try {
      const jwt = await runJwtAuthorizer(authorization.identity(sources), authorization.settings, authorization.scopes, issuerKeys, Math.floor(engines.clock.now() / 1000))
      return { authorizer: { jwt } }
    } catch (error) {
      if (!(error instanceof JwtAuthorizerRejection)) throw error
      const refused = httpApiError(error.status === 401 ? 'unauthorized' : 'forbidden')
      return { refused: { ...refused, headers: [...refused.headers, ['www-authenticate', error.wwwAuthenticate]] } }
    }
  }
  if (authorization.type === 'CUSTOM') {
    const identity: string[] = []
    for (const read of authorization.identity) {
      const value = read(sources)
      // A missing identity source: 401 without calling the function (developer guide, "Working with AWS Lambda authorizers for HTTP APIs").
      if (value === undefined || value === '') return { refused: httpApiError('unauthorized') }
      identity.push(value)
    }
    try {
      const decision = await runHttpApiLambdaAuthorizer(authorization.authorizer, call, identity, arn, {
        functions: engines.functions, cache: engines.state.authorizerCache, aws: engines.aws, logger: engines.logger, clock: engines.clock, userPools: engines.userPools,
      })
      if (!decision.allowed) return { refused: httpApiError('forbidden') }
      // Payload 1.0 and IAM-policy answers also name their principal (sample event: lambda-go/apigw-v2-request-lambda-authorizer.json has only `lambda`).
      return { authorizer: { lambda: decision.context } }
    } catch (error) {
      if (!(error instanceof HttpApiAuthorizerFailure)) throw error
      engines.logger.warn({ apiId: call.apiId, routeKey: call.routeKey, reason: error.message }, 'HTTP API Lambda authorizer failed')
      return { refused: httpApiError('internalServerError') }
    }
  }
  return authorizeIamCaller(call, http, engines, arn)
}

/**
 * AWS_IAM: a SigV4 signature for `execute-api` by a principal of gatehouse.yaml whose identity
 * policies allow `execute-api:Invoke` on the route's ARN (the REST verifier and principals); the
 * integration sees `requestContext.authorizer.iam` (sample event: powertools-ts/apigw-http/iam-auth.json).
 * Any refusal is 403 `Forbidden`: HTTP APIs have no gateway responses to say more (no recording).
 */
function authorizeIamCaller(call: HttpApiCall, http: HttpRequest, engines: GatewayEngines, arn: string): RouteAuthorizationOutcome {
  try {
    const verified = verifySignature(signedRequest(http.method, http.url ?? '/', http.rawHeaders, http.body), {
      credential: (accessKeyId) => engines.principals.byAccessKey(accessKeyId),
      services: ['execute-api'],
      region: engines.aws.region,
      now: engines.clock.now(),
      unsignedPayload: 'accepted',
    })
    const caller = engines.principals.byAccessKey(verified.accessKeyId)
    if (caller === undefined) return { refused: httpApiError('forbidden') }
    const principal = { arn: caller.arn, accountId: caller.accountId }
    const decision = evaluatePolicies(caller.policies, {
      action: EXECUTE_API_INVOKE,
      resource: arn,
      principal,
      conditionKeys: conditionKeys({ sourceIp: call.sourceIp, userAgent: undefined, referer: undefined, secureTransport: call.secure, now: engines.clock.now(), principal }),
    })
    if (decision !== 'Allow') return { refused: httpApiError('forbidden') }
    return {
      authorizer: {
        iam: {
          accessKey: caller.accessKeyId, accountId: caller.accountId, callerId: caller.userId, cognitoIdentity: null,
          principalOrgId: null, userArn: caller.arn, userId: caller.userId,
        },
      },
    }
  } catch (error) {
    if (error instanceof SignatureRejection) return { refused: httpApiError('forbidden') }
    throw error
  }
}
