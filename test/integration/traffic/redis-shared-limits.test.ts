import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  APIGatewayClient, CreateApiKeyCommand, CreateDeploymentCommand, CreateRestApiCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand,
  GetUsageCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import type { Redis } from 'ioredis'
import { after, before, describe, it } from 'node:test'
import { spawnServe, type ServeProcess } from '../../helpers/cli.ts'
import { connectTestRedis, deleteKeysWithPrefix, SHARED_REDIS_URL, uniqueKeyPrefix } from '../../helpers/redis.ts'

/**
 * Issue 6 "must show": three real `gatehouse serve` processes on one data directory and one Redis
 * (127.0.0.1:6379; this run's own key prefix) enforce one usage plan together — the combined allowed
 * rate is the plan's within ±5%, and a quota of N lets exactly N requests through across the three.
 */
describe('three gateway processes sharing one Redis', () => {
  const prefix = uniqueKeyPrefix('three-gateways')
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-redis-'))
  const gateways: ServeProcess[] = []
  let redis: Redis
  let restApiId: string
  let management: APIGatewayClient
  const keys: Record<'throttled' | 'quota', { id: string; value: string; planId: string }> = {} as never

  before(async () => {
    redis = await connectTestRedis() // fails loudly when Redis is missing: these tests never skip
    const serve = () => spawnServe(['--port', '0', '--data-dir', dataDir, '--redis', SHARED_REDIS_URL, '--redis-key-prefix', prefix])
    gateways.push(await serve())
    management = new APIGatewayClient({ endpoint: gateways[0].url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
    const send = management.send.bind(management)
    const api = await send(new CreateRestApiCommand({ name: 'shared-limits' }))
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
    // The other two read what the first wrote from the shared data directory.
    gateways.push(...(await Promise.all([serve(), serve()])))
  })

  after(async () => {
    management?.destroy()
    for (const gateway of gateways) gateway.child.kill('SIGTERM')
    await Promise.all(gateways.map((gateway) => gateway.exited))
    if (redis !== undefined) {
      await deleteKeysWithPrefix(redis, prefix)
      redis.disconnect()
    }
    rmSync(dataDir, { recursive: true, force: true })
  })

  const call = (gateway: ServeProcess, key: string) =>
    fetch(`${gateway.url}/_aws/execute-api/${restApiId}/prod/`, { headers: { 'x-api-key': key } }).then(async (response) => ({ status: response.status, body: await response.text() }))

  it('50 rps / burst 10 across three processes: the combined allowed rate is the plan\'s within ±5%', async (t) => {
    // Warm the client's connections first (no key: 403, nothing metered), so the window starts when the load does.
    await Promise.all(gateways.flatMap((gateway) => [call(gateway, ''), call(gateway, '')]))
    const statuses: number[] = []
    const started = performance.now()
    let lastSent = started
    const windowMs = 3_000
    // Two callers per gateway, about 600 rps offered in all: far over the plan's 50.
    const caller = async (gateway: ServeProcess) => {
      while (performance.now() - started < windowMs) {
        lastSent = performance.now()
        statuses.push((await call(gateway, keys.throttled.value)).status)
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    }
    await Promise.all(gateways.flatMap((gateway) => [caller(gateway), caller(gateway)]))
    const seconds = (lastSent - started) / 1000
    const allowed = statuses.filter((status) => status === 200).length
    const expected = 10 + 50 * seconds
    t.diagnostic(`allowed ${allowed} of ${statuses.length} in ${seconds.toFixed(2)} s; expected ${expected.toFixed(1)} (${(allowed / expected * 100).toFixed(1)}%)`)
    assert.deepEqual([...new Set(statuses)].sort(), [200, 429], 'only allowed and throttled answers')
    assert.ok(statuses.length > expected * 2, `offered ${statuses.length} requests, not enough to saturate the plan`)
    assert.ok(Math.abs(allowed - expected) <= expected * 0.05, `allowed ${allowed} in ${seconds.toFixed(2)} s, expected ${expected.toFixed(1)} ±5%`)
  })

  it('a quota of 30 lets exactly 30 requests through across the three, not one more (429 Limit Exceeded, FACTS §3.2)', async () => {
    const answers = await Promise.all(Array.from({ length: 75 }, (_, i) => call(gateways[i % 3], keys.quota.value)))
    const allowed = answers.filter((answer) => answer.status === 200)
    const refused = answers.filter((answer) => answer.status === 429)
    assert.equal(allowed.length, 30)
    assert.equal(refused.length, 45)
    for (const answer of refused) assert.deepEqual(JSON.parse(answer.body), { message: 'Limit Exceeded' })
    // Each gateway let some through: the count really was shared, not per process.
    const perGateway = [0, 1, 2].map((g) => answers.filter((answer, i) => i % 3 === g && answer.status === 200).length)
    assert.ok(perGateway.every((count) => count > 0), `per gateway: ${perGateway.join(', ')}`)
    // Another process's GetUsage reads the same counters.
    const today = new Date().toISOString().slice(0, 10)
    const third = new APIGatewayClient({ endpoint: gateways[2].url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
    try {
      const usage = await third.send(new GetUsageCommand({ usagePlanId: keys.quota.planId, startDate: today, endDate: today }))
      assert.deepEqual(usage.items?.[keys.quota.id], [[30, 0]])
    } finally {
      third.destroy()
    }
  })
})
