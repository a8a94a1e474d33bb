/** Lambda's error payload for Node runtimes, as the Invoke API returns it with `X-Amz-Function-Error`. */
export interface LambdaErrorPayload {
  readonly errorType: string
  readonly errorMessage: string
  readonly trace: readonly string[]
}

/**
 * What the Node runtime reports for a thrown or rejected value: `{errorType, errorMessage, trace}`,
 * errorType being the error's name (a thrown string is `"string"`, as in Lambda's runtime).
 */
export function lambdaError(error: unknown, type?: string): LambdaErrorPayload {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error && 'stack' in error)) {
    const e = error as Error
    return {
      errorType: type ?? (typeof e.name === 'string' && e.name !== '' ? e.name : 'Error'),
      errorMessage: String(e.message),
      trace: typeof e.stack === 'string' ? e.stack.split('\n') : [],
    }
  }
  if (typeof error === 'string') return { errorType: type ?? 'string', errorMessage: error, trace: [] }
  let message: string
  try {
    message = JSON.stringify(error) ?? String(error)
  } catch {
    message = String(error)
  }
  return { errorType: type ?? typeof error, errorMessage: message, trace: [] }
}

/**
 * Errors the Lambda service (not the handler) reports for an invocation: timeouts, a runtime that
 * ran out of memory or exited. Their message carries the request id: `RequestId: <id> Error: ...`.
 */
export function sandboxError(errorType: string, requestId: string, detail: string): LambdaErrorPayload {
  return { errorType, errorMessage: `RequestId: ${requestId} Error: ${detail}`, trace: [] }
}

/** `Task timed out after 3.00 seconds` — Lambda prints the configured timeout with two decimals. */
export const timeoutMessage = (timeoutMs: number): string => `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`
