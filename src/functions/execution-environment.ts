import { performance } from 'node:perf_hooks'
import { sandboxError, timeoutMessage, type LambdaErrorPayload } from './lambda-error.ts'
import type { InvokeMessage, RuntimeMessage } from './worker-messages.ts'

/**
 * Lambda gives the init phase 10 s of its own, whatever the function's timeout (Lambda developer guide,
 * "Understanding the Lambda execution environment lifecycle", Init phase).
 */
export const INIT_TIMEOUT_MS = 10_000

export interface WorkerInvocation {
  readonly requestId: string
  readonly payload: string
  readonly timeoutMs: number
  readonly invokedFunctionArn: string
  readonly clientContext?: string
  readonly traceId?: string
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

/** How a runtime ended: an exit code or a signal, and whether it ran out of memory first. */
export interface RuntimeExit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly outOfMemory: boolean
}

/** What a runtime (a child process or a worker thread) tells the environment that holds it. */
export interface RuntimeEvents {
  message(message: RuntimeMessage): void
  /** A line the runtime wrote to stdout or stderr itself, outside Lambda's console. */
  output(line: string): void
  exit(exit: RuntimeExit): void
}

/** The environment's handle on its runtime. */
export interface RuntimeConnection {
  send(message: InvokeMessage): void
  /**
   * Once its handler is loaded, the runtime no longer keeps the gateway alive by itself: an invocation's
   * timer does while it runs, so an idle environment never holds a closing gateway open.
   */
  unref(): void
  /** Ends the runtime at once (timeouts, retirement, reload, shutdown). */
  terminate(): Promise<void>
}

export type StartRuntime = (events: RuntimeEvents) => RuntimeConnection

interface Pending {
  readonly invocation: WorkerInvocation
  readonly timer: NodeJS.Timeout
  readonly settle: (outcome: WorkerOutcome) => void
}

/**
 * One Lambda execution environment: a runtime that loads the handler once, then runs one
 * invocation at a time. Whatever the handler does — loop forever, exhaust its heap, call
 * process.exit — ends at most this environment; the host replaces it with a cold start.
 */
export class ExecutionEnvironment {
  readonly generation: number
  /** Resolves when the handler is loaded: undefined, or the init error Lambda would report. */
  readonly ready: Promise<LambdaErrorPayload | undefined>
  /** Milliseconds from starting the runtime to a loaded handler (REPORT's Init Duration). */
  initDurationMs = 0
  /** When the last invocation ended, by the host's clock (idle retirement). */
  lastUsedAt = 0
  readonly #runtime: RuntimeConnection
  readonly #onStrayLog: (line: string) => void
  readonly #memorySize: number
  readonly #initRequestId: string
  #alive = true
  #outOfMemory = false
  /** The last figure the runtime reported, for REPORT lines of invocations that ended the environment. */
  #memoryUsedMB = 0
  #pending: Pending | undefined
  #resolveReady: ((error: LambdaErrorPayload | undefined) => void) | undefined

  constructor(options: {
    start: StartRuntime
    memorySize: number
    generation: number
    /** Console output that belongs to no invocation (init, timers firing later). */
    onStrayLog: (line: string) => void
    /** The invocation this cold start serves: an init failure's `RequestId:` is its id, as in Lambda. */
    requestId?: string
    /** Tests shorten it; Lambda's is 10 s. */
    initTimeoutMs?: number
  }) {
    this.generation = options.generation
    this.#onStrayLog = options.onStrayLog
    this.#memorySize = options.memorySize
    this.#initRequestId = options.requestId ?? 'init'
    const initTimeoutMs = options.initTimeoutMs ?? INIT_TIMEOUT_MS
    const started = performance.now()
    this.ready = new Promise((resolve) => {
      const timer = setTimeout(() => {
        // The init ran for the whole of its time: REPORT's Init Duration says so.
        this.#resolveReady = undefined
        this.initDurationMs = performance.now() - started
        resolve(sandboxError('Sandbox.Timedout', this.#initRequestId, timeoutMessage(initTimeoutMs)))
        void this.terminate()
      }, initTimeoutMs)
      this.#resolveReady = (error) => {
        clearTimeout(timer)
        this.#resolveReady = undefined
        this.initDurationMs = performance.now() - started
        resolve(error)
      }
    })
    this.#runtime = options.start({
      message: (message) => this.#receive(message),
      output: (line) => this.#log(undefined, line),
      exit: (exit) => this.#exited(exit),
    })
  }

  get alive(): boolean {
    return this.#alive
  }

  get busy(): boolean {
    return this.#pending !== undefined
  }

  invoke(invocation: WorkerInvocation): Promise<WorkerOutcome> {
    if (!this.#alive || this.#pending !== undefined) throw new Error('execution environment is not available')
    return new Promise((resolve) => {
      // Held (not unref'd) until the invocation settles: it keeps the process alive to hear the runtime's answer.
      const timer = setTimeout(() => {
        invocation.onLog(`${new Date().toISOString()} ${invocation.requestId} ${timeoutMessage(invocation.timeoutMs)}`)
        this.#settle({ ...failure(sandboxError('Sandbox.Timedout', invocation.requestId, timeoutMessage(invocation.timeoutMs))), status: 'timeout' })
        void this.terminate()
      }, invocation.timeoutMs)
      this.#pending = { invocation, timer, settle: resolve }
      this.#runtime.send({
        type: 'invoke',
        requestId: invocation.requestId,
        payload: invocation.payload,
        deadline: Date.now() + invocation.timeoutMs,
        invokedFunctionArn: invocation.invokedFunctionArn,
        clientContext: invocation.clientContext,
        traceId: invocation.traceId,
      })
    })
  }

  async terminate(): Promise<void> {
    this.#alive = false
    await this.#runtime.terminate()
  }

  #receive(message: RuntimeMessage): void {
    switch (message.type) {
      case 'ready':
        this.#resolveReady?.(undefined)
        this.#runtime.unref()
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

  #exited(exit: RuntimeExit): void {
    this.#alive = false
    if (exit.outOfMemory) this.#outOfMemory = true
    const requestId = this.#pending?.invocation.requestId ?? this.#initRequestId
    const error = this.#outOfMemory
      ? sandboxError('Runtime.OutOfMemory', requestId, 'Runtime exited with error: signal: killed')
      : sandboxError('Runtime.ExitError', requestId, exitDetail(exit))
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
    pending.settle(this.#alive ? outcome : { ...outcome, reusable: false })
  }
}

/** Lambda words a runtime's end as Go's os/exec does: `exit status 3`, `signal: killed`. */
const SIGNAL_NAMES: Readonly<Partial<Record<NodeJS.Signals, string>>> = {
  SIGKILL: 'killed', SIGTERM: 'terminated', SIGABRT: 'aborted', SIGSEGV: 'segmentation fault', SIGINT: 'interrupt', SIGHUP: 'hangup', SIGBUS: 'bus error',
}

function exitDetail(exit: RuntimeExit): string {
  if (exit.signal !== null) return `Runtime exited with error: signal: ${SIGNAL_NAMES[exit.signal] ?? exit.signal}`
  return exit.code === 0 || exit.code === null ? 'Runtime exited without providing a reason' : `Runtime exited with error: exit status ${exit.code}`
}

const failure = (error: LambdaErrorPayload): WorkerOutcome => ({ payload: JSON.stringify(error), failed: true, reusable: false })
