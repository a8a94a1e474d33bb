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
import { after, before, it } from 'node:test'
import { spawnServe, type ServeProcess } from '../../helpers/cli.ts'
import { connectTestRedis, deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.ts'
import { describeWithRedis } from '../../helpers/redis-server.ts'

/**
 * Three real `gatehouse serve` processes on one data directory and one Redis (REDIS_URL or a private
 * redis-server; this run's own key prefix) enforce one usage plan together: a burst of N lets exactly
 * N requests through across the three, and so does a quota of N; a stage's response cache filled by
 * one is a hit on the others, and a flush through one empties it for all. The processes run on the
 * system clock, so nothing here depends on how long anything takes: the counts are exact whatever
 * the timing (the plan's refill rate across gateways is checked on an injected clock in
 * redis-shared-rate.test.ts).
 */
describeWithRedis('three gateway processes sharing one Redis', (shared) => {
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
    redis = await connectTestRedis(shared.url)
    backend = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ n: ++backendCalls }))
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    const serve = () => spawnServe(['--port', '0', '--data-dir', dataDir, '--redis', shared.url, '--redis-key-prefix', prefix])
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
    // A hundredth of a token a second: no token comes back while the test runs, however slow the machine.
    await planWithKey('throttled', { throttle: { rateLimit: 0.01, burstLimit: 10 } })
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

  it('burst 10 across three processes: of 45 requests at once, exactly 10 are allowed (one bucket, not one per process)', async () => {
    const answers = await Promise.all(Array.from({ length: 45 }, (_, i) => call(gateways[i % 3], keys.throttled.value)))
    const allowed = answers.filter((answer) => answer.status === 200)
    const throttled = answers.filter((answer) => answer.status === 429)
    assert.equal(allowed.length, 10, `allowed ${allowed.length} of 45`)
    assert.equal(throttled.length, 35)
    // The throttled answer ("Throttle API requests for better throughput", API Gateway developer guide).
    for (const answer of throttled) assert.deepEqual(JSON.parse(answer.body), { message: 'Too Many Requests' })
  })

  it('a quota of 30 lets exactly 30 requests through across the three, not one more (429 Limit Exceeded)', async () => {
    // The processes count by their own clock's UTC day: take the days the test spans (one, or two
    // across midnight) and check each day's count, so the result does not depend on when it runs.
    const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)
    const firstDay = utcDay(Date.now())
    // Five waves of 15 racing requests, 5 to each gateway.
    const answers: { status: number; body: string }[] = []
    for (let wave = 0; wave < 5; wave++) answers.push(...(await Promise.all(Array.from({ length: 15 }, (_, i) => call(gateways[i % 3], keys.quota.value)))))
    const allowed = answers.filter((answer) => answer.status === 200)
    const refused = answers.filter((answer) => answer.status === 429)
    assert.equal(allowed.length + refused.length, 75)
    for (const answer of refused) assert.deepEqual(JSON.parse(answer.body), { message: 'Limit Exceeded' })
    // Another process's GetUsage reads the same counters: one count for all three, never over 30 a day,
    // and exactly 30 on the day that got most of the 75 requests (all of them, or at least 38 across midnight).
    const third = new APIGatewayClient({ endpoint: gateways[2].url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
    try {
      const lastDay = utcDay(Date.now())
      const usage = await third.send(new GetUsageCommand({ usagePlanId: keys.quota.planId, startDate: firstDay, endDate: lastDay }))
      const perDay = (usage.items?.[keys.quota.id] ?? []).map(([used]) => used)
      assert.equal(perDay.length, firstDay === lastDay ? 1 : 2, JSON.stringify(usage.items))
      assert.ok(perDay.every((used) => used <= 30), `never over the quota on a day: ${perDay.join()}`)
      assert.equal(Math.max(...perDay), 30, `used up on the day that got most of the 75 requests: ${perDay.join()}`)
      assert.equal(perDay.reduce((sum, used) => sum + used, 0), allowed.length, 'GetUsage counts what was let through')
      if (firstDay === lastDay) assert.equal(allowed.length, 30)
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
    // Another process writes it, so there is no event to wait on here: ask Redis until it is there, within a bound.
    const kept = async (before: number) => {
      let expired = false
      const bound = setTimeout(() => (expired = true), 15_000)
      try {
        while ((await entries()) === before) assert.ok(!expired, 'the answer was never kept in the shared cache')
      } finally {
        clearTimeout(bound)
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
