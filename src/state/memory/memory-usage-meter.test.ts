import { describeUsageMeterContract } from '../usage-meter.contract.ts'
import { sequentialMeter } from '../usage-meter.ts'
import { memoryUsageMeter } from './memory-usage-meter.ts'
import { MemoryQuotaCounters } from './memory-quota-counters.ts'
import { MemoryThrottleCounters } from './memory-throttle-counters.ts'

describeUsageMeterContract('memory (one counter after another)', (clock) => {
  const throttle = new MemoryThrottleCounters(clock)
  const quota = new MemoryQuotaCounters()
  return { meter: sequentialMeter(throttle, quota), throttle, quota }
})

describeUsageMeterContract('memory (the one-process meter)', (clock) => {
  const throttle = new MemoryThrottleCounters(clock)
  const quota = new MemoryQuotaCounters()
  return { meter: memoryUsageMeter(throttle, quota), throttle, quota }
})
