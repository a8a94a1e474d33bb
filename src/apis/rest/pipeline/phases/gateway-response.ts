import { GATEWAY_ERROR_TYPE_HEADER, GATEWAY_RESPONSE_DEFAULTS, GatewayError, type GatewayResponseType } from '../../../../core/gateway-error.ts'
import { headerValue, type HttpRequest, type HttpResponse } from '../../../../core/http.ts'
import type { CompiledDeployment } from '../../deploy/compiled-deployment.ts'
import { selectResponseTemplate } from '../../../../mapping/select-template.ts'
import type { ParameterSources } from '../../../../mapping/parameter-source.ts'
import { methodParameterSources } from '../parameter-sources.ts'
import { formatRequestTime } from '../context-variables.ts'
import { contextDomainName } from '../domain-name.ts'
import { parseQueryString } from '../../../../core/query-string.ts'
import type { MethodRequest, RequestIds, RoutedRequest } from '../records.ts'
import type { RequestTarget } from '../../../request-target.ts'
import type { ServedStage } from '../../stage-registry.ts'

/**
 * Failures AWS answers with its fixed "execution failed" body, which — unlike the default gateway
 * response template — has a space after the colon: `{"message": "Internal server error"}`
 * (Content-Length 36; recorded: test_apigateway_integrations > test_apigateway_header_remapping_http > content-length),
 * `{"message": "Endpoint request timed out"}`.
 */
const EXECUTION_FAILURES: ReadonlySet<GatewayResponseType> = new Set([
  'DEFAULT_5XX', 'API_CONFIGURATION_ERROR', 'INTEGRATION_FAILURE', 'INTEGRATION_TIMEOUT',
  // Request validation: `{"message": "Invalid request body"}` and
  // `{"message": "Missing required request parameters: [key]"}` carry the space too (the messages are
  // recorded in test_apigateway_common > test_api_gateway_request_validator; raw curl output against execute-api and aws/copilot-cli's e2e expectations show it).
  'BAD_REQUEST_BODY', 'BAD_REQUEST_PARAMETERS',
])

export interface GatewayResponseScope {
  /** The deployment being served, when the request got that far (its customised responses apply). */
  readonly deployment?: CompiledDeployment
  /** The method request, when the request got that far (templates may read it). */
  readonly request?: MethodRequest
  readonly rawHeaders: readonly string[]
  /**
   * The request as received, for failures before Method Request (no route, IAM, resource policy):
   * a customised response still maps `method.request.header.*`/`querystring.*`, `stageVariables.*`
   * and the `$context` known by then — the usual CORS setup maps `Origin` into DEFAULT_4XX.
   */
  readonly received?: ReceivedRequest
}

export interface ReceivedRequest {
  readonly http: HttpRequest
  readonly target: RequestTarget
  readonly ids: RequestIds
  /** The stage, once found. */
  readonly served?: ServedStage
  /** The resource and method, once routed (a validator or authorizer failure happens after that). */
  readonly routed?: RoutedRequest
}

/**
 * The only place a GatewayError becomes a response (docs/architecture.md, "Errors"): the API's gateway response for the
 * type (or its family) when customised, else AWS's default — status, `x-amzn-ErrorType` and body.
 */
export function gatewayResponse(error: GatewayError, scope: GatewayResponseScope): HttpResponse {
  const compiled = scope.deployment?.gatewayResponses.get(error.type)
  const statusCode = compiled?.customised === true && compiled.statusCode !== undefined
    ? compiled.statusCode
    : error.options.statusCode ?? GATEWAY_RESPONSE_DEFAULTS[error.type].statusCode ?? (GATEWAY_RESPONSE_DEFAULTS[error.type].family === 'DEFAULT_4XX' ? 400 : 500)
  const headers: [string, string][] = []
  const errorType = error.options.errorType ?? GATEWAY_ERROR_TYPE_HEADER[error.type]
  let body: string
  let contentType = 'application/json'
  if (compiled?.customised === true) {
    const request = scope.request
    const sources = request === undefined ? receivedSources(scope.received) : methodParameterSources(request)
    const context = { ...sources.context, error: errorVariables(error) }
    const stageVariables = sources.stageVariables
    const chosen = selectResponseTemplate(compiled.templates, headerValue(scope.rawHeaders, 'accept'))
    body = chosen === undefined ? '' : chosen.template.render({ context, stageVariables })
    if (chosen !== undefined) contentType = chosen.contentType
    for (const [name, read] of compiled.responseParameters) {
      const value = read({ ...sources, context })
      if (value !== undefined) setHeader(headers, name, value)
    }
  } else {
    const message = JSON.stringify(error.errorMessage)
    body = error.options.defaultBody ?? (EXECUTION_FAILURES.has(error.type) ? `{"message": ${message}}` : `{"message":${message}}`)
  }
  // A mapped `gatewayresponse.header.Content-Type` wins over the template's content type.
  if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push(['Content-Type', contentType])
  if (errorType !== undefined) headers.push(['x-amzn-ErrorType', errorType])
  return { statusCode, headers, body: Buffer.from(body, 'utf8') }
}

/** One value per header name, the last mapping of a name (in any casing) winning. */
function setHeader(headers: [string, string][], name: string, value: string): void {
  const at = headers.findIndex(([existing]) => existing.toLowerCase() === name.toLowerCase())
  if (at === -1) headers.push([name, value])
  else headers[at] = [name, value]
}

/**
 * What a gateway response raised before Method Request completes can map: the client's headers and
 * query string, the path parameters and resource once routed, the stage's variables, and the
 * `$context` members known by then.
 */
function receivedSources(received: ReceivedRequest | undefined): ParameterSources {
  if (received === undefined) return { stageVariables: {}, context: {} }
  const { http, target, ids, served, routed } = received
  const routedContext = routed === undefined ? {} : { resourceId: routed.method.resourceId, resourcePath: routed.method.resourcePath }
  return {
    method: { headers: http.rawHeaders, query: parseQueryString(target.rawQuery), pathParameters: routed?.pathParameters ?? {}, body: http.body },
    stageVariables: served?.stageVariables ?? {},
    context: {
      apiId: target.restApiId,
      ...contextDomainName(target.domainName),
      extendedRequestId: ids.extendedRequestId,
      httpMethod: http.method,
      identity: { sourceIp: http.sourceIp, userAgent: headerValue(http.rawHeaders, 'user-agent') ?? null },
      path: target.stagePath,
      protocol: http.protocol,
      requestId: ids.requestId,
      requestTime: formatRequestTime(ids.requestTimeEpoch),
      requestTimeEpoch: ids.requestTimeEpoch,
      ...routedContext,
      stage: target.stageName,
    },
  }
}

/** `$context.error.*` (developer guide, "Variables for data transformations for API Gateway"). */
function errorVariables(error: GatewayError): Record<string, unknown> {
  return {
    message: error.errorMessage,
    messageString: JSON.stringify(error.errorMessage),
    responseType: error.type,
    validationErrorString: error.options.validationError ?? '',
  }
}
