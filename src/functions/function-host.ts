/**
 * Where Lambda functions run: local handlers in child processes or worker threads (worker-function-host.ts) or remote
 * functions behind the Lambda Invoke API. The data plane (AWS_PROXY, AWS) and the management
 * endpoint's Invoke API both call this interface.
 *
 * Besides a result, invoke() may throw (see function-errors.ts):
 * - TooManyRequestsError: the function's reserved concurrency is in use (Lambda's 429);
 * - ResourceNotFoundError: no such function;
 * - CallerTimeoutError: `timeoutMs` passed first (its message contains "timed out");
 * - RemoteInvokeError: a remote function's endpoint failed.
 * A function that fails, times out, runs out of memory or exits is a result with functionError set.
 */
export interface InvokeRequest {
  readonly functionName: string
  /** The event, already serialised as Lambda receives it. */
  readonly payload: string
  /** Lambda's request id for this invocation (`context.awsRequestId`). */
  readonly requestId: string
  /** Milliseconds the caller will wait; the host gives up after that (CallerTimeoutError). */
  readonly timeoutMs?: number
  /** Version or alias (`Qualifier`); every qualifier runs the one local code, reported as `$LATEST`. */
  readonly qualifier?: string
  /** `X-Amz-Log-Type: Tail`: return the last 4 KB of the invocation's log in `logResult`. */
  readonly logType?: 'None' | 'Tail'
  /** `X-Amz-Client-Context`: base64 JSON, handed to the handler as `context.clientContext`. */
  readonly clientContext?: string  /** The X-Ray trace header the caller sent (`X-Amzn-Trace-Id`); one is made when absent. */
  readonly traceId?: string
}

export interface InvokeResult {
  /** The function's result serialised as JSON, or Lambda's error object when functionError is set. */
  readonly payload: string
  /** Lambda's `X-Amz-Function-Error`: set when the handler threw or failed. */
  readonly functionError?: 'Unhandled' | 'Handled'
  /** `X-Amz-Log-Result`: base64 of the log's last 4 KB, when logType was `Tail`. */
  readonly logResult?: string
  /** `X-Amz-Executed-Version`. */
  readonly executedVersion?: string
  /** Set on a cold start: milliseconds the runtime took to start and load the handler (REPORT's Init Duration). */
  readonly initDurationMs?: number
}

export interface FunctionHost {
  /** True when a function with that name is declared. */
  has(functionName: string): boolean
  invoke(request: InvokeRequest): Promise<InvokeResult>
  close(): Promise<void>
}
