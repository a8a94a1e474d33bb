import type { Clock } from '../../core/clock.ts'
import { GATEWAY_MESSAGES, GatewayError } from '../../core/gateway-error.ts'
import type { Logger } from '../../core/logger.ts'
import type { AuthorizerCache } from '../authorizer-cache.ts'
import { memoryStateBackend, type RedisFailurePolicy, type StateBackend } from '../state-backend.ts'
import type { QuotaCounters } from '../quota-counters.ts'
import type { ResponseCache } from '../response-cache.ts'
import { takeEach, type ThrottleCounters } from '../throttle-counters.ts'
import type { UsageMeter } from '../usage-meter.ts'
import { RedisAuthorizerCache } from './redis-authorizer-cache.ts'
import { RedisAvailability } from './redis-availability.ts'
import { createRedisClient, waitUntilReady } from './redis-client.ts'
import { RedisQuotaCounters } from './redis-quota-counters.ts'
import { RedisResponseCache } from './redis-response-cache.ts'
import { RedisThrottleCounters } from './redis-throttle-counters.ts'
import { RedisUsageMeter } from './redis-usage-meter.ts'

export interface RedisStateOptions {
  readonly url: string
  readonly keyPrefix: string
  readonly failurePolicy: RedisFailurePolicy
  readonly clock: Clock
  readonly logger: Logger
  readonly commandTimeoutMs?: number
  /** How long startup waits for a first connection before serving by the failure policy (default 2 s). */
  readonly connectWaitMs?: number
}

/**
 * Redis state with a failure policy. While Redis cannot be reached:
 * - `fail-open` (the default): buckets and quotas are this process's own memory ones, so traffic
 *   keeps flowing, limited per process instead of across the fleet;
 * - `fail-closed`: requests that need a bucket or a quota — every request, since the account's
 *   bucket is shared too — get 500 `Internal server error` (DEFAULT_5XX). Not 429: AWS answers 429 only when the caller is over a limit, and clients back
 *   off as if they were; an unreachable counter store is the gateway's own failure, which AWS reports
 *   as a 5XX (and SDKs retry those too).
 * Authorizer results and stage response caches fall back to memory ones under either policy: a cache
 * miss is never wrong.
 */
export async function openRedisStateBackend(options: RedisStateOptions): Promise<StateBackend> {
  const client = createRedisClient({ url: options.url, keyPrefix: options.keyPrefix, commandTimeoutMs: options.commandTimeoutMs })
  const endpoint = `${client.options.host ?? '127.0.0.1'}:${client.options.port ?? 6379}`
  const availability = new RedisAvailability(client, { logger: options.logger, clock: options.clock, endpoint })
  if (!(await waitUntilReady(client, options.connectWaitMs ?? 2_000)) && !availability.down) {
    availability.markDown(new Error(availability.lastError ?? `cannot connect to Redis at ${endpoint}`))
  }

  const local = memoryStateBackend(options.clock)
  const open = options.failurePolicy === 'fail-open'
  const refuse = (): never => {
    throw new GatewayError('DEFAULT_5XX', GATEWAY_MESSAGES.internalServerError, { statusCode: 500 })
  }
  const shared = {
    throttle: new RedisThrottleCounters(client, options.clock),
    quota: new RedisQuotaCounters(client),
    meter: new RedisUsageMeter(client, options.clock),
    authorizerCache: new RedisAuthorizerCache(client, options.clock),
    responseCache: new RedisResponseCache(client, options.clock),
  }
  const throttle: ThrottleCounters = {
    take: (bucket, limits) => availability.run(() => shared.throttle.take(bucket, limits), async () => (open ? local.throttle.take(bucket, limits) : refuse())),
    takeEach: (buckets) => availability.run(() => shared.throttle.takeEach(buckets), async () => (open ? takeEach(local.throttle, buckets) : refuse())),
  }
  const quota: QuotaCounters = {
    consume: (subject, period, day, limit) =>
      availability.run(() => shared.quota.consume(subject, period, day, limit), async () => (open ? local.quota.consume(subject, period, day, limit) : refuse())),
    used: (subject, period) => availability.run(() => shared.quota.used(subject, period), async () => (open ? local.quota.used(subject, period) : refuse())),
    setUsed: (subject, period, used) =>
      availability.run(() => shared.quota.setUsed(subject, period, used), async () => (open ? local.quota.setUsed(subject, period, used) : refuse())),
    usedOnDay: (subject, day) => availability.run(() => shared.quota.usedOnDay(subject, day), async () => (open ? local.quota.usedOnDay(subject, day) : refuse())),
  }
  const meter: UsageMeter = {
    meter: (request) => availability.run(() => shared.meter.meter(request), async () => (open ? local.meter.meter(request) : refuse())),
  }
  const authorizerCache: AuthorizerCache = {
    get: (key) => availability.run(() => shared.authorizerCache.get(key), () => local.authorizerCache.get(key)),
    set: (key, value, ttlMs) => availability.run(() => shared.authorizerCache.set(key, value, ttlMs), () => local.authorizerCache.set(key, value, ttlMs)),
    flushStage: async (restApiId, stageName) => {
      await local.authorizerCache.flushStage(restApiId, stageName)
      await availability.run(() => shared.authorizerCache.flushStage(restApiId, stageName), async () => {})
    },
  }
  const responseCache: ResponseCache = {
    get: (cluster, key) => availability.run(() => shared.responseCache.get(cluster, key), () => local.responseCache.get(cluster, key)),
    put: (cluster, key, response, ttlSeconds, capacityBytes) =>
      availability.run(() => shared.responseCache.put(cluster, key, response, ttlSeconds, capacityBytes), () => local.responseCache.put(cluster, key, response, ttlSeconds, capacityBytes)),
    flush: async (cluster) => {
      await local.responseCache.flush(cluster)
      await availability.run(() => shared.responseCache.flush(cluster), async () => {})
    },
  }
  return {
    throttle,
    quota,
    meter,
    authorizerCache,
    responseCache,
    health: () => {
      const since = availability.downSince
      return {
        backend: 'redis',
        status: since === undefined ? 'ok' : 'unavailable',
        failurePolicy: options.failurePolicy,
        endpoint,
        ...(since === undefined ? {} : { unavailableSince: new Date(since).toISOString(), lastError: availability.lastError }),
      }
    },
    async close() {
      // A deliberate close is not an outage: nothing to log.
      client.removeAllListeners('close')
      client.disconnect()
    },
  }
}
