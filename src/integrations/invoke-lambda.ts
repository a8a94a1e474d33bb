import { GATEWAY_MESSAGES, GatewayError } from '../core/gateway-error.ts'
import { CallerTimeoutError, TooManyRequestsError } from '../functions/function-errors.ts'
import type { InvokeResult } from '../functions/function-host.ts'
import type { IntegrationContext } from './integration.ts'
import type { LambdaTarget } from './lambda-target.ts'

/**
 * Calls a Lambda function for an `AWS` or `AWS_PROXY` integration under API Gateway's own clock:
 * when the integration timeout runs out first the client gets 504, whatever the function does
 * later. An unknown function is a configuration error (500); a function throttled for lack of
 * concurrency is 500 too.
 */
/**
 * Lambda's limit for a synchronous invocation's response (Lambda developer guide, "Lambda quotas": invocation
 * payload, 6 MB each for request and response). It is below API Gateway's 10 MB payload limit, so a Lambda
 * integration's response never reaches that one.
 */
export const MAX_LAMBDA_RESPONSE_BYTES = 6 * 1024 * 1024

/**
 * A result past Lambda's limit is what Lambda returns instead of it: a function error of type
 * `Function.ResponseSizeTooLarge` (its message as Lambda words it). AWS_PROXY answers that 502; AWS (non-proxy)
 * selects on its errorMessage. Whatever function host ran the function (local, remote, or another), the gateway
 * never carries more.
 */
function boundResponseSize(result: InvokeResult): InvokeResult {
  if (result.payload.length <= MAX_LAMBDA_RESPONSE_BYTES / 3 || Buffer.byteLength(result.payload) <= MAX_LAMBDA_RESPONSE_BYTES) return result
  return {
    ...result,
    functionError: 'Unhandled',
    payload: JSON.stringify({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_LAMBDA_RESPONSE_BYTES} bytes).`,
    }),
  }
}

/** An unknown function is a configuration error (500), for synchronous and asynchronous calls alike. */
export function assertLambdaExists(context: IntegrationContext, target: LambdaTarget | undefined): asserts target is LambdaTarget {
  if (target === undefined || !context.functions.has(target.functionName)) {
    context.logger.warn({ function: target?.functionName }, 'Execution failed due to configuration error: Lambda function not found')
    throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
  }
}

export async function invokeLambda(
  context: IntegrationContext,
  target: LambdaTarget | undefined,
  invocation: { payload: string; requestId: string; timeoutMs: number; traceId?: string },
): Promise<InvokeResult> {
  assertLambdaExists(context, target)
  try {
    // The host gives up at `timeoutMs` (FunctionHost's contract: CallerTimeoutError), whatever the function does later.
    return boundResponseSize(await context.functions.invoke({ functionName: target.functionName, qualifier: target.qualifier, ...invocation }))
  } catch (error) {
    if (error instanceof GatewayError) throw error
    // A throttled function is API Gateway's 500 Internal server error, not a 429 (Lambda developer guide,
    // "Handling Lambda errors with an API Gateway API").
    if (error instanceof TooManyRequestsError) {
      context.logger.warn({ function: target.functionName }, 'Execution failed: Lambda throttled the invocation (TooManyRequestsException)')
      throw new GatewayError('INTEGRATION_FAILURE', GATEWAY_MESSAGES.internalServerError, { statusCode: 500, cause: error })
    }
    if (error instanceof CallerTimeoutError) throw new GatewayError('INTEGRATION_TIMEOUT', GATEWAY_MESSAGES.endpointRequestTimedOut)
    context.logger.warn({ err: error, function: target.functionName }, 'Execution failed: Lambda invocation failed')
    throw new GatewayError('INTEGRATION_FAILURE', GATEWAY_MESSAGES.internalServerError, { statusCode: 500, cause: error })
  }
}
