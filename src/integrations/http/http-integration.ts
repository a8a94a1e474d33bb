import { headerValue } from '../../core/http.ts'
import type { EndpointResponse } from '../endpoint-response.ts'
import type { Integration as IntegrationConfig } from '../../model/integration.ts'
import { compileEndpointUri } from '../http-proxy/endpoint-uri.ts'
import { appendMappedQuery } from '../http-proxy/mapped-query.ts'
import type { Integration, IntegrationContext, IntegrationRequest } from '../integration.ts'
import { backendTls } from './backend-tls.ts'
import { backendRoute } from './vpc-link-route.ts'
import { sendHttpRequest } from './send-http-request.ts'
import { addressOf } from './endpoint-address.ts'
import { preloadBackendClient } from './backend-client.ts'

/**
 * API Gateway's tracing and forwarding headers, as the method request carries them (recorded: test_apigateway_http >
 * test_http_integration_with_lambda[HTTP] > http-invocation-lambda-url). No `X-Forwarded-For`: the Lambda function
 * URL behind that recording saw one equal to its own `origin` (API Gateway's address, which the URL's front end adds),
 * where behind HTTP_PROXY it differs from `origin` (the caller's address came first); so a non-proxy HTTP integration
 * sends none of its own.
 */
const FORWARDING = ['X-Amzn-Trace-Id', 'X-Forwarded-Port', 'X-Forwarded-Proto']
/** Mapped headers no HTTP/1.1 client sends on a request of its own (hop-by-hop). */
const UNSENDABLE = new Set(['keep-alive'])

/**
 * HTTP (non-proxy; the same recording): only what the integration maps reaches the backend — the URI with
 * mapped path variables and stage variables, mapped query parameters and headers, and the
 * (template-rendered) body. Client headers are not forwarded; API Gateway sends its own
 * `User-Agent: AmazonAPIGateway_{apiId}` and `Accept: application/json` unless mapped.
 */
export function createHttpIntegration(config: IntegrationConfig): Integration {
  const uri = compileEndpointUri(config.uri ?? '')
  preloadBackendClient()
  const integrationMethod = config.httpMethod ?? 'ANY'
  return {
    type: 'HTTP',
    proxy: false,
    async invoke(request: IntegrationRequest, context: IntegrationContext): Promise<EndpointResponse> {
      const { methodRequest, parameters } = request
      const target = uri.target({ path: parameters.path, stageVariables: methodRequest.served.stageVariables }, context.logger)
      appendMappedQuery(target, parameters.querystring)
      const mapped = new Map<string, readonly [string, string]>()
      for (const [name, value] of Object.entries(parameters.header)) {
        // Keep-Alive belongs to the connection, which is the HTTP client's.
        if (!UNSENDABLE.has(name.toLowerCase())) mapped.set(name.toLowerCase(), [name, value])
      }
      const headers: string[] = []
      const own = (name: string, value: string | undefined): void => {
        if (value !== undefined && !mapped.has(name.toLowerCase())) headers.push(name, value)
      }
      own('Accept', 'application/json')
      own('User-Agent', `AmazonAPIGateway_${methodRequest.served.restApiId}`)
      // Without a body there is no Content-Type (recorded: test_apigateway_integrations > test_apigateway_header_remapping_http > no-param-integration).
      if (request.body.length > 0) own('Content-Type', headerValue(methodRequest.headers, 'content-type') ?? 'application/json')
      for (const name of FORWARDING) own(name, headerValue(methodRequest.headers, name))
      for (const [name, value] of mapped.values()) headers.push(name, value)
      headers.push('x-amzn-apigateway-api-id', methodRequest.served.restApiId)
      const route = backendRoute(config, methodRequest, target, context.logger)
      if (route.host !== undefined && !mapped.has('host')) headers.push('Host', route.host)
      return sendHttpRequest(context, {
        address: addressOf(route.url),
        method: integrationMethod === 'ANY' ? methodRequest.http.method : integrationMethod,
        headers,
        body: request.body,
        timeoutMs: config.timeoutInMillis,
        tls: backendTls(config, methodRequest),
      })
    },
  }
}
