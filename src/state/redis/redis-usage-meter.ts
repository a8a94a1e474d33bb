import type { Clock } from '../../core/clock.ts'
import type { MeterRequest, MeterVerdict, UsageMeter } from '../usage-meter.ts'
import type { GatehouseRedis } from './redis-client.ts'
import { bucketKey, dayKey, periodKey, USAGE_TTL_SECONDS } from './redis-keys.ts'

const VERDICTS: readonly MeterVerdict[] = ['allowed', 'throttled', 'quota-exceeded']

/** A request's buckets and quota in one script: one round trip to Redis per metered request. */
export class RedisUsageMeter implements UsageMeter {
  readonly #client: GatehouseRedis
  readonly #clock: Clock

  constructor(client: GatehouseRedis, clock: Clock) {
    this.#client = client
    this.#clock = clock
  }

  async meter({ bucket, quota, after = [] }: MeterRequest): Promise<MeterVerdict> {
    // Unused keys still name the subject's slot, so the plan's keys always share one hash tag. The
    // stage's and account's buckets have their own (as takeEach's do): one script needs one Redis
    // node for them all, as a single Redis or a replicated one is (not a sharded Redis Cluster).
    const subject = quota?.subject ?? bucket?.name ?? ''
    const result = await this.#client.gatehouseMeter(
      3 + after.length,
      bucketKey(bucket?.name ?? subject),
      periodKey(subject, quota?.period ?? '-'),
      dayKey(subject, quota?.day ?? '-'),
      ...after.map(({ name }) => bucketKey(name)),
      bucket === undefined ? 0 : 1,
      Math.max(0, bucket?.limits.rateLimit ?? 0),
      Math.max(0, bucket?.limits.burstLimit ?? 0),
      this.#clock.now(),
      quota === undefined ? 0 : 1,
      quota?.limit ?? 0,
      USAGE_TTL_SECONDS,
      ...after.flatMap(({ limits }) => [Math.max(0, limits.rateLimit), Math.max(0, limits.burstLimit)]),
    )
    return VERDICTS[result] ?? 'allowed'
  }
}
