import type { Clock } from '../core/clock.ts'
import { TooManyRequestsError } from './function-errors.ts'
import type { ExecutionEnvironment, WorkerInvocation, WorkerOutcome } from './execution-environment.ts'

export interface PoolOutcome extends WorkerOutcome {
  /** Set when this invocation started a new environment (cold start). */
  readonly initDurationMs?: number
}

/**
 * The execution environments of one function. A cold start creates a worker and loads the handler
 * once; a warm start reuses an idle one (the most recently used, so the others age out). At most
 * `reservedConcurrency` invocations run at once; one more is refused as Lambda refuses it.
 */
export class FunctionPool {
  readonly functionName: string
  readonly #reservedConcurrency: number
  readonly #idleTimeoutMs: number
  readonly #clock: Clock
  readonly #start: (generation: number) => ExecutionEnvironment
  readonly #idle: ExecutionEnvironment[] = []
  readonly #all = new Set<ExecutionEnvironment>()
  #running = 0
  #generation = 0
  #closed = false

  constructor(options: {
    functionName: string
    reservedConcurrency: number
    idleTimeoutMs: number
    clock: Clock
    start: (generation: number) => ExecutionEnvironment
  }) {
    this.functionName = options.functionName
    this.#reservedConcurrency = options.reservedConcurrency
    this.#idleTimeoutMs = options.idleTimeoutMs
    this.#clock = options.clock
    this.#start = options.start
  }

  /** Throws TooManyRequestsError when every reserved slot is taken (before any work is done). */
  async invoke(invocation: WorkerInvocation): Promise<PoolOutcome> {
    if (this.#closed) throw new Error(`the host is closed; ${this.functionName} cannot run`)
    if (this.#running >= this.#reservedConcurrency) throw new TooManyRequestsError(this.functionName)
    this.#running++
    try {
      let worker = this.#takeIdle()
      let initDurationMs: number | undefined
      if (worker === undefined) {
        worker = this.#start(this.#generation)
        this.#all.add(worker)
        const initError = await worker.ready
        initDurationMs = worker.initDurationMs
        if (initError !== undefined) {
          this.#discard(worker)
          return { payload: JSON.stringify(initError), failed: true, reusable: false, status: 'error', initDurationMs }
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

  get stats(): { readonly running: number; readonly idle: number } {
    return { running: this.#running, idle: this.#idle.length }
  }

  async close(): Promise<void> {
    this.#closed = true
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
