/**
 * Lambda's Node runtime interface for a single execution environment, whatever holds it (a child
 * process or a worker thread; see process-runtime.ts and thread-runtime.ts). It loads the handler
 * once (the init phase), then runs invocations one at a time. Console output is formatted as
 * Lambda's runtime does (`<time>\t<requestId>\t<LEVEL>\t<message>`) and sent to the host, which
 * frames it with START/END/REPORT.
 */
import { format } from 'node:util'
import { loadHandler } from './handler-module.ts'
import { lambdaError, type LambdaErrorPayload } from './lambda-error.ts'
import { holdTraceIdVariable } from './trace-id-variable.ts'
import type { InvokeMessage, RuntimeMessage, RuntimeWorkerData } from './worker-messages.ts'

/** How the runtime talks to the host: one ordered channel, so a log line always precedes its result. */
export interface RuntimeChannel {
  post(message: RuntimeMessage): void
  onInvoke(listener: (message: InvokeMessage) => void): void
  /** Megabytes the environment uses now (REPORT's Max Memory Used is the peak of these). */
  memoryUsedMB(): number
  /** Called once the handler is loaded (the end of the init phase). */
  afterInit?(): void
}

export async function runLambdaRuntime(config: RuntimeWorkerData, channel: RuntimeChannel): Promise<void> {
  let currentRequestId: string | undefined
  let peakMemoryMB = 0
  const post = channel.post
  const memoryUsedMB = (): number => (peakMemoryMB = Math.max(peakMemoryMB, channel.memoryUsedMB()))

  const logLine = (requestId: string | undefined, level: string, text: string): void => {
    post({ type: 'log', requestId, line: `${new Date().toISOString()}\t${requestId ?? 'undefined'}\t${level}\t${text}` })
  }

  /** Reports an uncaught error for the running invocation (if any); the host then discards this environment. */
  const die = (error: LambdaErrorPayload): void => {
    logLine(currentRequestId, 'ERROR', `${error.errorType}: ${error.errorMessage}`)
    post({ type: 'fatal', requestId: currentRequestId, error })
  }

  const levels: [keyof Console, string][] = [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']]
  for (const [method, level] of levels) {
    ;(console as unknown as Record<string, unknown>)[method] = (...args: unknown[]): void => {
      const text = method === 'trace' ? `Trace: ${format(...args)}\n${new Error().stack?.split('\n').slice(2).join('\n')}` : format(...args)
      logLine(currentRequestId, level, text)
    }
  }
  process.on('uncaughtException', (error) => die(lambdaError(error)))
  process.on('unhandledRejection', (reason) => {
    const described = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)
    die({
      errorType: 'Runtime.UnhandledPromiseRejection',
      errorMessage: described,
      trace: [`Runtime.UnhandledPromiseRejection: ${described}`, ...(reason instanceof Error ? (reason.stack ?? '').split('\n').slice(1) : [])],
    })
  })

  // Before the handler's module runs, so one that keeps `process.env` in a constant reads the view too.
  const setTraceId = holdTraceIdVariable()
  const loaded = await loadHandler(config.taskRoot, config.handler)
  if (!loaded.ok) {
    // Lambda's runtime prints the init error to the function's log before reporting it.
    logLine(undefined, 'ERROR', `Uncaught Exception \t${JSON.stringify(loaded.error)}`)
    post({ type: 'init-error', error: loaded.error })
    return
  }
  const handler = loaded.handler
  channel.afterInit?.()
  channel.onInvoke((message) => {
    if (message.type !== 'invoke') return
    const requestId = message.requestId
    currentRequestId = requestId
    // Lambda's runtime sets the X-Ray trace header of each invocation in the environment
    // (Lambda developer guide, "Defined runtime environment variables").
    if (message.traceId !== undefined) setTraceId(message.traceId)
    let settled = false
    const succeed = (value: unknown): void => {
      if (settled) return
      settled = true
      currentRequestId = undefined
      let payload: string
      try {
        payload = JSON.stringify(value) ?? 'null'
      } catch (error) {
        post({ type: 'error', requestId, error: lambdaError(error, 'Runtime.SerializationError'), maxMemoryUsedMB: memoryUsedMB() })
        return
      }
      post({ type: 'result', requestId, payload, maxMemoryUsedMB: memoryUsedMB() })
    }
    const fail = (error: unknown): void => {
      if (settled) return
      settled = true
      currentRequestId = undefined
      const payload = lambdaError(error)
      logLine(requestId, 'ERROR', `Invoke Error \t${JSON.stringify(payload)}`)
      post({ type: 'error', requestId, error: payload, maxMemoryUsedMB: memoryUsedMB() })
    }
    const callback = (error?: unknown, value?: unknown): void => (error === undefined || error === null ? succeed(value) : fail(error))
    const context = {
      functionName: config.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: message.invokedFunctionArn,
      memoryLimitInMB: String(config.memorySize),
      awsRequestId: requestId,
      logGroupName: config.logGroupName,
      logStreamName: config.logStreamName,
      identity: undefined,
      clientContext: parseClientContext(message.clientContext),
      // Honoured as `false`: the result is returned as soon as the handler gives it (see README).
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
      succeed: (value?: unknown) => succeed(value),
      fail: (error?: unknown) => fail(error),
      done: callback,
    }
    try {
      const event: unknown = JSON.parse(message.payload)
      const returned = handler(event, context, callback)
      if (isPromiseLike(returned)) returned.then(succeed, fail)
    } catch (error) {
      fail(error)
    }
  })
  post({ type: 'ready' })
}

function parseClientContext(encoded: string | undefined): unknown {
  if (encoded === undefined || encoded === '') return undefined
  try {
    return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))
  } catch {
    return undefined
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}
