import { GATEWAY_ERROR_TYPE_HEADER, GATEWAY_RESPONSE_DEFAULTS, GatewayError, type GatewayResponseType } from '../../core/gateway-error.ts'
import { headerValue, type HttpResponse } from '../../core/http.ts'
import type { CompiledDeployment } from '../../deploy/compiled-deployment.ts'
import { selectResponseTemplate } from '../../mapping/select-template.ts'
import type { ParameterSources } from '../../mapping/parameter-source.ts'
import { methodParameterSources } from '../parameter-sources.ts'
import type { MethodRequest } from '../records.ts'

/**
 * Failures AWS answers with its fixed "execution failed" body, which — unlike the default gateway
 * response template — has a space after the colon: `{"message": "Internal server error"}`
 * (Content-Length 36, FACTS §3.2), `{"message": "Endpoint request timed out"}`.
 */
const EXECUTION_FAILURES: ReadonlySet<GatewayResponseType> = new Set([
  'DEFAULT_5XX', 'API_CONFIGURATION_ERROR', 'INTEGRATION_FAILURE', 'INTEGRATION_TIMEOUT',
  // Request validation (issue 4 item 6): `{"message": "Invalid request body"}` and
  // `{"message": "Missing required request parameters: [key]"}` carry the space too (FACTS §3.2;
  // raw curl output against execute-api and aws/copilot-cli's e2e expectations show it).
  'BAD_REQUEST_BODY', 'BAD_REQUEST_PARAMETERS',
])

export interface GatewayResponseScope {
  /** The deployment being served, when the request got that far (its customised responses apply). */
  readonly deployment?: CompiledDeployment
  /** The method request, when the request got that far (templates may read it). */
  readonly request?: MethodRequest
  readonly rawHeaders: readonly string[]
}

/**
 * The only place a GatewayError becomes a response (DESIGN §5): the API's gateway response for the
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
    const context = { ...request?.requestContext, error: errorVariables(error) }
    const stageVariables = request?.served.stageVariables ?? {}
    const chosen = selectResponseTemplate(compiled.templates, headerValue(scope.rawHeaders, 'accept'))
    body = chosen === undefined ? '' : chosen.template.render({ context, stageVariables })
    if (chosen !== undefined) contentType = chosen.contentType
    const sources: ParameterSources = request === undefined
      ? { stageVariables, context }
      : { ...methodParameterSources(request), context }
    for (const [name, read] of compiled.responseParameters) {
      const value = read(sources)
      if (value !== undefined) headers.push([name, value])
    }
  } else {
    const message = JSON.stringify(error.errorMessage)
    body = error.options.defaultBody ?? (EXECUTION_FAILURES.has(error.type) ? `{"message": ${message}}` : `{"message":${message}}`)
  }
  headers.push(['Content-Type', contentType])
  if (errorType !== undefined) headers.push(['x-amzn-ErrorType', errorType])
  return { statusCode, headers, body: Buffer.from(body, 'utf8') }
}

/** `$context.error.*` (FACTS §3.2). */
function errorVariables(error: GatewayError): Record<string, unknown> {
  return {
    message: error.errorMessage,
    messageString: JSON.stringify(error.errorMessage),
    responseType: error.type,
    validationErrorString: error.options.validationError ?? '',
  }
}
