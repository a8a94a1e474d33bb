/**
 * Failures of an invocation that are not the function's own errors: Lambda answers these on the
 * Invoke API with an exception instead of a function error payload.
 */

/**
 * Lambda's `TooManyRequestsException`: the function's reserved concurrency is in use. The Invoke
 * API answers 429 with `Reason: ReservedFunctionConcurrentInvocationLimitExceeded`.
 */
export class TooManyRequestsError extends Error {
  override readonly name = 'TooManyRequestsError'
  readonly reason = 'ReservedFunctionConcurrentInvocationLimitExceeded'
  readonly functionName: string
  constructor(functionName: string) {
    super('Rate Exceeded.')
    this.functionName = functionName
  }
}

/** Lambda's `ResourceNotFoundException`: no function with that name is declared. */
export class ResourceNotFoundError extends Error {
  override readonly name = 'ResourceNotFoundError'
  readonly functionName: string
  constructor(functionName: string, functionArn: string) {
    super(`Function not found: ${functionArn}`)
    this.functionName = functionName
  }
}

/**
 * The caller's own deadline (`InvokeRequest.timeoutMs`, e.g. API Gateway's 29 s integration
 * timeout) passed before the function finished. As on AWS, the function itself keeps running
 * until it settles or reaches its own timeout; only the caller stops waiting.
 */
export class CallerTimeoutError extends Error {
  override readonly name = 'CallerTimeoutError'
  constructor(timeoutMs: number) {
    super(`Endpoint request timed out after ${timeoutMs} ms`)
  }
}

/** A remote function's endpoint could not be reached or answered something that is not the Invoke API. */
export class RemoteInvokeError extends Error {
  override readonly name = 'RemoteInvokeError'
  readonly statusCode?: number
  readonly errorType?: string
  constructor(message: string, options: { statusCode?: number; errorType?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.statusCode = options.statusCode
    this.errorType = options.errorType
  }
}
