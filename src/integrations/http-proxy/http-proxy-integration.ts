import type { EndpointResponse } from '../endpoint-response.ts'
import type { Integration as IntegrationConfig } from '../../model/integration.ts'
import { sendHttpRequest } from '../http/send-http-request.ts'
import { compileEndpointUri } from './endpoint-uri.ts'
import { remappedHeaderName } from '../proxy-response-headers.ts'
import { appendMappedQuery } from './mapped-query.ts'
import { appendClientQuery, fixedAddressWithQuery } from './client-query.ts'
import { addressOf } from '../http/endpoint-address.ts'
import type { Integration, IntegrationContext, IntegrationRequest } from '../integration.ts'
import { backendTls } from '../http/backend-tls.ts'
import { backendRoute } from '../http/vpc-link-route.ts'
import { preloadBackendClient } from '../http/backend-client.ts'

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
  preloadBackendClient()
  const integrationMethod = config.httpMethod ?? 'ANY'
  // A URI without variables, on a route that is not a VPC link's, goes to the same origin and path for every request.
  const fixed = config.connectionType === 'VPC_LINK' ? undefined : uri.fixed
  return {
    type: 'HTTP_PROXY',
    proxy: true,
    async invoke(request: IntegrationRequest, context: IntegrationContext): Promise<EndpointResponse> {
      const { methodRequest, parameters } = request
      // What the URI itself carries goes first, then the client's query string, then the mapped parameters, a
      // repeated name keeping every value in that order (recorded: test_apigateway_http >
      // test_http_proxy_integration_request_data_mappings > http-proxy-invocation: `testVar` from the URI then
      // the client, `testQs` from the URI then mapped).
      let address = fixed === undefined || hasNames(parameters.querystring) ? undefined : fixedAddressWithQuery(fixed, methodRequest.rawQuery)
      let host: string | undefined
      if (address === undefined) {
        const target = uri.target({
          path: { ...methodRequest.pathParameters, ...parameters.path },
          stageVariables: methodRequest.served.stageVariables,
        }, context.logger)
        appendClientQuery(target, methodRequest.rawQuery)
        appendMappedQuery(target, parameters.querystring)
        const route = backendRoute(config, methodRequest, target, context.logger)
        address = addressOf(route.url)
        host = route.host
      }

      const headers: string[] = []
      const mapped = Object.keys(parameters.header)
      const overridden = mapped.length === 0 ? undefined : new Set(mapped.map((name) => name.toLowerCase()))
      const received = methodRequest.headers
      for (let i = 0; i < received.length; i += 2) {
        const lower = received[i].toLowerCase()
        if (NOT_FORWARDED.has(lower) || overridden?.has(lower) === true) continue
        // The caller's SigV4 signature was for API Gateway, not the backend: AWS does not pass it on.
        if (lower === 'authorization' && received[i + 1].startsWith('AWS4-HMAC-SHA256 ')) continue
        headers.push(received[i], received[i + 1])
      }
      for (const name of mapped) headers.push(name, parameters.header[name])
      headers.push('x-amzn-apigateway-api-id', methodRequest.served.restApiId)
      if (host !== undefined) headers.push('host', host)

      return sendHttpRequest(context, {
        address,
        method: integrationMethod === 'ANY' ? methodRequest.http.method : integrationMethod,
        headers,
        body: request.body,
        timeoutMs: config.timeoutInMillis,
        tls: backendTls(config, methodRequest),
        responseHeaderName: remappedHeaderName,
      })
    },
  }
}

/** Whether a parameter map names anything, without listing its names. */
function hasNames(values: Readonly<Record<string, string>>): boolean {
  for (const _ in values) return true
  return false
}
