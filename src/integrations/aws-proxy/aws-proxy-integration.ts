import { newRequestId } from '../../core/ids.ts'
import { headerValue } from '../../core/http.ts'
import { GATEWAY_MESSAGES, GatewayError } from '../../core/gateway-error.ts'
import type { EndpointResponse } from '../endpoint-response.ts'
import type { Integration as IntegrationConfig } from '../../model/integration.ts'
import { acceptsBinary } from '../binary-media-types.ts'
import type { Integration, IntegrationContext, IntegrationRequest } from '../integration.ts'
import { invokeLambda } from '../invoke-lambda.ts'
import { compileLambdaTarget } from '../lambda-target.ts'
import { remapProxyResponseHeaders } from '../proxy-response-headers.ts'
import type { LambdaPayloadFormat } from './payload-format.ts'

/**
 * AWS_PROXY to a Lambda function: the event of the kind's payload format in, the proxy result out (recorded:
 * test_apigateway_lambda > test_lambda_aws_proxy_integration, test_aws_proxy_response_payload_format_validation).
 * An integration whose method is not POST fails when called with 500 (recorded: test_apigateway_lambda >
 * test_lambda_aws_proxy_integration_non_post_method); a function error or a malformed result is 502.
 */
export function createAwsProxyIntegration(config: IntegrationConfig, format: LambdaPayloadFormat): Integration {
  const target = compileLambdaTarget(config.uri ?? '')
  const postOnly = config.httpMethod === 'POST'
  return {
    type: 'AWS_PROXY',
    proxy: true,
    async invoke(request: IntegrationRequest, context: IntegrationContext): Promise<EndpointResponse> {
      const { methodRequest } = request
      if (!postOnly) {
        context.logger.warn({ uri: config.uri }, 'Execution failed due to configuration error: Lambda proxy integrations are invoked with POST')
        throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
      }
      const result = await invokeLambda(context, target.resolve(methodRequest.served.stageVariables), {
        payload: JSON.stringify(format.buildEvent(methodRequest, request.body)),
        // Lambda's own request id (`context.awsRequestId`), not API Gateway's: AWS's are two ids
        // (Lambda developer guide, "Using the Lambda context object to retrieve Node.js function information").
        requestId: newRequestId(),
        // The request's X-Amzn-Trace-Id reaches the function as `_X_AMZN_TRACE_ID` (Lambda developer guide, "Defined runtime environment variables").
        traceId: headerValue(methodRequest.headers, 'x-amzn-trace-id'),
        timeoutMs: config.timeoutInMillis,
      })
      const parsed = result.functionError === undefined ? format.parseResult(result.payload) : undefined
      if (parsed === undefined) {
        context.logger.warn({ requestId: methodRequest.ids.requestId, functionError: result.functionError }, 'Execution failed due to configuration error: Malformed Lambda proxy response')
        throw new GatewayError('DEFAULT_5XX', GATEWAY_MESSAGES.internalServerError, { statusCode: 502 })
      }
      // isBase64Encoded is honoured only when the API declares the client's Accept as binary (invoke-api-b64-encoded-true).
      const decode = parsed.isBase64Encoded &&
        acceptsBinary(methodRequest.served.deployment.binaryMediaTypes, headerValue(methodRequest.headers, 'accept'))
      // The result's headers are treated as an HTTP_PROXY backend's (proxy-response-headers.ts).
      const headers = remapProxyResponseHeaders(parsed.headers)
      if (!headers.some(([name]) => name.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json'])
      return { statusCode: parsed.statusCode, headers, body: Buffer.from(parsed.body, decode ? 'base64' : 'utf8') }
    },
  }
}
