import { describeResponseCacheContract } from '../response-cache.contract.ts'
import { MemoryResponseCache } from './memory-response-cache.ts'

describeResponseCacheContract('memory', (clock) => new MemoryResponseCache(clock))
