import type { Redis } from 'ioredis'
import type { Clock } from '../../core/clock.ts'
import type { Logger } from '../../core/logger.ts'

/** While Redis is marked down but the socket looks open (a hung server), one probe at most this often. */
const PROBE_INTERVAL_MS = 1_000

/**
 * Whether Redis is usable right now, and the one place that says so in the log: an outage is logged
 * once when it begins and once when it ends. A call goes to Redis only when the connection is ready;
 * a failure marks it down. Recovery needs nothing from anyone: ioredis reconnects in the background,
 * and the next call that succeeds (or the `ready` event) marks it up again.
 */
export class RedisAvailability {
  readonly #client: Redis
  readonly #logger: Logger
  readonly #clock: Clock
  readonly #endpoint: string
  #downSince: number | undefined
  #lastError: string | undefined
  #probing = false
  #lastProbe = 0

  constructor(client: Redis, options: { logger: Logger; clock: Clock; endpoint: string }) {
    this.#client = client
    this.#logger = options.logger
    this.#clock = options.clock
    this.#endpoint = options.endpoint
    // ioredis emits `error` for every failed reconnect: keep the last one for health, log nothing here.
    client.on('error', (error: Error) => {
      this.#lastError = error.message
    })
    client.on('ready', () => this.#up())
    client.on('close', () => {
      if (this.#downSince === undefined) this.markDown(new Error(this.#lastError ?? 'connection to Redis closed'))
    })
  }

  get down(): boolean {
    return this.#downSince !== undefined
  }

  get downSince(): number | undefined {
    return this.#downSince
  }

  get lastError(): string | undefined {
    return this.#lastError
  }

  /** Runs `call` on Redis when it is usable, else (or when it fails) `fallback`. */
  async run<T>(call: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (this.#client.status !== 'ready') {
      if (this.#downSince === undefined) this.markDown(new Error(`Redis connection is ${this.#client.status}`))
      return fallback()
    }
    const probe = this.#downSince !== undefined
    if (probe) {
      const now = this.#clock.now()
      if (this.#probing || now - this.#lastProbe < PROBE_INTERVAL_MS) return fallback()
      this.#probing = true
      this.#lastProbe = now
    }
    try {
      const result = await call()
      if (probe) this.#up()
      return result
    } catch (error) {
      this.markDown(error as Error)
      return fallback()
    } finally {
      if (probe) this.#probing = false
    }
  }

  markDown(error: Error): void {
    this.#lastError = error.message
    if (this.#downSince !== undefined) return
    this.#downSince = this.#clock.now()
    this.#lastProbe = this.#downSince
    this.#logger.error({ endpoint: this.#endpoint, err: error.message }, 'Redis state backend unavailable: serving by the failure policy until it returns')
  }

  #up(): void {
    if (this.#downSince === undefined) return
    const seconds = (this.#clock.now() - this.#downSince) / 1000
    this.#downSince = undefined
    this.#logger.warn({ endpoint: this.#endpoint, unavailableSeconds: seconds }, 'Redis state backend available again')
  }
}
