import type { Clock } from '../../core/clock.ts'
import type { ThrottleSettings, UsagePlan } from '../../model/usage-plan.ts'
import type { QuotaCounters } from '../../state/quota-counters.ts'
import type { NamedBucket, ThrottleCounters, TokenBucketLimits } from '../../state/throttle-counters.ts'
import { sequentialMeter, type MeterRequest, type UsageMeter } from '../../state/usage-meter.ts'
import { periodLimit, quotaWindow, utcDay } from './quota-period.ts'

/**
 * A usage plan's limits for one API key (developer guide, "Usage plans" and "Throttle requests"):
 * the most specific throttle configured — the plan's per-method throttle for this API stage
 * (`apiStages[].throttle["/{resourcePath}/{httpMethod}"]`), else the plan's own `throttle` — as a
 * token bucket per key, then the plan's quota per key and period. A throttled request uses no quota.
 */

export interface UsagePlanState {
  readonly throttle: ThrottleCounters
  readonly quota: QuotaCounters
  readonly clock: Clock
  /** Bucket and quota in one step (one round trip on Redis); the two counters one after the other when absent. */
  readonly meter?: UsageMeter
}

export interface MeteredRequest {
  readonly usagePlan: UsagePlan
  readonly apiKeyId: string
  readonly restApiId: string
  readonly stageName: string
  /**
   * The method as declared: `/pets/{id}` and `GET` (or `ANY`), for the plan's per-method throttle;
   * absent for a WebSocket route, which has no method (only the plan's own throttle applies).
   */
  readonly resourcePath?: string
  readonly httpMethod?: string
}

export type UsageVerdict = 'allowed' | 'throttled' | 'quota-exceeded'

/** The counters' name for one key in one plan. */
export const usageSubject = (usagePlanId: string, apiKeyId: string): string => `${usagePlanId}/${apiKeyId}`

/**
 * `after`: the stage's and the account's buckets, taken in the same step after the plan's bucket and
 * the quota check (usage-meter.ts), so a keyed request costs one call to the state store.
 */
export async function meterUsage(request: MeteredRequest, state: UsagePlanState, after: readonly NamedBucket[] = []): Promise<UsageVerdict> {
  const metered = meterRequestOf(request, state, after)
  return metered === undefined ? 'allowed' : (state.meter ?? sequentialMeter(state.throttle, state.quota)).meter(metered)
}

/** `meterUsage` answered at once when the state's meter can (memory); undefined when it must be awaited. */
export function meterUsageNow(request: MeteredRequest, state: UsagePlanState, after: readonly NamedBucket[] = []): UsageVerdict | undefined {
  if (state.meter?.meterNow === undefined) return undefined
  const metered = meterRequestOf(request, state, after)
  return metered === undefined ? 'allowed' : state.meter.meterNow(metered)
}

/** What the meter is asked for this key's request: its plan's bucket and quota, then `after`; undefined when nothing limits it. */
function meterRequestOf(request: MeteredRequest, state: UsagePlanState, after: readonly NamedBucket[]): MeterRequest | undefined {
  const { usagePlan: plan, apiKeyId } = request
  const subject = usageSubject(plan.id, apiKeyId)
  const methodKey = request.resourcePath === undefined || request.httpMethod === undefined
    ? undefined
    : request.resourcePath === '/' ? `/${request.httpMethod}` : `${request.resourcePath}/${request.httpMethod}`
  const apiStage = plan.apiStages.find((entry) => entry.apiId === request.restApiId && entry.stage === request.stageName)
  const methodLimits = methodKey === undefined ? undefined : bucketLimits(apiStage?.throttle?.[methodKey])
  const planLimits = bucketLimits(plan.throttle)
  const metered: { -readonly [K in keyof MeterRequest]: MeterRequest[K] } = after.length > 0 ? { after } : {}
  if (methodLimits !== undefined && methodKey !== undefined) metered.bucket = { name: `${subject}${methodKey}`, limits: methodLimits }
  else if (planLimits !== undefined) metered.bucket = { name: subject, limits: planLimits }
  const quota = plan.quota
  if (quota?.limit !== undefined && quota.period !== undefined) {
    const now = state.clock.now()
    const window = quotaWindow(quota.period, now)
    const limit = periodLimit({ limit: quota.limit, offset: quota.offset, period: quota.period }, window, plan.createdAt)
    metered.quota = { subject, period: window.id, day: utcDay(now), limit }
  }
  if (metered.bucket === undefined && metered.quota === undefined && metered.after === undefined) return undefined
  return metered
}

/** A throttle limits only when both numbers are set (the console and CLI always send both). */
function bucketLimits(settings: ThrottleSettings | undefined): TokenBucketLimits | undefined {
  if (settings?.rateLimit === undefined || settings.burstLimit === undefined) return undefined
  return { rateLimit: settings.rateLimit, burstLimit: settings.burstLimit }
}

