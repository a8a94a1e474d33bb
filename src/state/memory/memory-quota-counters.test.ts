import { describeQuotaCountersContract } from '../quota-counters.contract.ts'
import { MemoryQuotaCounters } from './memory-quota-counters.ts'

describeQuotaCountersContract('memory', () => new MemoryQuotaCounters())
