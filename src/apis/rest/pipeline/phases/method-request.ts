import type { AwsEnvironment } from '../../../../core/aws-environment.ts'
import type { Logger } from '../../../../core/logger.ts'
import type { ApiKeyIndex } from '../../../../policies/api-key/api-key-index.ts'
import type { UsagePlanState } from '../../../../policies/usage-plan/usage-plan-limits.ts'
import type { AuthorizerDeps } from '../../../../policies/authorizer/authorizer-deps.ts'
import { buildRequestContext } from '../context-variables.ts'
import { methodRequestHeaders } from '../method-request-headers.ts'
import { parseQueryString } from '../../../../core/query-string.ts'
import type { MethodRequest, RoutedRequest } from '../records.ts'
import { checkApiKey } from './api-key.ts'
import { authorize } from './authorize.ts'
import { applyRequestLimits } from './request-limits.ts'
import { startResponseCacheLookup, type PendingCacheLookup, type ResponseCacheDeps } from './response-cache.ts'
import type { StageThrottleState } from './stage-throttle.ts'

/**
 * Method Request: what API Gateway makes of the client's request before any integration sees it.
 * The checks AWS runs here (authorizer, API key, response cache lookup, throttling and quotas,
 * validation) run in AWS's order; the resource policy comes before them (invoke-rest-api.ts).
 */
export async function methodRequest(
  routed: RoutedRequest,
  aws: AwsEnvironment,
  localPort: string,
  authorizers: AuthorizerDeps,
  apiKeys: {
    readonly index: ApiKeyIndex; readonly logger: Logger; readonly limits?: UsagePlanState; readonly stageThrottle?: StageThrottleState
    readonly responseCache?: ResponseCacheDeps
  },
): Promise<{ readonly request: MethodRequest; readonly cache?: PendingCacheLookup }> {
  const headers = methodRequestHeaders(routed.http.rawHeaders, {
    traceId: routed.ids.traceId,
    sourceIp: routed.http.sourceIp,
    port: localPort,
    proto: 'http',
  })
  const received: MethodRequest = {
    ...routed,
    headers,
    query: parseQueryString(routed.rawQuery),
    requestContext: buildRequestContext(routed, aws),
  }
  // Lambda and Cognito authorizers: before validation, so an unauthorised caller learns nothing of the API's rules.
  // A method without one (or without apiKeyRequired, below) passes as it is, without a turn of the microtask queue.
  const authorized = routed.method.authorizer === undefined ? received : await authorize(received, authorizers)
  // API keys: after the authorizer, whose usageIdentifierKey an AUTHORIZER-sourced API uses.
  const request = routed.method.method.apiKeyRequired !== true ? authorized : await checkApiKey(authorized, apiKeys.index, apiKeys.logger)
  // The stage's response cache is looked up in the same tick as the limits below, so on
  // Redis both leave in one pipeline; the caller reads the lookup only once every check here has passed.
  const cache = startResponseCacheLookup(request, apiKeys.responseCache)
  // Throttling and quotas, most specific first: the key's usage plan bucket and quota, then the
  // stage's and the account's buckets — one call to the state store (one Redis round trip).
  const limited = applyRequestLimits(request, apiKeys.limits, apiKeys.stageThrottle)
  if (limited !== undefined) await limited
  // Request validation: AWS validates in Method Request; throws its 400s.
  routed.method.validate?.(request)
  return { request, cache }
}
