import { GatewayError } from '../../../core/gateway-error.ts'
import type { HttpRequest, HttpResponse } from '../../../core/http.ts'
import { newExtendedRequestId, newTraceId } from '../../../core/ids.ts'
import type { IntegrationContext } from '../../../integrations/integration.ts'
import type { GatewayEngines } from '../../api-kind.ts'
import type { RequestTarget } from '../../request-target.ts'
import type { OidcIssuerKeys } from '../../../policies/authorizer/oidc-issuer-keys.ts'
import { takeEach } from '../../../state/throttle-counters.ts'
import type { CompiledHttpDeployment } from '../deploy/compile-http-deployment.ts'
import type { HttpStages, ServedHttpApi } from '../http-stages.ts'
import { authorizeRoute } from './authorize-route.ts'
import { routeBuckets } from './route-throttle.ts'
import type { HttpApiCall } from './http-api-call.ts'
import { httpApiError, HttpApiFailure, type HttpApiErrorName } from './http-api-errors.ts'
import { selectStage, type SelectedStage } from './select-stage.ts'

export interface HttpApiPipelineDeps {
  readonly stages: HttpStages
  readonly engines: GatewayEngines
  readonly integrations: IntegrationContext
  /** JWT authorizers' issuer keys, read once per issuer. */
  readonly issuerKeys: OidcIssuerKeys
}

/**
 * One request to an HTTP API: the stage, the route, the integration (developer guide, "Working with
 * routes for HTTP APIs"). Undefined when the API addressed is no HTTP API, so the next kind is asked.
 * Every answer carries `apigw-requestid` (developer guide, "Troubleshooting issues with HTTP API JWT
 * authorizers", where the header shows), not REST's `x-amzn-RequestId`.
 */
export async function invokeHttpApi(http: HttpRequest, target: RequestTarget, localPort: string, deps: HttpApiPipelineDeps): Promise<HttpResponse | undefined> {
  const served = await deps.stages.find(target.restApiId)
  if (served === undefined) return undefined
  const requestId = newExtendedRequestId()
  const answer = await answerRequest(http, target, localPort, deps, served, requestId)
  return { ...answer, headers: [...answer.headers, ['apigw-requestid', requestId]] }
}

async function answerRequest(
  http: HttpRequest, target: RequestTarget, localPort: string, deps: HttpApiPipelineDeps,
  served: ServedHttpApi, requestId: string,
): Promise<HttpResponse> {
  const selected = selectStage(served, target)
  const deployment = selected?.stage.deployment
  if (selected === undefined || deployment === undefined) return httpApiError('notFound')
  const cors = deployment.cors
  const answer = await answerRoute(http, target, localPort, deps, served, requestId, selected, deployment)
  // The gateway's own preflight answer already carries its CORS headers.
  if (cors === undefined || (answer.statusCode === 204 && cors.isPreflight(http.method, http.rawHeaders))) return answer
  // The backend's own CORS headers give way to the API's (developer guide, "Configuring CORS for an HTTP API").
  const headers = answer.headers.filter(([name]) => !name.toLowerCase().startsWith('access-control-'))
  return { ...answer, headers: [...headers, ...cors.actual(http.rawHeaders)] }
}

async function answerRoute(
  http: HttpRequest, target: RequestTarget, localPort: string, deps: HttpApiPipelineDeps, served: ServedHttpApi, requestId: string,
  selected: SelectedStage, deployment: CompiledHttpDeployment,
): Promise<HttpResponse> {
  const match = deployment.routes.match(http.method, selected.routePath)
  // A preflight is the gateway's to answer when the API has CORS, unless it reaches a `$default`
  // route with an authorizer, which runs first (developer guide, "Configuring CORS for an HTTP API").
  const preflight = deployment.cors?.isPreflight(http.method, http.rawHeaders) === true
  if (preflight && (match === undefined || match.routeKey !== '$default' || match.value.authorization.type === 'NONE')) {
    return { statusCode: 204, headers: deployment.cors!.preflight(http.rawHeaders), body: Buffer.alloc(0) }
  }
  // No route, or a route with no integration: Not Found (the last as no recording shows otherwise).
  if (match === undefined || (match.value.integration === undefined && !preflight)) return httpApiError('notFound')
  const now = deps.engines.clock.now()
  const call: HttpApiCall = {
    method: http.method,
    rawPath: selected.rawPath,
    rawQuery: target.rawQuery,
    rawHeaders: http.rawHeaders,
    body: http.body,
    sourceIp: http.sourceIp,
    protocol: http.protocol,
    secure: http.secure === true,
    port: localPort,
    routeKey: match.routeKey,
    pathParameters: match.pathParameters,
    stageVariables: selected.stage.stageVariables,
    stage: selected.stage.stageName,
    apiId: served.api.apiId,
    accountId: deps.engines.aws.accountId,
    domainName: target.domainName,
    requestId,
    timeEpoch: now,
    traceId: newTraceId(now),
    routePath: selected.routePath,
    appendsPath: match.routeKey === '$default' || match.routeKey.endsWith('+}'),
  }
  try {
    const authorized = await authorizeRoute(match.value.authorization, call, http, deps.engines, deps.issuerKeys)
    if ('refused' in authorized) return authorized.refused
    if (preflight) return { statusCode: 204, headers: deployment.cors!.preflight(http.rawHeaders), body: Buffer.alloc(0) }
    const buckets = routeBuckets(served.api.apiId, selected.stage, match.routeKey, await deps.engines.account.get())
    if (!(await takeEach(deps.engines.state.throttle, buckets))) return httpApiError('tooManyRequests')
    const integration = match.value.integration!
    return await integration(authorized.authorizer === undefined ? call : { ...call, authorizer: authorized.authorizer }, deps.integrations)
  } catch (error) {
    return httpApiError(failureAnswer(error, deps, served.api.apiId, match.routeKey))
  }
}

/**
 * An integration timeout is 503 Service Unavailable on HTTP APIs, not REST's 504 (users' transcripts:
 * cortexlabs/cortex#1225, serverless/serverless#11222); a throttled function 429; anything else 500.
 */
function failureAnswer(error: unknown, deps: HttpApiPipelineDeps, apiId: string, routeKey: string): HttpApiErrorName {
  if (error instanceof HttpApiFailure) {
    deps.engines.logger.warn({ apiId, routeKey, reason: error.message }, 'HTTP API integration failed')
    return error.answer
  }
  if (error instanceof GatewayError) {
    if (error.type === 'INTEGRATION_TIMEOUT') return 'serviceUnavailable'
    if (error.type === 'THROTTLED') return 'tooManyRequests'
    return 'internalServerError'
  }
  deps.engines.logger.error({ err: error, apiId, routeKey }, 'HTTP API request failed: a bug')
  return 'internalServerError'
}
