import { GatewayError } from '../../../core/gateway-error.ts'
import type { HttpRequest, HttpResponse } from '../../../core/http.ts'
import { newExtendedRequestId, newTraceId } from '../../../core/ids.ts'
import { clfTime, writeAccessLog } from '../../../observability/access-log.ts'
import type { IntegrationContext } from '../../../integrations/integration.ts'
import type { GatewayEngines } from '../../api-kind.ts'
import type { RequestTarget } from '../../request-target.ts'
import type { OidcIssuerKeys } from '../../../policies/authorizer/oidc-issuer-keys.ts'
import { routeBuckets } from '../../../policies/throttle/route-throttle.ts'
import { takeEach } from '../../../state/throttle-counters.ts'
import type { CompiledHttpDeployment } from '../deploy/compile-http-deployment.ts'
import type { HttpStages, ServedHttpApi, ServedHttpStage } from '../http-stages.ts'
import { authorizeRoute } from './authorize-route.ts'
import type { HttpApiCall } from './http-api-call.ts'
import { HTTP_API_ERRORS, httpApiError, HttpApiFailure, type HttpApiErrorName } from './http-api-errors.ts'
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
  const started = performance.now()
  const record: RequestRecord = { timeEpoch: deps.engines.clock.now() }
  const answer = await answerRequest(http, target, localPort, deps, served, requestId, record)
  const response: HttpResponse = { ...answer, headers: [...answer.headers, ['apigw-requestid', requestId]] }
  const accessLog = record.stage?.accessLog
  if (accessLog !== undefined) {
    const responseLatency = Math.round(performance.now() - started)
    writeAccessLog(deps.engines.logger, accessLog, { apiId: served.api.apiId, stage: record.stage!.stageName },
      () => accessLogContext(http, target, served, requestId, record, response, responseLatency, deps))
  }
  return response
}

/** What one request's access-log line reports, gathered on its way through the pipeline. */
interface RequestRecord {
  readonly timeEpoch: number
  stage?: ServedHttpStage
  rawPath?: string
  routeKey?: string
  authorizer?: HttpApiCall['authorizer']
  error?: HttpApiErrorName
  integrationStatus?: number
  integrationLatency?: number
  integrationErrorMessage?: string
}

/**
 * The `$context` variables of an access-log line (developer guide, "Customizing HTTP API access
 * logs"): a variable the request never reached (no route, no integration call) is left out and is
 * written `-`.
 */
function accessLogContext(
  http: HttpRequest, target: RequestTarget, served: ServedHttpApi, requestId: string, record: RequestRecord,
  response: HttpResponse, responseLatency: number, deps: HttpApiPipelineDeps,
): Record<string, unknown> {
  const userAgent = headerOf(http.rawHeaders, 'user-agent')
  const error = record.error === undefined ? undefined : HTTP_API_ERRORS[record.error]
  return {
    accountId: deps.engines.aws.accountId,
    apiId: served.api.apiId,
    authorizer: accessLogAuthorizer(record.authorizer),
    domainName: target.domainName,
    domainPrefix: target.domainName.split('.')[0],
    error: error === undefined ? undefined : { message: error.message, messageString: JSON.stringify(error.message) },
    extendedRequestId: requestId,
    httpMethod: http.method,
    identity: { sourceIp: http.sourceIp, userAgent },
    integrationErrorMessage: record.integrationErrorMessage,
    integrationLatency: record.integrationLatency,
    integrationStatus: record.integrationStatus,
    integration: { error: record.integrationErrorMessage, latency: record.integrationLatency, status: record.integrationStatus },
    ip: http.sourceIp,
    path: record.rawPath ?? (http.url ?? '/').split('?')[0],
    protocol: http.protocol,
    requestId,
    requestTime: clfTime(record.timeEpoch),
    requestTimeEpoch: Math.floor(record.timeEpoch / 1000),
    responseLatency,
    responseLength: response.body.length,
    routeKey: record.routeKey,
    stage: record.stage?.stageName,
    status: response.statusCode,
  }
}

function accessLogAuthorizer(authorizer: HttpApiCall['authorizer']): Record<string, unknown> | undefined {
  if (authorizer === undefined) return undefined
  const jwt = authorizer.jwt as { claims?: unknown } | undefined
  if (jwt !== undefined) return { claims: jwt.claims }
  const lambda = authorizer.lambda as Record<string, unknown> | null | undefined
  return lambda ?? undefined
}

function headerOf(rawHeaders: readonly string[], name: string): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i].toLowerCase() === name) return rawHeaders[i + 1]
  return undefined
}

/** One of the API's own errors, noted for the access log (`$context.error.message`). */
function refuse(record: RequestRecord, name: HttpApiErrorName): HttpResponse {
  record.error = name
  return httpApiError(name)
}

async function answerRequest(
  http: HttpRequest, target: RequestTarget, localPort: string, deps: HttpApiPipelineDeps,
  served: ServedHttpApi, requestId: string, record: RequestRecord,
): Promise<HttpResponse> {
  const selected = selectStage(served, target)
  record.stage = selected?.stage
  record.rawPath = selected?.rawPath
  const deployment = selected?.stage.deployment
  if (selected === undefined || deployment === undefined) return refuse(record, 'notFound')
  const cors = deployment.cors
  const answer = await answerRoute(http, target, localPort, deps, served, requestId, selected, deployment, record)
  // The gateway's own preflight answer already carries its CORS headers.
  if (cors === undefined || (answer.statusCode === 204 && cors.isPreflight(http.method, http.rawHeaders))) return answer
  // The backend's own CORS headers give way to the API's (developer guide, "Configuring CORS for an HTTP API").
  const headers = answer.headers.filter(([name]) => !name.toLowerCase().startsWith('access-control-'))
  return { ...answer, headers: [...headers, ...cors.actual(http.rawHeaders)] }
}

async function answerRoute(
  http: HttpRequest, target: RequestTarget, localPort: string, deps: HttpApiPipelineDeps, served: ServedHttpApi, requestId: string,
  selected: SelectedStage, deployment: CompiledHttpDeployment, record: RequestRecord,
): Promise<HttpResponse> {
  const match = deployment.routes.match(http.method, selected.routePath)
  record.routeKey = match?.routeKey
  // A preflight is the gateway's to answer when the API has CORS, unless it reaches a `$default`
  // route with an authorizer, which runs first (developer guide, "Configuring CORS for an HTTP API").
  const preflight = deployment.cors?.isPreflight(http.method, http.rawHeaders) === true
  if (preflight && (match === undefined || match.routeKey !== '$default' || match.value.authorization.type === 'NONE')) {
    return { statusCode: 204, headers: deployment.cors!.preflight(http.rawHeaders), body: Buffer.alloc(0) }
  }
  // No route, or a route with no integration: Not Found (the last as no recording shows otherwise).
  if (match === undefined || (match.value.integration === undefined && !preflight)) return refuse(record, 'notFound')
  const now = record.timeEpoch
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
    record.authorizer = authorized.authorizer
    if (preflight) return { statusCode: 204, headers: deployment.cors!.preflight(http.rawHeaders), body: Buffer.alloc(0) }
    const buckets = routeBuckets('http', served.api.apiId, selected.stage, match.routeKey, await deps.engines.account.get())
    if (!(await takeEach(deps.engines.state.throttle, buckets))) return refuse(record, 'tooManyRequests')
    const integration = match.value.integration!
    const integrationStarted = performance.now()
    try {
      const answer = await integration(authorized.authorizer === undefined ? call : { ...call, authorizer: authorized.authorizer }, deps.integrations)
      record.integrationStatus = answer.statusCode
      return answer
    } catch (error) {
      record.integrationErrorMessage = error instanceof Error ? error.message : String(error)
      throw error
    } finally {
      record.integrationLatency = Math.round(performance.now() - integrationStarted)
    }
  } catch (error) {
    return refuse(record, failureAnswer(error, deps, served.api.apiId, match.routeKey))
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
