/**
 * The runtime inside one worker thread: Lambda's Node runtime interface for a single execution
 * environment. It loads the handler once (the init phase), then runs invocations one at a time.
 * Console output is formatted as Lambda's runtime does (`<time>\t<requestId>\t<LEVEL>\t<message>`)
 * and sent to the host, which frames it with START/END/REPORT.
 */
import { format } from 'node:util'
import { getHeapStatistics } from 'node:v8'
import { parentPort, workerData } from 'node:worker_threads'
import { loadHandler } from './handler-module.ts'
import { lambdaError, type LambdaErrorPayload } from './lambda-error.ts'
import type { InvokeMessage, RuntimeMessage, RuntimeWorkerData } from './worker-messages.ts'

const port = parentPort!
const config = workerData as RuntimeWorkerData
let currentRequestId: string | undefined
let peakHeapBytes = 0

const post = (message: RuntimeMessage): void => port.postMessage(message)

patchConsole()
process.on('uncaughtException', (error) => die(lambdaError(error)))
process.on('unhandledRejection', (reason) => {
  const described = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)
  die({
    errorType: 'Runtime.UnhandledPromiseRejection',
    errorMessage: described,
    trace: [`Runtime.UnhandledPromiseRejection: ${described}`, ...(reason instanceof Error ? (reason.stack ?? '').split('\n').slice(1) : [])],
  })
})

const loaded = await loadHandler(config.taskRoot, config.handler)
if (!loaded.ok) {
  post({ type: 'init-error', error: loaded.error })
} else {
  const handler = loaded.handler
  port.on('message', (message: InvokeMessage) => {
    if (message.type === 'invoke') runInvocation(handler, message)
  })
  post({ type: 'ready' })
}

function runInvocation(handler: (...args: unknown[]) => unknown, message: InvokeMessage): void {
  const requestId = message.requestId
  currentRequestId = requestId
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
}

/** Reports an uncaught error for the running invocation (if any); the host then discards this worker. */
function die(error: LambdaErrorPayload): void {
  logLine(currentRequestId, 'ERROR', `${error.errorType}: ${error.errorMessage}`)
  post({ type: 'fatal', requestId: currentRequestId, error })
}

function patchConsole(): void {
  const levels: [keyof Console, string][] = [['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE']]
  for (const [method, level] of levels) {
    ;(console as unknown as Record<string, unknown>)[method] = (...args: unknown[]): void => {
      const text = method === 'trace' ? `Trace: ${format(...args)}\n${new Error().stack?.split('\n').slice(2).join('\n')}` : format(...args)
      logLine(currentRequestId, level, text)
    }
  }
}

function logLine(requestId: string | undefined, level: string, text: string): void {
  post({ type: 'log', requestId, line: `${new Date().toISOString()}\t${requestId ?? 'undefined'}\t${level}\t${text}` })
}

function memoryUsedMB(): number {
  peakHeapBytes = Math.max(peakHeapBytes, getHeapStatistics().total_heap_size)
  return Math.ceil(peakHeapBytes / (1024 * 1024))
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
