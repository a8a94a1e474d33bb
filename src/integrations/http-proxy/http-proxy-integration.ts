import type { EndpointResponse } from '../endpoint-response.ts'
import type { Integration as IntegrationConfig } from '../../model/integration.ts'
import { sendHttpRequest } from '../http/send-http-request.ts'
import { compileEndpointUri } from './endpoint-uri.ts'
import { remapProxyResponseHeaders } from '../proxy-response-headers.ts'
import type { Integration, IntegrationContext, IntegrationRequest } from '../integration.ts'

/** Headers a proxy must not forward (RFC 9110 §7.6.1), plus those the HTTP client sets itself. */
const NOT_FORWARDED = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'trailer', 'proxy-authorization', 'proxy-authenticate'])

/**
 * HTTP_PROXY (recorded: test_apigateway_http > test_http_integration_with_lambda, test_http_integration_method,
 * test_http_proxy_integration_request_data_mappings): the client's method (or the integration's, unless ANY), headers, query and
 * body go to the URI with path variables and stage variables substituted, plus what
 * `requestParameters` map; the backend's status, headers and body come back as they are, but for
 * the remapped headers (`proxy-response-headers.ts`).
 */
export function createHttpProxyIntegration(config: IntegrationConfig): Integration {
  const uri = compileEndpointUri(config.uri ?? '')
  const integrationMethod = config.httpMethod ?? 'ANY'
  return {
    type: 'HTTP_PROXY',
    proxy: true,
    async invoke(request: IntegrationRequest, context: IntegrationContext): Promise<EndpointResponse> {
      const { methodRequest, parameters } = request
      const target = uri.target({
        path: { ...methodRequest.pathParameters, ...parameters.path },
        stageVariables: methodRequest.served.stageVariables,
      }, context.logger)
      // The client's query string goes first, then whatever the URI itself carries, then the mapped parameters.
      if (methodRequest.rawQuery !== '') target.search = target.search === '' ? `?${methodRequest.rawQuery}` : `?${methodRequest.rawQuery}&${target.search.slice(1)}`
      for (const [name, value] of Object.entries(parameters.querystring)) target.searchParams.set(name, value)

      const headers: string[] = []
      const overridden = new Set(Object.keys(parameters.header).map((name) => name.toLowerCase()))
      for (let i = 0; i < methodRequest.headers.length; i += 2) {
        const lower = methodRequest.headers[i].toLowerCase()
        if (NOT_FORWARDED.has(lower) || overridden.has(lower)) continue
        // The caller's SigV4 signature was for API Gateway, not the backend: AWS does not pass it on.
        if (lower === 'authorization' && methodRequest.headers[i + 1].startsWith('AWS4-HMAC-SHA256 ')) continue
        headers.push(methodRequest.headers[i], methodRequest.headers[i + 1])
      }
      for (const [name, value] of Object.entries(parameters.header)) headers.push(name, value)
      headers.push('x-amzn-apigateway-api-id', methodRequest.served.restApiId)

      const response = await sendHttpRequest(context, {
        url: target,
        method: integrationMethod === 'ANY' ? methodRequest.http.method : integrationMethod,
        headers,
        body: request.body,
        timeoutMs: config.timeoutInMillis,
      })
      return { ...response, headers: remapProxyResponseHeaders(response.headers) }
    },
  }
}
