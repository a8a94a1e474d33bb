import type { Clock } from '../core/clock.ts'
import { TooManyRequestsError } from './function-errors.ts'
import type { ExecutionEnvironment, WorkerInvocation, WorkerOutcome } from './execution-environment.ts'

export interface PoolOutcome extends WorkerOutcome {
  /** Set when this invocation started a new environment (cold start). */
  readonly initDurationMs?: number
}

/**
 * Lambda's unreserved concurrency: a function without reserved concurrency draws on the account's
 * pool, 1,000 by default (Lambda developer guide, "Lambda quotas"; "Configuring reserved concurrency").
 */
export const UNRESERVED_CONCURRENCY = 1000

/**
 * The execution environments of one function. A cold start creates a worker and loads the handler
 * once; a warm start reuses an idle one (the most recently used, so the others age out).
 *
 * Two limits, kept apart: Lambda's concurrency (`reservedConcurrency` when the function sets one,
 * else the unreserved pool) refuses an invocation past it as Lambda throttles; `maxEnvironments` is
 * what this machine can run at once, and an invocation past it waits for a running one to end
 * instead of being refused (Lambda would have run it on another machine).
 */
export class FunctionPool {
  readonly functionName: string
  readonly #reservedConcurrency: number
  readonly #maxEnvironments: number
  readonly #waiting: (() => void)[] = []
  #admitted = 0
  readonly #idleTimeoutMs: number
  readonly #clock: Clock
  readonly #start: (generation: number, requestId: string) => ExecutionEnvironment
  readonly #initSlots: InitSlots | undefined
  readonly #idle: ExecutionEnvironment[] = []
  readonly #all = new Set<ExecutionEnvironment>()
  #running = 0
  #generation = 0
  #closed = false

  constructor(options: {
    functionName: string
    /** Set only when the function sets its own; otherwise the unreserved pool applies. */
    reservedConcurrency?: number
    /** Environments that may run at once on this machine; more invocations wait. */
    maxEnvironments?: number
    idleTimeoutMs: number
    clock: Clock
    /** Starts an environment for a cold start; `requestId` is the invocation it serves. */
    start: (generation: number, requestId: string) => ExecutionEnvironment
    /** Shared by every pool of a host: how many inits may run at once. Unlimited when not given. */
    initSlots?: InitSlots
  }) {
    this.functionName = options.functionName
    this.#reservedConcurrency = options.reservedConcurrency ?? UNRESERVED_CONCURRENCY
    this.#maxEnvironments = Math.max(1, options.maxEnvironments ?? Number.POSITIVE_INFINITY)
    this.#idleTimeoutMs = options.idleTimeoutMs
    this.#clock = options.clock
    this.#start = options.start
    this.#initSlots = options.initSlots
  }

  /** Throws TooManyRequestsError when the function's concurrency is used up (before any work is done). */
  async invoke(invocation: WorkerInvocation): Promise<PoolOutcome> {
    if (this.#closed) throw new Error(`the host is closed; ${this.functionName} cannot run`)
    if (this.#admitted >= this.#reservedConcurrency) throw new TooManyRequestsError(this.functionName)
    this.#admitted++
    try {
      if (this.#running >= this.#maxEnvironments) await new Promise<void>((resolve) => this.#waiting.push(resolve))
      if (this.#closed) throw new Error(`the host is closed; ${this.functionName} cannot run`)
      return await this.#run(invocation)
    } finally {
      this.#admitted--
    }
  }

  async #run(invocation: WorkerInvocation): Promise<PoolOutcome> {
    this.#running++
    try {
      let worker = this.#takeIdle()
      let initDurationMs: number | undefined
      if (worker === undefined) {
        const release = await this.#initSlots?.acquire()
        try {
          // An environment that became idle while this one waited for a slot serves it warm.
          worker = release === undefined ? undefined : this.#takeIdle()
          if (worker === undefined) {
            if (this.#closed) throw new Error(`the host is closed; ${this.functionName} cannot run`)
            worker = this.#start(this.#generation, invocation.requestId)
            this.#all.add(worker)
            await worker.ready
            initDurationMs = worker.initDurationMs
          }
        } finally {
          release?.()
        }
      }
      if (initDurationMs !== undefined) {
        const initError = await worker.ready
        if (initError !== undefined) {
          this.#discard(worker)
          const status = initError.errorType === 'Sandbox.Timedout' ? 'timeout' : 'error'
          return { payload: JSON.stringify(initError), failed: true, reusable: false, status, initDurationMs }
        }
      }
      const outcome = await worker.invoke(invocation)
      if (outcome.reusable && worker.alive && worker.generation === this.#generation && !this.#closed) {
        worker.lastUsedAt = this.#clock.now()
        this.#idle.push(worker)
      } else {
        this.#discard(worker)
      }
      return initDurationMs === undefined ? outcome : { ...outcome, initDurationMs }
    } finally {
      this.#running--
      this.#waiting.shift()?.()
    }
  }

  /** Ends environments idle for longer than the idle timeout; returns how many. */
  retireIdle(): number {
    const cutoff = this.#clock.now() - this.#idleTimeoutMs
    let retired = 0
    for (let i = this.#idle.length - 1; i >= 0; i--) {
      const worker = this.#idle[i]
      if (worker.lastUsedAt <= cutoff || !worker.alive) {
        this.#idle.splice(i, 1)
        this.#discard(worker)
        retired++
      }
    }
    return retired
  }

  /**
   * New code: idle environments end now, busy ones when their invocation ends, and the next
   * invocation cold-starts with a fresh module graph (a new worker imports everything again).
   */
  reload(): void {
    this.#generation++
    for (const worker of this.#idle.splice(0)) this.#discard(worker)
  }

  get stats(): { readonly running: number; readonly idle: number; readonly waiting: number } {
    return { running: this.#running, idle: this.#idle.length, waiting: this.#waiting.length }
  }

  async close(): Promise<void> {
    this.#closed = true
    for (const wake of this.#waiting.splice(0)) wake()
    this.#idle.length = 0
    await Promise.all([...this.#all].map((worker) => worker.terminate()))
    this.#all.clear()
  }

  #takeIdle(): ExecutionEnvironment | undefined {
    for (;;) {
      const worker = this.#idle.pop()
      if (worker === undefined || worker.alive) return worker
      this.#all.delete(worker)
    }
  }

  #discard(worker: ExecutionEnvironment): void {
    this.#all.delete(worker)
    if (worker.alive) void worker.terminate()
  }
}

/**
 * How many cold starts may run their init at once, over every function of a host. A cold start past
 * it waits before its runtime starts, so its init phase (and the init timeout) begins only when it
 * has a core to run on: fifty cold starts on two cores queue instead of all timing out together.
 */
export class InitSlots {
  readonly #limit: number
  readonly #waiting: (() => void)[] = []
  #inUse = 0

  constructor(limit: number) {
    this.#limit = Math.max(1, limit)
  }

  /** Resolves with the release once a slot is free. */
  async acquire(): Promise<() => void> {
    if (this.#inUse >= this.#limit) await new Promise<void>((resolve) => this.#waiting.push(resolve))
    else this.#inUse++
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.#waiting.shift()
      if (next === undefined) this.#inUse--
      else next()
    }
  }

  get stats(): { readonly running: number; readonly waiting: number } {
    return { running: this.#inUse, waiting: this.#waiting.length }
  }
}
