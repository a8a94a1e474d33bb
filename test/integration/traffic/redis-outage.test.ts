import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import {
  CreateApiKeyCommand, CreateDeploymentCommand, CreateRestApiCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand,
  PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import type { Redis } from 'ioredis'
import { after, before, describe, it } from 'node:test'
import { createLogger } from '../../../src/core/logger.ts'
import type { RedisFailurePolicy } from '../../../src/state/state-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { connectTestRedis, startOwnRedisServer, type OwnRedisServer } from '../../helpers/redis.ts'

/**
 * Redis stops under load (a private redis-server on a free port, never the shared
 * one), the gateway keeps answering by its failure policy without hanging, logs the outage once,
 * reports it in GET /_gatehouse/health, and goes back to counting in Redis once it returns.
 */
describe('Redis outage and recovery', () => {
  let server: OwnRedisServer
  before(async () => {
    server = await startOwnRedisServer()
  })
  after(() => server?.stop())

  async function meteredGateway(failurePolicy: RedisFailurePolicy) {
    const lines: string[] = []
    const logger = createLogger('info', new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done() } }))
    const keyPrefix = `outage-${failurePolicy}:`
    const gw = await startTestGateway({ logger, redis: { url: server.url, keyPrefix, failurePolicy } })
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'outage' }))
    const where = { restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE', apiKeyRequired: true }))
    await send(new PutMethodResponseCommand({ ...where, statusCode: '200' }))
    await send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await send(new PutIntegrationResponseCommand({ ...where, statusCode: '200', selectionPattern: '' }))
    await send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }))
    const plan = await send(new CreateUsagePlanCommand({
      name: 'outage', apiStages: [{ apiId: api.id!, stage: 'prod' }], throttle: { rateLimit: 10_000, burstLimit: 10_000 }, quota: { limit: 100_000, period: 'DAY' },
    }))
    const key = await send(new CreateApiKeyCommand({ name: 'outage', enabled: true }))
    await send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }))
    const call = async () => {
      const started = performance.now()
      const response = await fetch(gw.stageUrl(api.id!, 'prod') + '/', { headers: { 'x-api-key': key.value! } })
      return { status: response.status, body: await response.text(), ms: performance.now() - started }
    }
    const health = async () => {
      const response = await fetch(`${gw.adminUrl}/_gatehouse/health`)
      return { status: response.status, body: await response.json() as { status: string; state: { status: string; failurePolicy: string } } }
    }
    // The quota counter of today's period, as Redis holds it.
    const counted = async (redis: Redis) => Number(await redis.get(`${keyPrefix}quota:{${plan.id}/${key.id}}:DAY:${new Date().toISOString().slice(0, 10)}`) ?? 0)
    return { gw, call, health, counted, lines }
  }

  /** Calls in a loop from `callers` concurrent callers until stopped; every answer and its time kept. */
  function load(call: () => Promise<{ status: number; ms: number }>, callers = 4) {
    const answers: { status: number; ms: number }[] = []
    let running = true
    const loops = Array.from({ length: callers }, async () => {
      while (running) answers.push(await call())
    })
    return { answers, stop: async () => { running = false; await Promise.all(loops) } }
  }

  const waitFor = async (what: string, check: () => Promise<boolean>) => {
    for (let waited = 0; !(await check()); waited += 50) {
      if (waited > 8_000) throw new Error(`timed out waiting for ${what}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  it('fail-open: keeps serving on local buckets while Redis is down, logs it once, health says degraded; counting resumes in Redis after', async () => {
    const { gw, call, health, counted, lines } = await meteredGateway('fail-open')
    const redis = await connectTestRedis(server.url)
    try {
      for (let i = 0; i < 5; i++) assert.equal((await call()).status, 200)
      assert.equal(await counted(redis), 5)
      assert.deepEqual((await health()).body, { status: 'ok', state: { backend: 'redis', status: 'ok', failurePolicy: 'fail-open', endpoint: `127.0.0.1:${server.port}` } })
      redis.disconnect()

      const traffic = load(call)
      await new Promise((resolve) => setTimeout(resolve, 200))
      await server.stop()
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      const during = await health()
      assert.equal(during.status, 200)
      assert.equal(during.body.status, 'degraded')
      assert.equal(during.body.state.status, 'unavailable')
      await server.start()
      await waitFor('the gateway to see Redis again', async () => (await health()).body.status === 'ok')
      await traffic.stop()
      assert.ok(traffic.answers.length > 50, `${traffic.answers.length} answers under load`)
      assert.deepEqual([...new Set(traffic.answers.map((answer) => answer.status))], [200], 'every request served through the outage')
      const slowest = Math.max(...traffic.answers.map((answer) => answer.ms))
      assert.ok(slowest < 1_500, `slowest answer ${slowest.toFixed(0)} ms: no request waits on a dead Redis`)

      const outageLogs = lines.filter((line) => line.includes('Redis state backend unavailable'))
      assert.equal(outageLogs.length, 1, `logged once, not per request: ${outageLogs.length}`)
      assert.equal(lines.filter((line) => line.includes('Redis state backend available again')).length, 1)

      // The restarted Redis started empty: requests are counted there again.
      const again = await connectTestRedis(server.url)
      try {
        const before = await counted(again) // what the load sent after the reconnection, if anything
        for (let i = 0; i < 3; i++) assert.equal((await call()).status, 200)
        assert.equal(await counted(again), before + 3)
      } finally {
        again.disconnect()
      }
    } finally {
      redis.disconnect()
      await gw.close()
    }
  })

  it('fail-closed: metered requests get 500 Internal server error at once while Redis is down, health 503; served again when it returns', async () => {
    const { gw, call, health, lines } = await meteredGateway('fail-closed')
    try {
      assert.equal((await call()).status, 200)
      const traffic = load(call, 2)
      await new Promise((resolve) => setTimeout(resolve, 100))
      await server.stop()
      await new Promise((resolve) => setTimeout(resolve, 500))
      const refused = await call()
      assert.equal(refused.status, 500)
      assert.deepEqual(JSON.parse(refused.body), { message: 'Internal server error' })
      assert.ok(refused.ms < 500, `refused in ${refused.ms.toFixed(0)} ms`)
      const during = await health()
      assert.equal(during.status, 503)
      assert.equal(during.body.status, 'unavailable')
      await server.start()
      await waitFor('the gateway to see Redis again', async () => (await health()).status === 200)
      await traffic.stop()
      assert.deepEqual([...new Set(traffic.answers.map((answer) => answer.status))].sort(), [200, 500])
      assert.ok(Math.max(...traffic.answers.map((answer) => answer.ms)) < 1_500, 'no request hung')
      assert.equal((await call()).status, 200)
      assert.equal(lines.filter((line) => line.includes('Redis state backend unavailable')).length, 1)
      assert.equal(lines.filter((line) => line.includes('unexpected error')).length, 0, 'refusals are not logged per request')
    } finally {
      await gw.close()
    }
  })

  it('starts while Redis is down (serving fail-open, health degraded), then moves onto Redis when it comes up', async () => {
    await server.stop()
    const { gw, call, health, counted, lines } = await meteredGateway('fail-open')
    try {
      assert.equal((await call()).status, 200)
      const down = await health()
      assert.equal(down.body.status, 'degraded')
      assert.match(JSON.stringify(down.body.state), /ECONNREFUSED/)
      await server.start()
      await waitFor('the gateway to connect', async () => (await health()).body.status === 'ok')
      const redis = await connectTestRedis(server.url)
      try {
        for (let i = 0; i < 2; i++) assert.equal((await call()).status, 200)
        assert.equal(await counted(redis), 2)
      } finally {
        redis.disconnect()
      }
      assert.equal(lines.filter((line) => line.includes('Redis state backend unavailable')).length, 1)
    } finally {
      await gw.close()
    }
  })
})
