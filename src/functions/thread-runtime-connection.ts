import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { RuntimeConnection, RuntimeEvents } from './execution-environment.ts'
import type { RuntimeWorkerData } from './worker-messages.ts'

// The runtime has the same extension as this file: .ts when run from source, .js once built.
const RUNTIME_URL = new URL(`./thread-runtime${extname(fileURLToPath(import.meta.url))}`, import.meta.url)

/**
 * Flags of the gateway's process that handlers' workers keep: module resolution and loaders.
 * Everything else stays with the gateway (workers reject per-process flags such as the test
 * runner's, and inspectors or watchers belong to the gateway).
 */
const WORKER_FLAGS = /^(--(conditions|import|require|loader|experimental-|no-experimental-|enable-source-maps|no-warnings|disable-warning)|-C)/

/**
 * Starts a function's runtime in a worker thread of the gateway's process (`functionIsolation:
 * thread`): the fastest start, but the handler shares the gateway's process. MemorySize bounds the
 * thread's heap, as the function's memory bounds a Lambda environment.
 */
export function startThreadRuntime(
  options: { data: RuntimeWorkerData; env: Record<string, string>; memorySize: number },
  events: RuntimeEvents,
): RuntimeConnection {
  let outOfMemory = false
  const worker = new Worker(RUNTIME_URL, {
    workerData: options.data,
    env: options.env,
    execArgv: process.execArgv.filter((flag) => WORKER_FLAGS.test(flag)),
    resourceLimits: { maxOldGenerationSizeMb: options.memorySize },
    stdout: true,
    stderr: true,
    name: `lambda:${options.data.functionName}`,
  })
  worker.on('message', events.message)
  worker.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') outOfMemory = true
  })
  worker.on('exit', (code) => events.exit({ code, signal: null, outOfMemory }))
  for (const stream of [worker.stdout, worker.stderr]) {
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line !== '') events.output(line)
    })
  }
  return {
    send: (message) => worker.postMessage(message),
    unref: () => worker.unref(),
    terminate: async () => {
      await worker.terminate()
    },
  }
}
