/**
 * Entry point of a function's worker thread (one Lambda execution environment, with
 * `functionIsolation: thread`): Lambda's runtime over the thread's message port. A thread shares
 * the gateway's process, files and signals; see README's "Security model".
 */
import { getHeapStatistics } from 'node:v8'
import { parentPort, workerData } from 'node:worker_threads'
import { routeExecuteApiToGateway } from './execute-api-endpoint.ts'
import { runLambdaRuntime } from './lambda-runtime.ts'
import { registerTypesOnlyImports } from './types-only-imports.ts'
import type { InvokeMessage, RuntimeMessage, RuntimeWorkerData } from './worker-messages.ts'

const port = parentPort!
registerTypesOnlyImports()
const config = workerData as RuntimeWorkerData
if (config.executeApi !== undefined) routeExecuteApiToGateway(config.executeApi)
await runLambdaRuntime(config, {
  post: (message: RuntimeMessage) => port.postMessage(message),
  onInvoke: (listener: (message: InvokeMessage) => void) => void port.on('message', listener),
  memoryUsedMB: () => Math.ceil(getHeapStatistics().total_heap_size / (1024 * 1024)),
})
