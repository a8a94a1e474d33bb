import { evaluatePolicies } from '../../../../auth/policy/compiled-policy.ts'
import { executeApiArn } from '../../../../auth/policy/execute-api-arn.ts'
import { conditionKeys } from '../../../../auth/policy/request-context.ts'
import type { AwsEnvironment } from '../../../../core/aws-environment.ts'
import type { Clock } from '../../../../core/clock.ts'
import { GatewayError } from '../../../../core/gateway-error.ts'
import { headerValue } from '../../../../core/http.ts'
import type { CacheMetrics } from '../../../../observability/cache-metrics.ts'
import type { CachedResponse, ResponseCache } from '../../../../state/response-cache.ts'
import { methodParameterSources } from '../parameter-sources.ts'
import type { EndpointResponse, MethodRequest } from '../records.ts'

export interface ResponseCacheDeps {
  readonly cache: ResponseCache
  readonly metrics: CacheMetrics
  readonly aws: AwsEnvironment
  readonly clock: Clock
}

/** What the cache decided for one request: the endpoint's cached answer, or how to keep the fresh one. */
export interface CacheTicket {
  readonly hit?: CachedResponse
  /** Keeps a successful endpoint answer (2XX, no Lambda error) for the method's TTL. */
  store(response: EndpointResponse): Promise<void>
  /** Added to the answer: SUCCEED_WITH_RESPONSE_HEADER's warning. */
  readonly headers: readonly (readonly [string, string])[]
}

/**
 * A cache lookup started before the request's limits are taken, so that on Redis the lookup and the
 * limits' script leave in one pipeline (one round trip). Its answer is only read by `settle`, once
 * Method Request has passed every check: a refused request is never answered from the cache, and
 * counts neither a hit nor a miss (a hit it abandoned still counts as recently used for the LRU).
 */
export interface PendingCacheLookup {
  /** The cache's decision, counted as a hit or a miss; throws FAIL_WITH_403's refusal. */
  settle(): Promise<CacheTicket>
}

export const INVALIDATE_CACHE = 'execute-api:InvalidateCache'

/**
 * Gatehouse's text for SUCCEED_WITH_RESPONSE_HEADER: the developer guide says only that a warning
 * header is added when an unauthorized `Cache-Control: max-age=0` is ignored; its exact text is not
 * recorded, so this uses HTTP's Warning header with its "miscellaneous warning" code.
 */
export const IGNORED_CACHE_CONTROL_WARNING: readonly [string, string] =
  ['Warning', '199 - "Cache-Control: max-age=0 ignored: the caller may not perform execute-api:InvalidateCache"']

/**
 * The stage's response cache, after Method Request and before the integration (developer guide,
 * "Cache settings for REST APIs"): on when the stage's cache cluster is, for methods whose
 * settings enable caching with a TTL above 0 — a method's own entry, or the stage's `*\/*` for GET
 * requests only ("only GET methods have caching enabled by default"). Canary requests use a cache
 * of their own unless the canary's `useStageCache`. `Cache-Control: max-age=0` fetches afresh and
 * replaces the entry when the caller may: with `requireAuthorizationForCacheControl`, only an IAM
 * caller whose policies allow `execute-api:InvalidateCache` on the method; anyone else meets the
 * method's `unauthorizedCacheControlHeaderStrategy`.
 */
export function startResponseCacheLookup(request: MethodRequest, deps: ResponseCacheDeps | undefined): PendingCacheLookup | undefined {
  const { served, method, http } = request
  if (deps === undefined || !served.settings.cacheCluster.enabled) return undefined
  const inForce = served.settings.forMethod(method.resourcePath, method.httpMethod)
  if (inForce === undefined || !inForce.setting.cachingEnabled || inForce.setting.cacheTtlInSeconds <= 0) return undefined
  if (!inForce.own && http.method !== 'GET') return undefined
  const { setting } = inForce
  const names = served.settings.cacheClusterNames
  const cluster = served.isCanaryRequest && served.stage.canarySettings?.useStageCache !== true ? names.canary : names.stage
  const key = method.cacheKey(http.method, methodParameterSources(request))
  const headers: (readonly [string, string])[] = []
  let refresh = wantsRefresh(headerValue(http.rawHeaders, 'cache-control'))
  let refused: GatewayError | undefined
  if (refresh && setting.requireAuthorizationForCacheControl && !mayInvalidate(request, deps)) {
    if (setting.unauthorizedCacheControlHeaderStrategy === 'FAIL_WITH_403') refused = invalidateDenied(request, deps)
    else if (setting.unauthorizedCacheControlHeaderStrategy !== 'SUCCEED_WITHOUT_RESPONSE_HEADER') headers.push(IGNORED_CACHE_CONTROL_WARNING)
    refresh = false
  }
  const found = refused !== undefined || refresh ? undefined : deps.cache.get(cluster, key)
  // Abandoned when a later check refuses the request: its failure is then nobody's to report. When
  // settled, `await found` below still throws it.
  found?.catch(() => {})
  return {
    async settle() {
      if (refused !== undefined) throw refused
      const hit = await found
      if (hit !== undefined) deps.metrics.hit(served.restApiId, served.stageName)
      else deps.metrics.miss(served.restApiId, served.stageName)
      return {
        hit,
        headers,
        async store(response) {
          if (response.statusCode < 200 || response.statusCode > 299 || response.errorMessage !== undefined) return
          await deps.cache.put(cluster, key, response, setting.cacheTtlInSeconds, served.settings.cacheCluster.bytes)
        },
      }
    },
  }
}

/** `Cache-Control: max-age=0` among the request's directives. */
function wantsRefresh(cacheControl: string | undefined): boolean {
  return cacheControl !== undefined && cacheControl.split(',').some((directive) => directive.trim().toLowerCase() === 'max-age=0')
}

function methodArn(request: MethodRequest, aws: AwsEnvironment): string {
  return executeApiArn({
    region: aws.region,
    accountId: aws.accountId,
    restApiId: request.served.restApiId,
    stage: request.served.stageName,
    httpMethod: request.http.method,
    path: request.path,
  })
}

/** Only a SigV4-verified IAM caller (AWS_IAM methods) can show the permission; everyone else is unauthorized. */
function mayInvalidate(request: MethodRequest, deps: ResponseCacheDeps): boolean {
  const caller = request.caller
  if (caller === undefined) return false
  const principal = { arn: caller.arn, accountId: caller.accountId }
  return evaluatePolicies(caller.policies, {
    action: INVALIDATE_CACHE,
    resource: methodArn(request, deps.aws),
    principal,
    conditionKeys: conditionKeys({
      sourceIp: request.http.sourceIp,
      userAgent: headerValue(request.http.rawHeaders, 'user-agent'),
      secureTransport: request.http.secure === true,
      now: deps.clock.now(),
      principal,
    }),
  }) === 'Allow'
}

/** FAIL_WITH_403: ACCESS_DENIED with IAM's wording, as the resource-policy refusals use. */
function invalidateDenied(request: MethodRequest, deps: ResponseCacheDeps): GatewayError {
  const message = `User: ${request.caller?.arn ?? 'anonymous'} is not authorized to perform: ${INVALIDATE_CACHE} on resource: ${methodArn(request, deps.aws)}`
  return new GatewayError('ACCESS_DENIED', message, { defaultBody: JSON.stringify({ Message: message }) })
}
