import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Redis } from 'ioredis'
import { ManualClock } from '../../core/clock.ts'
import { connectTestRedis, deleteKeysWithPrefix, uniqueKeyPrefix } from '../../../test/helpers/redis.ts'
import { describeWithRedis } from '../../../test/helpers/redis-server.ts'
import { describeAuthorizerCacheContract } from '../authorizer-cache.contract.ts'
import { describeQuotaCountersContract } from '../quota-counters.contract.ts'
import { describeResponseCacheContract } from '../response-cache.contract.ts'
import { describeThrottleCountersContract } from '../throttle-counters.contract.ts'
import { describeUsageMeterContract } from '../usage-meter.contract.ts'
import { sequentialMeter } from '../usage-meter.ts'
import { MemoryQuotaCounters } from '../memory/memory-quota-counters.ts'
import { MemoryThrottleCounters } from '../memory/memory-throttle-counters.ts'
import { createRedisClient, type GatehouseRedis } from './redis-client.ts'
import { RedisAuthorizerCache } from './redis-authorizer-cache.ts'
import { RedisQuotaCounters } from './redis-quota-counters.ts'
import { RedisResponseCache } from './redis-response-cache.ts'
import { RedisThrottleCounters } from './redis-throttle-counters.ts'
import { RedisUsageMeter } from './redis-usage-meter.ts'

// The same contract suites the memory adapters pass, against a real Redis (REDIS_URL, else a private redis-server).
describeWithRedis('Redis state adapters', (redis) => {
  // Each factory call gets its own key prefix, so every test starts empty; the run's keys are deleted after.
  const runPrefix = uniqueKeyPrefix('state')
  const clients: GatehouseRedis[] = []
  let admin: Redis
  let made = 0
  const fresh = (): GatehouseRedis => {
    const client = createRedisClient({ url: redis.url, keyPrefix: `${runPrefix}${made++}:`, queueUntilConnected: true })
    clients.push(client)
    return client
  }

  before(async () => {
    admin = await connectTestRedis(redis.url)
  })
  after(async () => {
    await deleteKeysWithPrefix(admin, runPrefix)
    admin.disconnect()
    for (const client of clients) client.disconnect()
  })

  describeThrottleCountersContract('redis', (clock) => new RedisThrottleCounters(fresh(), clock))
  describeQuotaCountersContract('redis', () => new RedisQuotaCounters(fresh()))
  describeAuthorizerCacheContract('redis', async (clock) => new RedisAuthorizerCache(fresh(), clock))
  describeResponseCacheContract('redis', (clock) => new RedisResponseCache(fresh(), clock))
  describeUsageMeterContract('redis (one script)', (clock) => {
    const client = fresh()
    return { meter: new RedisUsageMeter(client, clock), throttle: new RedisThrottleCounters(client, clock), quota: new RedisQuotaCounters(client) }
  })

  describe('RedisResponseCache', () => {
    it('keeps the body bytes exactly, newlines and invalid UTF-8 included', async () => {
      const cache = new RedisResponseCache(fresh(), new ManualClock())
      const body = Buffer.from([0x0a, 0xff, 0x00, 0x0a, 0xc3])
      assert.equal(await cache.put('api/prod', 'GET|/bin', { statusCode: 200, headers: [['Content-Type', 'application/octet-stream']], body }, 60, 1_000_000), true)
      assert.deepEqual((await cache.get('api/prod', 'GET|/bin'))?.body, body)
    })
  })

  describe('RedisUsageMeter (bucket and quota in one script)', () => {
    it('gives the same verdicts as the memory adapters taken one after the other', async () => {
      const clock = new ManualClock()
      const redis = new RedisUsageMeter(fresh(), clock)
      const memory = sequentialMeter(new MemoryThrottleCounters(clock), new MemoryQuotaCounters())
      const request = { bucket: { name: 'plan/key', limits: { rateLimit: 2, burstLimit: 3 } }, quota: { subject: 'plan/key', period: 'DAY:2026-01-01', day: '2026-01-01', limit: 5 } }
      const verdicts = { redis: [] as string[], memory: [] as string[] }
      for (let i = 0; i < 12; i++) {
        verdicts.redis.push(await redis.meter(request))
        verdicts.memory.push(await memory.meter(request))
        clock.advance(250)
      }
      assert.deepEqual(verdicts.redis, verdicts.memory)
      assert.ok(verdicts.redis.includes('throttled') && verdicts.redis.includes('quota-exceeded'), verdicts.redis.join())
      assert.equal(verdicts.redis.filter((v) => v === 'allowed').length, 5, 'a throttled request used no quota')
    })

    it('a key without a throttle or a quota is allowed; one script call either way', async () => {
      const client = fresh()
      const meter = new RedisUsageMeter(client, new ManualClock())
      assert.equal(await meter.meter({}), 'allowed')
      assert.equal(await meter.meter({ quota: { subject: 's', period: 'WEEK:2026-01-05', day: '2026-01-05', limit: 1 } }), 'allowed')
      assert.equal(await meter.meter({ quota: { subject: 's', period: 'WEEK:2026-01-05', day: '2026-01-05', limit: 1 } }), 'quota-exceeded')
      assert.equal(await new RedisQuotaCounters(client).usedOnDay('s', '2026-01-05'), 1)
    })

    it('the script is reloaded (EVALSHA falls back to EVAL) after the server forgets it', async () => {
      const client = fresh()
      const throttle = new RedisThrottleCounters(client, new ManualClock())
      assert.equal(await throttle.take('b', { rateLimit: 1, burstLimit: 2 }), true)
      await admin.script('FLUSH')
      assert.equal(await throttle.take('b', { rateLimit: 1, burstLimit: 2 }), true)
      assert.equal(await throttle.take('b', { rateLimit: 1, burstLimit: 2 }), false)
    })

    it('keys expire: a bucket once it would be full again, quota counters after 400 days', async () => {
      const client = fresh()
      // 60 tokens at 1 a second: full again 60 s after a take, so the TTL read below cannot have run out meanwhile.
    await new RedisThrottleCounters(client, new ManualClock()).take('plan/k', { rateLimit: 1, burstLimit: 60 })
      await new RedisQuotaCounters(client).consume('plan/k', 'DAY:2026-01-01', '2026-01-01', 5)
      const keys = await admin.keys(`${client.options.keyPrefix}*`)
      assert.equal(keys.length, 3, keys.join())
      for (const key of keys) {
        const ttl = await admin.pttl(key)
        if (key.includes('bucket:')) assert.ok(ttl > 0 && ttl <= 61_000, `bucket ttl ${ttl}`)
        else assert.ok(ttl > 399 * 86_400_000, `${key} ttl ${ttl}`)
      }
    })
  })
})
