import { GATEWAY_MESSAGES, GatewayError } from '../../../../core/gateway-error.ts'
import { headerValue, mediaType } from '../../../../core/http.ts'
import { matchesBinaryMediaType } from '../../../../integrations/binary-media-types.ts'
import type { IntegrationRequest } from '../../../../integrations/integration.ts'
import { convertRequestPayload } from '../../../../mapping/content-handling.ts'
import type { MappedParameters } from '../../../../mapping/parameter-mapping.ts'
import { methodParameterSources } from '../parameter-sources.ts'
import type { MethodRequest } from '../records.ts'
import { inputFor } from '../template-input.ts'

/**
 * Integration Request: `requestParameters` are mapped for every integration (AWS_PROXY ignores them,
 * but a refused header still fails it; recorded: test_apigateway_integrations > test_apigateway_header_remapping_aws). Proxy integrations then get the body as sent.
 * Non-proxy ones get the request template chosen by Content-Type (`application/json` when none)
 * rendered — its `$context.requestOverride.*` win over the mapped parameters — or, when no template
 * matches, the body passed through as `passthroughBehavior` allows: WHEN_NO_MATCH always,
 * WHEN_NO_TEMPLATES only without any template, NEVER not at all (415). A binary payload (one of the
 * API's binaryMediaTypes) passes through as bytes unless `contentHandling` converts it to text;
 * text is read as UTF-8 (mapping/content-handling.ts).
 */
export function integrationRequest(request: MethodRequest): IntegrationRequest {
  const { requestParameters } = request.method
  // Nothing mapped: no sources to gather for it.
  const parameters = requestParameters.none ? { path: {}, querystring: {}, header: {} } : requestParameters.apply(methodParameterSources(request))
  const mapping = request.method.mapping
  let body = request.http.body
  if (mapping === undefined) return { methodRequest: request, body, parameters }

  const contentType = mediaType(headerValue(request.headers, 'content-type')) ?? 'application/json'
  const binary = matchesBinaryMediaType(request.served.deployment.binaryMediaTypes, contentType)
  // Decoded bytes cannot go through a template: one that matches is AWS's 500
  // (recorded: test_apigateway_s3 > test_apigw_s3_binary_support_request_convert_to_binary_with_request_template).
  if (!binary && mapping.contentHandling === 'CONVERT_TO_BINARY' && mapping.requestTemplates.get(contentType) !== undefined) {
    throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
  }
  const converted = convertRequestPayload(body, binary, mapping.contentHandling)
  if (converted.binary) return { methodRequest: request, body: converted.body, parameters }
  body = converted.body

  if (!mapping.requestTemplates.has(contentType)) {
    const refuse = mapping.passthroughBehavior === 'NEVER' ||
      (mapping.passthroughBehavior === 'WHEN_NO_TEMPLATES' && mapping.requestTemplates.size > 0)
    if (refuse) throw new GatewayError('UNSUPPORTED_MEDIA_TYPE', GATEWAY_MESSAGES.unsupportedMediaType)
    return { methodRequest: request, body, parameters }
  }
  const template = mapping.requestTemplates.get(contentType)
  if (template === undefined) return { methodRequest: request, body, parameters }
  const output = template.render(inputFor(template, request, body))
  const overridden: MappedParameters = {
    path: { ...parameters.path, ...output.requestOverride.path },
    querystring: { ...parameters.querystring, ...output.requestOverride.querystring },
    header: { ...parameters.header, ...output.requestOverride.header },
  }
  return {
    methodRequest: request,
    body: output.bodyBytes ?? Buffer.from(output.body, 'utf8'),
    parameters: overridden,
    // The rendered template itself: its contextOverrides are copied only if a response template reads them.
    overrides: output,
  }
}

/** Kept for callers that import it from here. */
export { decodeBase64 } from '../../../../mapping/content-handling.ts'
