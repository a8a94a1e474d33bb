import { describeThrottleCountersContract } from '../throttle-counters.contract.ts'
import { MemoryThrottleCounters } from './memory-throttle-counters.ts'

describeThrottleCountersContract('memory', (clock) => new MemoryThrottleCounters(clock))
