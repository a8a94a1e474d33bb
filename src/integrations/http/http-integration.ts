import { GATEWAY_MESSAGES, GatewayError } from '../../core/gateway-error.ts'
import { headerValue } from '../../core/http.ts'
import type { EndpointResponse } from '../../data-plane/records.ts'
import type { Integration as IntegrationConfig } from '../../model/integration.ts'
import { compileEndpointUri } from '../http-proxy/endpoint-uri.ts'
import type { Integration, IntegrationContext, IntegrationRequest } from '../integration.ts'
import { sendHttpRequest } from './send-http-request.ts'

/**
 * HTTP (non-proxy, FACTS §8.1): only what the integration maps reaches the backend — the URI with
 * mapped path variables and stage variables, mapped query parameters and headers, and the
 * (template-rendered) body. Client headers are not forwarded; API Gateway sends its own
 * `User-Agent: AmazonAPIGateway_{apiId}` and `Accept: application/json` unless mapped.
 */
export function createHttpIntegration(config: IntegrationConfig): Integration {
  const uri = compileEndpointUri(config.uri ?? '')
  const integrationMethod = config.httpMethod ?? 'ANY'
  return {
    type: 'HTTP',
    proxy: false,
    async invoke(request: IntegrationRequest, context: IntegrationContext): Promise<EndpointResponse> {
      const { methodRequest, parameters } = request
      const target = uri.resolve({ path: parameters.path, stageVariables: methodRequest.served.stageVariables })
      if (target === undefined) {
        context.logger.warn({ uri: config.uri }, 'Execution failed due to configuration error: Invalid endpoint address')
        throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
      }
      for (const [name, value] of Object.entries(parameters.querystring)) target.searchParams.set(name, value)
      const mapped = new Map(Object.entries(parameters.header).map(([name, value]) => [name.toLowerCase(), [name, value] as const]))
      const headers: string[] = []
      const own = (name: string, value: string | undefined): void => {
        if (value !== undefined && !mapped.has(name.toLowerCase())) headers.push(name, value)
      }
      own('Accept', 'application/json')
      own('User-Agent', `AmazonAPIGateway_${methodRequest.served.restApiId}`)
      own('Content-Type', headerValue(methodRequest.headers, 'content-type') ?? (request.body.length > 0 ? 'application/json' : undefined))
      own('X-Amzn-Trace-Id', methodRequest.ids.traceId)
      own('X-Forwarded-For', methodRequest.http.sourceIp)
      for (const [name, value] of mapped.values()) headers.push(name, value)
      headers.push('x-amzn-apigateway-api-id', methodRequest.served.restApiId)
      return sendHttpRequest(context, {
        url: target,
        method: integrationMethod === 'ANY' ? methodRequest.http.method : integrationMethod,
        headers,
        body: request.body,
        timeoutMs: config.timeoutInMillis,
      })
    },
  }
}
