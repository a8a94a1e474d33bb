import type { Clock } from '../../core/clock.ts'
import type { ThrottleCounters, TokenBucketLimits } from '../throttle-counters.ts'

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
}
