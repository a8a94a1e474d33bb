import { isFinalStatus } from '../../../../core/final-status.ts'
import { GATEWAY_MESSAGES, GatewayError } from '../../../../core/gateway-error.ts'
import { headerValue, mediaType, pairValue, type HttpResponse } from '../../../../core/http.ts'
import { matchesBinaryMediaType } from '../../../../integrations/binary-media-types.ts'
import { convertResponsePayload } from '../../../../mapping/content-handling.ts'
import { selectResponseTemplate } from '../../../../mapping/select-template.ts'
import { selectionBudget } from '../../../../mapping/selection-pattern.ts'
import { methodParameterSources } from '../parameter-sources.ts'
import type { IntegrationRequest } from '../../../../integrations/integration.ts'
import type { EndpointResponse, MethodRequest } from '../records.ts'
import { inputFor } from '../template-input.ts'
import { methodResponseHeader } from './method-response-headers.ts'

/**
 * Integration Response, for non-proxy integrations. The response whose `selectionPattern` matches
 * is chosen — against Lambda's errorMessage for Lambda (a successful call always takes the default),
 * against the status code for HTTP and MOCK — else the default one; none at all is AWS's 500
 * ("No match for output mapping and no default output mapping configured"). Its template, chosen
 * by Accept, writes the body; without one the backend's body passes through. `responseParameters`
 * set the method response headers, and `$context.responseOverride` may change status and headers.
 * The response template sees what the request template wrote to `$context.requestOverride` and
 * `responseOverride`; without one, the request template's response override still applies
 * (recorded: test_apigateway_integrations > test_integration_mock_with_response_override_in_request_template).
 */
export function integrationResponse(request: MethodRequest, endpoint: EndpointResponse, overrides?: IntegrationRequest['overrides']): HttpResponse {
  const mapping = request.method.mapping!
  const key = endpoint.errorMessage ?? (request.method.integration.type === 'AWS' ? undefined : String(endpoint.statusCode))
  const budget = selectionBudget()
  const selected = (key === undefined ? undefined : mapping.responses.find((response) => response.pattern!.test(key, budget))) ?? mapping.defaultResponse
  if (selected === undefined) throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)

  const headers: [string, string][] = []
  if (selected.responseParameters.length > 0) {
    const sources = methodParameterSources(request, { headers: endpoint.headers, body: endpoint.body })
    for (const [name, read] of selected.responseParameters) {
      const value = read(sources)
      if (value !== undefined) methodResponseHeader(headers, name, value)
    }
  }

  let statusCode = selected.statusCode
  let responseOverride = overrides?.responseOverride
  let body = endpoint.body
  let contentType = pairValue(endpoint.headers, 'content-type') ?? 'application/json'
  const accept = headerValue(request.headers, 'accept')
  const binaryMediaTypes = request.served.deployment.binaryMediaTypes
  // An API without binary media types reads neither media type.
  const binaryTypes = binaryMediaTypes.length > 0
  const converted = convertResponsePayload(
    body,
    binaryTypes && matchesBinaryMediaType(binaryMediaTypes, mediaType(contentType)),
    // Only the first Accept type counts (developer guide, "Content type conversions in API Gateway").
    binaryTypes && matchesBinaryMediaType(binaryMediaTypes, mediaType(accept?.split(',')[0])),
    selected.contentHandling,
  )
  body = converted.body
  // Bytes do not go through a response template.
  if (!converted.binary) {
    const chosen = selectResponseTemplate(selected.templates, accept)
    if (chosen !== undefined) contentType = chosen.contentType
    if (chosen?.template !== undefined) {
      const output = chosen.template.render(inputFor(chosen.template, request, body, overrides?.contextOverrides))
      body = output.bodyBytes ?? Buffer.from(output.body, 'utf8')
      // Seeded with the request template's overrides, so this holds both templates' writes.
      responseOverride = output.responseOverride
    }
  }
  if (responseOverride !== undefined) {
    if (responseOverride.status !== undefined) statusCode = responseOverride.status
    for (const [name, value] of Object.entries(responseOverride.header)) methodResponseHeader(headers, name, value)
  }
  // An integration response may be configured as 1xx (the method response pattern is `[1-5]\d\d`) and a template
  // may override the status with any integer; what HTTP cannot carry as a final answer fails as a malformed
  // response does, with the gateway's 500.
  if (!isFinalStatus(statusCode)) throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
  if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push(['Content-Type', contentType])
  return { statusCode, headers, body }
}
