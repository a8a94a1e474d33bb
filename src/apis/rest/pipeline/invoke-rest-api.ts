import type { PrincipalDirectory } from '../../../auth/iam-principal.ts'
import type { AwsEnvironment } from '../../../core/aws-environment.ts'
import type { Clock } from '../../../core/clock.ts'
import { GATEWAY_MESSAGES, GatewayError } from '../../../core/gateway-error.ts'
import { headerValue, type HttpRequest, type HttpResponse } from '../../../core/http.ts'
import { newExtendedRequestId, newRequestId } from '../../../core/ids.ts'
import { honourTraceId } from '../../../core/trace-id.ts'
import type { Logger } from '../../../core/logger.ts'
import type { IntegrationContext } from '../../../integrations/integration.ts'
import type { ApiKeyIndex } from '../../../policies/api-key/api-key-index.ts'
import type { AuthorizerDeps } from '../../../policies/authorizer/authorizer-deps.ts'
import type { UsagePlanState } from '../../../policies/usage-plan/usage-plan-limits.ts'
import { gatewayResponse, type GatewayResponseScope } from './phases/gateway-response.ts'
import { integrationRequest } from './phases/integration-request.ts'
import { integrationResponse } from './phases/integration-response.ts'
import { methodRequest } from './phases/method-request.ts'
import { route } from './phases/route.ts'
import { authenticateIamCaller } from './phases/iam-authentication.ts'
import { checkResourcePolicy } from './phases/resource-policy.ts'
import type { StageThrottleState } from './phases/stage-throttle.ts'
import type { ResponseCacheDeps } from './phases/response-cache.ts'
import type { MethodRequest, RequestIds, RoutedRequest } from './records.ts'
import type { RequestTarget } from '../../request-target.ts'
import { STAGE_LOADING, type ServedStage, type StageRegistry } from '../stage-registry.ts'
import { observeCanary } from './canary-observation.ts'
import type { CanaryMetrics } from '../../../observability/canary-metrics.ts'

export interface RestPipelineDeps {
  readonly stages: StageRegistry
  readonly clock: Clock
  readonly logger: Logger
  readonly aws: AwsEnvironment
  readonly integrations: IntegrationContext
  /** The principals AWS_IAM methods accept (gatehouse.yaml `principals`). */
  readonly principals: PrincipalDirectory
  /** Lambda and Cognito authorizers: the functions host, the result cache, the user pools. */
  readonly authorizers: AuthorizerDeps
  /** API keys and usage plans, indexed in memory (invalidated by the control plane on every write). */
  readonly apiKeys: ApiKeyIndex
  /** Usage plans' token buckets and quota counters; without them plans only gate keys, they do not meter. */
  readonly usageLimits?: UsagePlanState
  /** The stages' and the account's token buckets; without them only usage plans throttle. */
  readonly stageThrottle?: StageThrottleState
  /** The stages' response caches; without them nothing is cached. */
  readonly responseCache?: ResponseCacheDeps
  /** Answers of stages with a canary, for `gatehouse canary` (not recorded when absent). */
  readonly canaryMetrics?: CanaryMetrics
}

/**
 * THE REST pipeline, in AWS's fixed order (docs/architecture.md, "REST request pipeline"):
 * route → method request → integration request → integration → integration response → method response;
 * a GatewayError anywhere becomes the gateway response for its type. Proxy integrations skip the two
 * mapping phases. Anything else thrown is a bug: logged with its stack and answered as DEFAULT_5XX.
 */
export async function invokeRestApi(
  http: HttpRequest,
  target: RequestTarget,
  localPort: string,
  deps: RestPipelineDeps,
): Promise<HttpResponse> {
  const now = deps.clock.now()
  const ids: RequestIds = {
    requestId: newRequestId(),
    extendedRequestId: newExtendedRequestId(),
    traceId: honourTraceId(headerValue(http.rawHeaders, 'x-amzn-trace-id'), now),
    requestTimeEpoch: now,
  }
  // Hoisted: how far the request got says which gateway response answers a failure (a stage's
  // customised ones apply once it is found), and every answer, an error too, is recorded against
  // the stage (or canary) that served it.
  let served: ServedStage | undefined
  let routed: RoutedRequest | undefined
  let request: MethodRequest | undefined
  try {
    const loaded = deps.stages.findLoaded(target.restApiId, target.stageName)
    served = loaded !== STAGE_LOADING ? loaded : await deps.stages.find(target.restApiId, target.stageName)
    // AWS_IAM signature, then the resource policy (and identity policies), before any authorizer runs.
    routed = authenticateIamCaller(route(http, ids, target, served), deps)
    checkResourcePolicy(routed, deps)
    const methodRequested = await methodRequest(routed, deps.aws, localPort, deps.authorizers, {
      index: deps.apiKeys, logger: deps.logger, limits: deps.usageLimits, stageThrottle: deps.stageThrottle, responseCache: deps.responseCache,
    })
    request = methodRequested.request
    const lookup = methodRequested.cache
    const { integration, mapping } = request.method
    // The stage's cache keeps endpoint answers: a hit skips the integration, not the response mapping.
    const cache = lookup === undefined ? undefined : await lookup.settle()
    const mapped = integrationRequest(request)
    let endpoint = cache?.hit
    if (endpoint === undefined) {
      endpoint = await integration.invoke(mapped, deps.integrations)
      // Kept in the background: the answer does not wait for the cache, and a failed store is logged, not answered.
      cache?.store(endpoint).catch((err: unknown) => deps.logger.warn({ err, requestId: ids.requestId }, 'could not keep the answer in the stage cache'))
    }
    let response = mapping === undefined ? endpoint : integrationResponse(request, endpoint, mapped.overrides)
    if (cache !== undefined && cache.headers.length > 0) response = { ...response, headers: [...response.headers, ...cache.headers] }
    // MOCK answers carry no X-Amzn-Trace-Id; AWS_PROXY ones do (recorded: test_apigateway_common > test_invocation_trace_id).
    observeCanary(deps.canaryMetrics, served, response.statusCode, now, deps.clock)
    return withRequestHeaders(response, ids, integration.type !== 'MOCK')
  } catch (caught) {
    let error = caught
    if (!(error instanceof GatewayError)) {
      deps.logger.error({ err: error, requestId: ids.requestId }, 'unexpected error in the REST pipeline')
      error = new GatewayError('DEFAULT_5XX', GATEWAY_MESSAGES.internalServerError, { statusCode: 500, cause: caught })
    }
    // A stage's customised gateway responses apply once it is found, a custom MISSING_AUTHENTICATION_TOKEN included.
    const scope: GatewayResponseScope = {
      rawHeaders: http.rawHeaders,
      received: { http, target, ids, served, routed },
      ...(served === undefined ? {} : { deployment: served.deployment }),
      ...(request === undefined ? {} : { request }),
    }
    const answer = gatewayResponse(error as GatewayError, scope)
    observeCanary(deps.canaryMetrics, served, answer.statusCode, now, deps.clock)
    return withRequestHeaders(answer, ids, false)
  }
}

/**
 * `x-amzn-RequestId` and `x-amz-apigw-id` on every answer
 * (recorded: test_apigateway_lambda > test_aws_proxy_response_payload_format_validation > invoke-api-with-headers).
 */
function withRequestHeaders(response: HttpResponse, ids: RequestIds, trace: boolean): HttpResponse {
  const headers = [...response.headers, ['x-amzn-RequestId', ids.requestId], ['x-amz-apigw-id', ids.extendedRequestId]] as [string, string][]
  if (trace) headers.push(['X-Amzn-Trace-Id', ids.traceId])
  return { statusCode: response.statusCode, headers, body: response.body }
}
