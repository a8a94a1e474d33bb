import type { ExecuteApiEndpoint } from './execute-api-endpoint.ts'
import type { LambdaErrorPayload } from './lambda-error.ts'

/** What the host tells a runtime when it starts it (`workerData` of a thread, an argument of a process). */
export interface RuntimeWorkerData {
  readonly taskRoot: string
  readonly handler: string
  readonly functionName: string
  readonly memorySize: number
  readonly logGroupName: string
  readonly logStreamName: string
  /** The gateway's TLS listener, for `https://{apiId}.execute-api.localhost` (execute-api-endpoint.ts). */
  readonly executeApi?: ExecuteApiEndpoint
}

/** Host -> worker: run one invocation. A worker runs one at a time, as a Lambda execution environment does. */
export interface InvokeMessage {
  readonly type: 'invoke'
  readonly requestId: string
  readonly payload: string
  /** Epoch milliseconds at which the function times out (`getRemainingTimeInMillis`). */
  readonly deadline: number
  readonly invokedFunctionArn: string
  readonly clientContext?: string
  /** The invocation's X-Ray trace header, set as `_X_AMZN_TRACE_ID` while it runs. */
  readonly traceId?: string
}

/** Worker -> host. Sent on the one port, so a log line always arrives before its invocation's result. */
export type RuntimeMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly error: LambdaErrorPayload }
  | { readonly type: 'log'; readonly requestId: string | undefined; readonly line: string }
  | { readonly type: 'result'; readonly requestId: string; readonly payload: string; readonly maxMemoryUsedMB: number }
  | { readonly type: 'error'; readonly requestId: string; readonly error: LambdaErrorPayload; readonly maxMemoryUsedMB: number }
  /** Uncaught exception or unhandled rejection: the runtime reports it and the environment is discarded. */
  | { readonly type: 'fatal'; readonly requestId: string | undefined; readonly error: LambdaErrorPayload }
