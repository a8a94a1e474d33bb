import type { QuotaCounters } from './quota-counters.ts'
import { takeEach, type NamedBucket, type ThrottleCounters, type TokenBucketLimits } from './throttle-counters.ts'

/**
 * One request's metering as a single step, in AWS's order (most specific limit first):
 * 1. the key's bucket (the usage plan's) — empty: `throttled`, nothing else taken or counted;
 * 2. the quota — used up: `quota-exceeded`, no token taken from the buckets after it;
 * 3. the buckets `after` it (the stage's and the account's, shared by every caller) — one empty:
 *    `throttled`; tokens taken before it stay taken, as separate takes would leave them;
 * 4. only then is the request counted against the quota.
 * So a request refused by the stage's or the account's bucket uses no quota. AWS's developer guide
 * does not say either way; a client that was answered 429 Too Many Requests expects its retry, not
 * its refused attempt, to count — and it keeps GetUsage equal to the requests that went through.
 * A shared adapter does all of it in one atomic call: one round trip to the state store per request.
 */
export interface MeterRequest {
  readonly bucket?: { readonly name: string; readonly limits: TokenBucketLimits }
  readonly quota?: { readonly subject: string; readonly period: string; readonly day: string; readonly limit: number }
  /** The stage's and the account's buckets, taken after the plan's bucket and the quota check. */
  readonly after?: readonly NamedBucket[]
}

export type MeterVerdict = 'allowed' | 'throttled' | 'quota-exceeded'

export interface UsageMeter {
  meter(request: MeterRequest): Promise<MeterVerdict>
  /** `meter` answered at once, by a meter whose counters need not be waited for (memory). */
  meterNow?(request: MeterRequest): MeterVerdict
}

/**
 * Any ThrottleCounters and QuotaCounters as a UsageMeter: the steps one call after another (fine in
 * memory). The final consume is what counts: two requests racing for the quota's last unit between
 * the check and the count both take their stage tokens, and the loser is still refused.
 */
export function sequentialMeter(throttle: ThrottleCounters, quota: QuotaCounters): UsageMeter {
  return {
    async meter({ bucket, quota: counted, after = [] }) {
      if (bucket !== undefined && !(await throttle.take(bucket.name, bucket.limits))) return 'throttled'
      if (counted !== undefined && (await quota.used(counted.subject, counted.period)) >= counted.limit) return 'quota-exceeded'
      if (after.length > 0 && !(await takeEach(throttle, after))) return 'throttled'
      if (counted !== undefined && !(await quota.consume(counted.subject, counted.period, counted.day, counted.limit))) return 'quota-exceeded'
      return 'allowed'
    },
  }
}
