import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  APIGatewayClient, CreateApiKeyCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateStageCommand, CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand, FlushStageCacheCommand, GetUsageCommand, UpdateStageCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import type { Redis } from 'ioredis'
import { after, before, describe, it } from 'node:test'
import { spawnServe, type ServeProcess } from '../../helpers/cli.ts'
import { connectTestRedis, deleteKeysWithPrefix, SHARED_REDIS_URL, uniqueKeyPrefix } from '../../helpers/redis.ts'

/**
 * Three real `gatehouse serve` processes on one data directory and one Redis
 * (127.0.0.1:6379; this run's own key prefix) enforce one usage plan together — the combined allowed
 * rate is the plan's within ±5%, and a quota of N lets exactly N requests through across the three;
 * a stage's response cache filled by one is a hit on the others, and a flush through one empties it for all.
 */
describe('three gateway processes sharing one Redis', () => {
  const prefix = uniqueKeyPrefix('three-gateways')
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-redis-'))
  const gateways: ServeProcess[] = []
  let redis: Redis
  let backend: Server
  let backendCalls = 0
  let restApiId: string
  let management: APIGatewayClient
  const keys: Record<'throttled' | 'quota', { id: string; value: string; planId: string }> = {} as never

  before(async () => {
    redis = await connectTestRedis() // fails loudly when Redis is missing: these tests never skip
    backend = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ n: ++backendCalls }))
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
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
    const items = await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'items' }))
    const itemsGet = { restApiId, resourceId: items.id!, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...itemsGet, authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({ ...itemsGet, type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: `http://127.0.0.1:${(backend.address() as AddressInfo).port}/items` }))
    const deployment = await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
    await send(new CreateStageCommand({ restApiId, stageName: 'cached', deploymentId: deployment.id!, cacheClusterEnabled: true }))
    await send(new UpdateStageCommand({ restApiId, stageName: 'cached', patchOperations: [{ op: 'replace', path: '/*/*/caching/enabled', value: 'true' }] }))
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
    backend?.close()
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

  it('a quota of 30 lets exactly 30 requests through across the three, not one more (429 Limit Exceeded)', async () => {
    // Five waves of 15 racing requests, 5 to each gateway: the first two waves use up the quota.
    const answers: { status: number; body: string }[] = []
    for (let wave = 0; wave < 5; wave++) answers.push(...(await Promise.all(Array.from({ length: 15 }, (_, i) => call(gateways[i % 3], keys.quota.value)))))
    const allowed = answers.filter((answer) => answer.status === 200)
    const refused = answers.filter((answer) => answer.status === 429)
    assert.equal(allowed.length, 30)
    assert.equal(refused.length, 45)
    for (const answer of refused) assert.deepEqual(JSON.parse(answer.body), { message: 'Limit Exceeded' })
    // Each gateway let its 10 of the first two waves through and none after: one count, not one per process.
    const perGateway = [0, 1, 2].map((g) => answers.filter((answer, i) => i % 3 === g && answer.status === 200).length)
    assert.deepEqual(perGateway, [10, 10, 10])
    assert.ok(answers.slice(0, 30).every((answer) => answer.status === 200) && answers.slice(30).every((answer) => answer.status === 429))
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

  it('a response cached through one gateway is a hit on the other two; FlushStageCache through one empties it for all', async () => {
    const items = async (gateway: ServeProcess) => {
      const response = await fetch(`${gateway.url}/_aws/execute-api/${restApiId}/cached/items`)
      assert.equal(response.status, 200)
      return ((await response.json()) as { n: number }).n
    }
    // A gateway keeps a miss's answer in the background (the answer does not wait for Redis): before
    // asking another gateway, wait until Redis holds one more entry (a flush leaves the old ones to expire).
    const entries = async () => (await redis.keys(`${prefix}cache:*:e:*`)).length
    const kept = async (before: number) => {
      for (let waited = 0; (await entries()) === before; waited += 5) {
        assert.ok(waited < 5_000, 'the answer was never kept in the shared cache')
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    }
    const empty = await entries()
    const first = await items(gateways[0])
    await kept(empty)
    assert.deepEqual([await items(gateways[1]), await items(gateways[2]), await items(gateways[0])], [first, first, first])
    assert.equal(backendCalls, first, 'the backend was called once')
    await management.send(new FlushStageCacheCommand({ restApiId, stageName: 'cached' }))
    const flushed = await entries()
    const refilled = await items(gateways[2])
    await kept(flushed)
    assert.equal(refilled, first + 1, 'flushed: the next request reached the backend')
    assert.equal(await items(gateways[1]), refilled)
  })
})
