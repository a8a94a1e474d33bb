import type { Clock } from '../../core/clock.ts'
import type { MeterRequest, MeterVerdict, UsageMeter } from '../usage-meter.ts'
import type { GatehouseRedis } from './redis-client.ts'
import { bucketKey, dayKey, periodKey, USAGE_TTL_SECONDS } from './redis-keys.ts'

const VERDICTS: readonly MeterVerdict[] = ['allowed', 'throttled', 'quota-exceeded']

/** A request's bucket and quota in one script: one round trip to Redis per metered request. */
export class RedisUsageMeter implements UsageMeter {
  readonly #client: GatehouseRedis
  readonly #clock: Clock

  constructor(client: GatehouseRedis, clock: Clock) {
    this.#client = client
    this.#clock = clock
  }

  async meter({ bucket, quota }: MeterRequest): Promise<MeterVerdict> {
    // Unused keys still name the subject's slot, so the script's keys always share one hash tag.
    const subject = quota?.subject ?? bucket?.name ?? ''
    const result = await this.#client.gatehouseMeter(
      bucketKey(bucket?.name ?? subject),
      periodKey(subject, quota?.period ?? '-'),
      dayKey(subject, quota?.day ?? '-'),
      bucket === undefined ? 0 : 1,
      Math.max(0, bucket?.limits.rateLimit ?? 0),
      Math.max(0, bucket?.limits.burstLimit ?? 0),
      this.#clock.now(),
      quota === undefined ? 0 : 1,
      quota?.limit ?? 0,
      USAGE_TTL_SECONDS,
    )
    return VERDICTS[result] ?? 'allowed'
  }
}
