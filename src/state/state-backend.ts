import type { Clock } from '../core/clock.ts'
import type { AuthorizerCache } from './authorizer-cache.ts'
import { MemoryAuthorizerCache } from './memory/memory-authorizer-cache.ts'
import { MemoryQuotaCounters } from './memory/memory-quota-counters.ts'
import { MemoryResponseCache } from './memory/memory-response-cache.ts'
import { MemoryThrottleCounters } from './memory/memory-throttle-counters.ts'
import { memoryUsageMeter } from './memory/memory-usage-meter.ts'
import type { QuotaCounters } from './quota-counters.ts'
import type { ResponseCache } from './response-cache.ts'
import type { ThrottleCounters } from './throttle-counters.ts'
import type { UsageMeter } from './usage-meter.ts'

/** What happens to metered requests while Redis cannot be reached (gatehouse.yaml `redisFailure`). */
export type RedisFailurePolicy = 'fail-open' | 'fail-closed'

/** The state backend as GET /_gatehouse/health reports it. */
export interface StateHealth {
  readonly backend: 'memory' | 'redis'
  /** `unavailable`: Redis cannot be reached; requests are served by the failure policy. */
  readonly status: 'ok' | 'unavailable'
  readonly failurePolicy?: RedisFailurePolicy
  /** Where Redis is (host and port only, never a password). */
  readonly endpoint?: string
  /** ISO date-time the current outage began. */
  readonly unavailableSince?: string
  readonly lastError?: string
}

/**
 * All the gateway's shared request-path state (docs/architecture.md, "State"): the composition root picks memory (one
 * process, the default) or Redis (every gateway on one Redis shares buckets, quotas and caches).
 */
export interface StateBackend {
  readonly throttle: ThrottleCounters
  readonly quota: QuotaCounters
  /** A usage-plan request's bucket and quota in one step (one round trip on Redis). */
  readonly meter: UsageMeter
  readonly authorizerCache: AuthorizerCache
  /** Stages' response caches (cacheClusterEnabled). */
  readonly responseCache: ResponseCache
  health(): StateHealth
  close(): Promise<void>
}

export function memoryStateBackend(clock: Clock): StateBackend {
  const throttle = new MemoryThrottleCounters(clock)
  const quota = new MemoryQuotaCounters()
  return {
    throttle,
    quota,
    meter: memoryUsageMeter(throttle, quota),
    authorizerCache: new MemoryAuthorizerCache(clock),
    responseCache: new MemoryResponseCache(clock),
    health: () => ({ backend: 'memory', status: 'ok' }),
    close: async () => {},
  }
}
