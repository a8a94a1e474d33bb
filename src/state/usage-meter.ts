import type { QuotaCounters } from './quota-counters.ts'
import type { ThrottleCounters, TokenBucketLimits } from './throttle-counters.ts'

/**
 * One request's usage-plan metering as a single step: take a token from the key's bucket, then (only
 * when it got one — a throttled request uses no quota) count it against the quota. A shared adapter
 * does both in one atomic call, so a request costs one round trip to the state store, not two.
 */
export interface MeterRequest {
  readonly bucket?: { readonly name: string; readonly limits: TokenBucketLimits }
  readonly quota?: { readonly subject: string; readonly period: string; readonly day: string; readonly limit: number }
}

export type MeterVerdict = 'allowed' | 'throttled' | 'quota-exceeded'

export interface UsageMeter {
  meter(request: MeterRequest): Promise<MeterVerdict>
}

/** Any ThrottleCounters and QuotaCounters as a UsageMeter: two calls, one after the other (fine in memory). */
export function sequentialMeter(throttle: ThrottleCounters, quota: QuotaCounters): UsageMeter {
  return {
    async meter({ bucket, quota: counted }) {
      if (bucket !== undefined && !(await throttle.take(bucket.name, bucket.limits))) return 'throttled'
      if (counted !== undefined && !(await quota.consume(counted.subject, counted.period, counted.day, counted.limit))) return 'quota-exceeded'
      return 'allowed'
    },
  }
}
