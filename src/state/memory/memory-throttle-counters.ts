import type { Clock } from '../../core/clock.ts'
import type { NamedBucket, ThrottleCounters, TokenBucketLimits } from '../throttle-counters.ts'

interface Bucket {
  tokens: number
  updatedMs: number
}

/**
 * Token buckets in this process's memory, refilled lazily from the injected clock: a bucket is only
 * touched when a request asks it, so idle ones cost nothing but their entry.
 */
export class MemoryThrottleCounters implements ThrottleCounters {
  readonly #clock: Clock
  readonly #buckets = new Map<string, Bucket>()

  constructor(clock: Clock) {
    this.#clock = clock
  }

  async take(name: string, limits: TokenBucketLimits): Promise<boolean> {
    return this.takeNow(name, limits)
  }

  /** One call for the stage's and the account's buckets: in one process the takes need not wait on one another. */
  async takeEach(buckets: readonly NamedBucket[]): Promise<boolean> {
    return this.takeEachNow(buckets)
  }

  /** `take` without a promise, for the memory usage meter (memory-usage-meter.ts). */
  takeNow(name: string, limits: TokenBucketLimits): boolean {
    const now = this.#clock.now()
    const capacity = Math.max(0, limits.burstLimit)
    let bucket = this.#buckets.get(name)
    if (bucket === undefined) {
      // A new bucket starts full: the first burst is allowed.
      bucket = { tokens: capacity, updatedMs: now }
      this.#buckets.set(name, bucket)
    } else {
      const elapsedSeconds = Math.max(0, now - bucket.updatedMs) / 1000
      bucket.tokens = Math.min(capacity, bucket.tokens + elapsedSeconds * Math.max(0, limits.rateLimit))
      bucket.updatedMs = now
    }
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }

  /** `takeEach` without a promise: one bucket after another, stopping at the first empty one. */
  takeEachNow(buckets: readonly NamedBucket[]): boolean {
    for (const bucket of buckets) if (!this.takeNow(bucket.name, bucket.limits)) return false
    return true
  }
}
