import { extname } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { sandboxError, timeoutMessage, type LambdaErrorPayload } from './lambda-error.ts'
import type { InvokeMessage, RuntimeMessage, RuntimeWorkerData } from './worker-messages.ts'

// The runtime has the same extension as this file: .ts when run from source, .js once built.
const RUNTIME_URL = new URL(`./worker-runtime${extname(fileURLToPath(import.meta.url))}`, import.meta.url)

/** Lambda gives the init phase 10 s of its own, whatever the function's timeout. */
const INIT_TIMEOUT_MS = 10_000

/**
 * Flags of the gateway's process that handlers' workers keep: module resolution and loaders.
 * Everything else stays with the gateway (workers reject per-process flags such as the test
 * runner's, and inspectors or watchers belong to the gateway).
 */
const WORKER_FLAGS = /^(--(conditions|import|require|loader|experimental-|no-experimental-|enable-source-maps|no-warnings|disable-warning)|-C)/

export interface WorkerInvocation {
  readonly requestId: string
  readonly payload: string
  readonly timeoutMs: number
  readonly invokedFunctionArn: string
  readonly clientContext?: string
  /** Each console line of the invocation, already in Lambda's format. */
  readonly onLog: (line: string) => void
}

export interface WorkerOutcome {
  /** The result as JSON, or Lambda's error object as JSON when failed. */
  readonly payload: string
  readonly failed: boolean
  /** False when the environment is gone (timeout, crash, exit, out of memory) and must not be reused. */
  readonly reusable: boolean
  /** REPORT's `Status:` for an invocation that ended the environment. */
  readonly status?: 'timeout' | 'error'
  readonly maxMemoryUsedMB?: number
}

interface Pending {
  readonly invocation: WorkerInvocation
  readonly timer: NodeJS.Timeout
  readonly settle: (outcome: WorkerOutcome) => void
}

/**
 * One Lambda execution environment: a worker thread that loads the handler once, then runs one
 * invocation at a time. Whatever the handler does — loop forever, exhaust its heap, call
 * process.exit — ends at most this worker; the host replaces it with a cold start.
 */
export class FunctionWorker {
  readonly generation: number
  /** Resolves when the handler is loaded: undefined, or the init error Lambda would report. */
  readonly ready: Promise<LambdaErrorPayload | undefined>
  /** Milliseconds from starting the thread to a loaded handler (REPORT's Init Duration). */
  initDurationMs = 0
  /** When the last invocation ended, by the host's clock (idle retirement). */
  lastUsedAt = 0
  readonly #worker: Worker
  readonly #onStrayLog: (line: string) => void
  readonly #memorySize: number
  #alive = true
  #outOfMemory = false
  /** The last figure the runtime reported, for REPORT lines of invocations that ended the worker. */
  #memoryUsedMB = 0
  #pending: Pending | undefined
  #resolveReady: ((error: LambdaErrorPayload | undefined) => void) | undefined

  constructor(options: {
    data: RuntimeWorkerData
    env: Record<string, string>
    memorySize: number
    generation: number
    /** Console output that belongs to no invocation (init, timers firing later). */
    onStrayLog: (line: string) => void
  }) {
    this.generation = options.generation
    this.#onStrayLog = options.onStrayLog
    this.#memorySize = options.memorySize
    const started = performance.now()
    this.#worker = new Worker(RUNTIME_URL, {
      workerData: options.data,
      env: options.env,
      execArgv: process.execArgv.filter((flag) => WORKER_FLAGS.test(flag)),
      // MemorySize bounds the handler's heap, as the function's memory bounds a Lambda environment.
      resourceLimits: { maxOldGenerationSizeMb: options.memorySize },
      stdout: true,
      stderr: true,
      name: `lambda:${options.data.functionName}`,
    })
    this.ready = new Promise((resolve) => {
      const timer = setTimeout(() => {
        resolve(sandboxError('Sandbox.Timedout', 'init', timeoutMessage(INIT_TIMEOUT_MS)))
        void this.terminate()
      }, INIT_TIMEOUT_MS)
      this.#resolveReady = (error) => {
        clearTimeout(timer)
        this.#resolveReady = undefined
        this.initDurationMs = performance.now() - started
        resolve(error)
      }
    })
    this.#worker.on('message', (message: RuntimeMessage) => this.#receive(message))
    this.#worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.#outOfMemory = true
    })
    this.#worker.on('exit', (code) => this.#exited(code))
    for (const stream of [this.#worker.stdout, this.#worker.stderr]) {
      stream.setEncoding('utf8')
      stream.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line !== '') this.#log(undefined, line)
      })
    }
  }

  get alive(): boolean {
    return this.#alive
  }

  get busy(): boolean {
    return this.#pending !== undefined
  }

  invoke(invocation: WorkerInvocation): Promise<WorkerOutcome> {
    if (!this.#alive || this.#pending !== undefined) throw new Error('worker is not available')
    this.#worker.ref()
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        invocation.onLog(`${new Date().toISOString()} ${invocation.requestId} ${timeoutMessage(invocation.timeoutMs)}`)
        this.#settle({ ...failure(sandboxError('Sandbox.Timedout', invocation.requestId, timeoutMessage(invocation.timeoutMs))), status: 'timeout' })
        void this.terminate()
      }, invocation.timeoutMs)
      this.#pending = { invocation, timer, settle: resolve }
      const message: InvokeMessage = {
        type: 'invoke',
        requestId: invocation.requestId,
        payload: invocation.payload,
        deadline: Date.now() + invocation.timeoutMs,
        invokedFunctionArn: invocation.invokedFunctionArn,
        clientContext: invocation.clientContext,
      }
      this.#worker.postMessage(message)
    })
  }

  async terminate(): Promise<void> {
    this.#alive = false
    await this.#worker.terminate()
  }

  #receive(message: RuntimeMessage): void {
    switch (message.type) {
      case 'ready':
        this.#resolveReady?.(undefined)
        this.#worker.unref()
        return
      case 'init-error':
        this.#resolveReady?.(message.error)
        void this.terminate()
        return
      case 'log':
        this.#log(message.requestId, message.line)
        return
      case 'result':
        if (message.requestId === this.#pending?.invocation.requestId) {
          this.#settle({ payload: message.payload, failed: false, reusable: true, maxMemoryUsedMB: message.maxMemoryUsedMB })
        }
        return
      case 'error':
        if (message.requestId === this.#pending?.invocation.requestId) {
          this.#settle({ ...failure(message.error), reusable: true, maxMemoryUsedMB: message.maxMemoryUsedMB })
        }
        return
      case 'fatal':
        // Lambda discards an environment whose runtime saw an uncaught error.
        this.#alive = false
        this.#resolveReady?.(message.error)
        this.#settle({ ...failure(message.error), status: 'error' })
        void this.terminate()
        return
    }
  }

  #log(requestId: string | undefined, line: string): void {
    const pending = this.#pending
    if (pending !== undefined && (requestId === undefined || requestId === pending.invocation.requestId)) pending.invocation.onLog(line)
    else this.#onStrayLog(line)
  }

  #exited(code: number): void {
    this.#alive = false
    const requestId = this.#pending?.invocation.requestId ?? 'init'
    const error = this.#outOfMemory
      ? sandboxError('Runtime.OutOfMemory', requestId, 'Runtime exited with error: signal: killed')
      : sandboxError('Runtime.ExitError', requestId, code === 0 ? 'Runtime exited without providing a reason' : `Runtime exited with error: exit status ${code}`)
    this.#resolveReady?.(error)
    this.#settle({ ...failure(error), status: 'error' })
  }

  #settle(outcome: WorkerOutcome): void {
    const pending = this.#pending
    if (pending === undefined) return
    this.#pending = undefined
    if (outcome.maxMemoryUsedMB !== undefined) this.#memoryUsedMB = outcome.maxMemoryUsedMB
    else outcome = { ...outcome, maxMemoryUsedMB: this.#outOfMemory ? this.#memorySize : this.#memoryUsedMB }
    clearTimeout(pending.timer)
    if (this.#alive) this.#worker.unref()
    pending.settle(this.#alive ? outcome : { ...outcome, reusable: false })
  }
}

const failure = (error: LambdaErrorPayload): WorkerOutcome => ({ payload: JSON.stringify(error), failed: true, reusable: false })
