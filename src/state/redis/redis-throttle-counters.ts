import type { Clock } from '../../core/clock.ts'
import type { NamedBucket, ThrottleCounters, TokenBucketLimits } from '../throttle-counters.ts'
import type { GatehouseRedis } from './redis-client.ts'
import { bucketKey } from './redis-keys.ts'

/** Token buckets shared by every gateway on one Redis: each take is one atomic script (redis-scripts.ts). */
export class RedisThrottleCounters implements ThrottleCounters {
  readonly #client: GatehouseRedis
  readonly #clock: Clock

  constructor(client: GatehouseRedis, clock: Clock) {
    this.#client = client
    this.#clock = clock
  }

  async take(bucket: string, limits: TokenBucketLimits): Promise<boolean> {
    const rate = Math.max(0, limits.rateLimit)
    const burst = Math.max(0, limits.burstLimit)
    return (await this.#client.gatehouseTake(bucketKey(bucket), rate, burst, this.#clock.now())) === 1
  }

  async takeEach(buckets: readonly NamedBucket[]): Promise<boolean> {
    if (buckets.length === 0) return true
    const limits = buckets.flatMap(({ limits }) => [Math.max(0, limits.rateLimit), Math.max(0, limits.burstLimit)])
    return (await this.#client.gatehouseTakeEach(buckets.length, ...buckets.map(({ name }) => bucketKey(name)), ...limits, this.#clock.now())) === 1
  }
}
