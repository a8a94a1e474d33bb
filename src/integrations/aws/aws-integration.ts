import { newRequestId } from '../../core/ids.ts'
import { headerValue } from '../../core/http.ts'
import { GATEWAY_MESSAGES, GatewayError } from '../../core/gateway-error.ts'
import type { EndpointResponse } from '../endpoint-response.ts'
import type { Integration as IntegrationConfig } from '../../model/integration.ts'
import type { Integration, IntegrationContext, IntegrationRequest } from '../integration.ts'
import { assertLambdaExists, invokeLambda } from '../invoke-lambda.ts'
import { compileLambdaTarget } from '../lambda-target.ts'

/**
 * AWS (non-proxy) to Lambda (recorded: test_apigateway_lambda > test_lambda_selection_patterns): the mapped body is the event. A function
 * error comes back as the integration response body (Lambda's error object) with its
 * `errorMessage` as what selection patterns match; a successful result selects the default
 * response. `X-Amz-Invocation-Type: 'Event'` mapped as a header invokes asynchronously.
 * Other AWS services are outside what Gatehouse emulates: such a method answers 500.
 */
export function createAwsIntegration(config: IntegrationConfig): Integration {
  const target = /:lambda:path\//.test(config.uri ?? '') ? compileLambdaTarget(config.uri ?? '') : undefined
  return {
    type: 'AWS',
    proxy: false,
    async invoke(request: IntegrationRequest, context: IntegrationContext): Promise<EndpointResponse> {
      const { methodRequest, parameters } = request
      if (target === undefined) {
        context.logger.error({ uri: config.uri }, 'AWS service integrations other than Lambda are not emulated')
        throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
      }
      const lambda = target.resolve(methodRequest.served.stageVariables)
      const text = request.body.toString('utf8')
      const invocation = {
        // Lambda reads an empty payload as the event {}, as templates read an empty body (recorded: test_apigateway_common > test_input_body_formatting).
        payload: text.trim() === '' ? '{}' : text,
        // Lambda's own request id (`context.awsRequestId`), not API Gateway's: AWS's are two ids
        // (Lambda developer guide, "Using the Lambda context object to retrieve Node.js function information").
        requestId: newRequestId(),
        timeoutMs: config.timeoutInMillis,
        // The request's X-Amzn-Trace-Id reaches the function as `_X_AMZN_TRACE_ID` (Lambda developer guide, "Defined runtime environment variables").
        traceId: headerValue(methodRequest.headers, 'x-amzn-trace-id'),
      }
      if (!isJson(invocation.payload)) {
        // Lambda refuses it (400 InvalidRequestContentException) without running the function; API Gateway answers 500.
        context.logger.warn({ function: lambda?.functionName }, 'Execution failed: the mapped body is not JSON, Lambda cannot parse it')
        throw new GatewayError('INTEGRATION_FAILURE', GATEWAY_MESSAGES.internalServerError, { statusCode: 500 })
      }
      const invocationType = Object.entries(parameters.header).find(([name]) => name.toLowerCase() === 'x-amz-invocation-type')?.[1]
      if (invocationType === 'Event') {
        // Lambda refuses an unknown function at once (404), which API Gateway answers 500.
        assertLambdaExists(context, lambda)
        // Lambda accepts the event and runs it later; the caller gets an empty 200 at once.
        invokeLambda(context, lambda, invocation).catch((error: unknown) => context.logger.warn({ err: error }, 'asynchronous invocation failed'))
        return { statusCode: 200, headers: [], body: Buffer.alloc(0) }
      }
      const result = await invokeLambda(context, lambda, invocation)
      const body = Buffer.from(result.payload, 'utf8')
      if (result.functionError === undefined) return { statusCode: 200, headers: [['Content-Type', 'application/json']], body }
      return { statusCode: 200, headers: [['Content-Type', 'application/json']], body, errorMessage: lambdaErrorMessage(result.payload) }
    },
  }
}

function lambdaErrorMessage(payload: string): string {
  try {
    const parsed = JSON.parse(payload) as { errorMessage?: unknown }
    return typeof parsed.errorMessage === 'string' ? parsed.errorMessage : payload
  } catch {
    return payload
  }
}

function isJson(payload: string): boolean {
  try {
    JSON.parse(payload)
    return true
  } catch {
    return false
  }
}
