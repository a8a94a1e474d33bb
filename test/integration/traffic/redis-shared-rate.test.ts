import assert from 'node:assert/strict'
import {
  CreateApiKeyCommand, CreateDeploymentCommand, CreateRestApiCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, GetUsageCommand,
  PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, it } from 'node:test'
import { ManualClock } from '../../../src/core/clock.ts'
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { connectTestRedis, deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.ts'
import { describeWithRedis } from '../../helpers/redis-server.ts'

/**
 * Three gateways on one store and one Redis hold a usage plan's rate together: a plan of 50 requests a
 * second with a burst of 10 lets 10 through at once and then 50 a second, counted across the three,
 * and a daily quota is one count for all three that starts again at UTC midnight. The gateways share
 * one injected clock, so the counts are exact and nothing waits: time passes when the test says so.
 * (Separate `gatehouse serve` processes, on the system clock, are in redis-shared-limits.test.ts.)
 */
describeWithRedis('three gateways sharing one Redis, on an injected clock', (shared) => {
  const prefix = uniqueKeyPrefix('shared-rate')
  const store = new SqliteStore({ filename: ':memory:' })
  const clock = new ManualClock(Date.parse('2026-03-01T12:00:00Z'))
  const gateways: TestGateway[] = []
  let restApiId: string
  const keys: Record<'throttled' | 'quota', { id: string; value: string; planId: string }> = {} as never

  before(async () => {
    // Exact counts need every take to reach Redis: on a loaded machine a command can outlast the default
    // 500 ms timeout, and fail-open would then count in the gateway's own memory (redis-outage.test.ts
    // tests that policy). Fail closed with room to spare, so a slow Redis shows as a 500, never as a miscount.
    const redis = { url: shared.url, keyPrefix: prefix, failurePolicy: 'fail-closed', commandTimeoutMs: 10_000, connectWaitMs: 10_000 } as const
    const start = () => startTestGateway({ store, clock, redis })
    gateways.push(await start())
    const send = gateways[0].apigateway.send.bind(gateways[0].apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'shared-rate' }))
    restApiId = api.id!
    const where = { restApiId, resourceId: api.rootResourceId!, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE', apiKeyRequired: true }))
    await send(new PutMethodResponseCommand({ ...where, statusCode: '200' }))
    await send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await send(new PutIntegrationResponseCommand({ ...where, statusCode: '200', selectionPattern: '' }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
    const planWithKey = async (name: 'throttled' | 'quota', limits: object) => {
      const plan = await send(new CreateUsagePlanCommand({ name, apiStages: [{ apiId: restApiId, stage: 'prod' }], ...limits }))
      const key = await send(new CreateApiKeyCommand({ name, enabled: true }))
      await send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }))
      keys[name] = { id: key.id!, value: key.value!, planId: plan.id! }
    }
    await planWithKey('throttled', { throttle: { rateLimit: 50, burstLimit: 10 } })
    await planWithKey('quota', { quota: { limit: 30, period: 'DAY' } })
    gateways.push(await start(), await start())
  })

  after(async () => {
    for (const gateway of gateways) await gateway.close()
    await store.close()
    const redis = await connectTestRedis(shared.url)
    try {
      await deleteKeysWithPrefix(redis, prefix)
    } finally {
      redis.disconnect()
    }
  })

  /** `count` requests at once, spread over the three gateways; how many were allowed. */
  const burst = async (key: 'throttled' | 'quota', count: number) => {
    const statuses = await Promise.all(Array.from({ length: count }, async (_, i) => {
      const response = await fetch(`${gateways[i % 3].stageUrl(restApiId, 'prod')}/`, { headers: { 'x-api-key': keys[key].value } })
      await response.arrayBuffer()
      return response.status
    }))
    assert.deepEqual([...new Set(statuses)].filter((status) => status !== 200 && status !== 429), [], 'only allowed and refused answers')
    return statuses.filter((status) => status === 200).length
  }

  it('50 rps / burst 10 across three gateways: 10 at once, then exactly 50 a second between them', async () => {
    assert.equal(await burst('throttled', 30), 10, 'the burst, once, not once per gateway')
    let allowed = 0
    for (let tenth = 0; tenth < 10; tenth++) {
      clock.advance(100) // five tokens come back every tenth of a second
      allowed += await burst('throttled', 9)
    }
    assert.equal(allowed, 50, 'one second of the plan\'s rate, shared')
    clock.advance(60_000)
    assert.equal(await burst('throttled', 30), 10, 'an idle bucket fills up to the burst, no further')
  })

  it('a daily quota of 30 is one count for all three, and starts again at UTC midnight', async () => {
    clock.set(Date.parse('2026-03-01T23:59:59.999Z'))
    assert.equal(await burst('quota', 45), 30)
    assert.equal(await burst('quota', 15), 0)
    clock.advance(1) // 2026-03-02T00:00:00Z
    assert.equal(await burst('quota', 45), 30, 'a new day, a new count')
    const usage = await gateways[2].apigateway.send(new GetUsageCommand({ usagePlanId: keys.quota.planId, startDate: '2026-03-01', endDate: '2026-03-02' }))
    assert.deepEqual(usage.items?.[keys.quota.id], [[30, 0], [30, 0]])
  })
})
