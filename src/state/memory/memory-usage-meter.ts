import type { MeterRequest, MeterVerdict, UsageMeter } from '../usage-meter.ts'
import type { MemoryQuotaCounters } from './memory-quota-counters.ts'
import type { MemoryThrottleCounters } from './memory-throttle-counters.ts'

/**
 * The one-process UsageMeter: the steps of usage-meter.ts in their order, on the memory counters directly. The same
 * steps as `sequentialMeter`, but answered at once (`meterNow`), or in one promise per request instead of one per step:
 * a keyed request's metering was four awaits, each a turn of the microtask queue, for counters that answer at once.
 */
export function memoryUsageMeter(throttle: MemoryThrottleCounters, quota: MemoryQuotaCounters): UsageMeter {
  const meterNow = ({ bucket, quota: counted, after = [] }: MeterRequest): MeterVerdict => {
    if (bucket !== undefined && !throttle.takeNow(bucket.name, bucket.limits)) return 'throttled'
    if (counted !== undefined && quota.usedNow(counted.subject, counted.period) >= counted.limit) return 'quota-exceeded'
    if (after.length > 0 && !throttle.takeEachNow(after)) return 'throttled'
    if (counted !== undefined && !quota.consumeNow(counted.subject, counted.period, counted.day, counted.limit)) return 'quota-exceeded'
    return 'allowed'
  }
  return { meterNow, meter: async (request) => meterNow(request) }
}
