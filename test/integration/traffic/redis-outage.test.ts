import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import {
  CreateApiKeyCommand, CreateDeploymentCommand, CreateRestApiCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand,
  PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import type { Redis } from 'ioredis'
import { it } from 'node:test'
import { ManualClock } from '../../../src/core/clock.ts'
import { createLogger } from '../../../src/core/logger.ts'
import type { RedisFailurePolicy } from '../../../src/state/state-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { connectTestRedis } from '../../helpers/redis.ts'
import { describeWithOwnRedisServer } from '../../helpers/redis-server.ts'
import { within } from '../../helpers/within.ts'

/** How long an event the test waits for may take on a loaded machine before the test fails (a bound, never a delay). */
const BOUND_MS = 15_000

/**
 * Redis stops under load (a private redis-server, killed and restarted), the gateway keeps answering
 * by its failure policy without hanging, logs the outage once, reports it in GET /_gatehouse/health,
 * and goes back to counting in Redis once it returns. Nothing here waits a fixed time: the test waits
 * for the gateway's own outage and recovery log lines, and for counts of answers.
 */
describeWithOwnRedisServer('Redis outage and recovery', (server) => {
  /** The gateway's clock stands still on one day: the quota period key is known, whatever today is. */
  const DAY = '2026-01-01'

  async function meteredGateway(failurePolicy: RedisFailurePolicy) {
    const lines: string[] = []
    const waiting: { text: string; seen: () => void }[] = []
    const logger = createLogger('info', new Writable({
      write(chunk, _encoding, done) {
        const line = String(chunk)
        lines.push(line)
        for (const waiter of waiting.filter((w) => line.includes(w.text))) waiter.seen()
        done()
      },
    }))
    /** Resolves once the gateway has logged a line containing `text` (at once if it already has). */
    const logged = (text: string, count = 1) => within(BOUND_MS, `the log line "${text}"`, new Promise<void>((resolve) => {
      const check = () => { if (lines.filter((line) => line.includes(text)).length >= count) resolve() }
      waiting.push({ text, seen: check })
      check()
    }))
    const keyPrefix = `outage-${failurePolicy}:`
    const clock = new ManualClock(Date.parse(`${DAY}T12:00:00Z`))
    const gw = await startTestGateway({ logger, clock, redis: { url: server.url, keyPrefix, failurePolicy } })
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
      const response = await fetch(gw.stageUrl(api.id!, 'prod') + '/', { headers: { 'x-api-key': key.value! } })
      return { status: response.status, body: await response.text() }
    }
    const health = async () => {
      const response = await fetch(`${gw.adminUrl}/_gatehouse/health`)
      return { status: response.status, body: await response.json() as { status: string; state: { status: string; failurePolicy: string } } }
    }
    // The quota counter of the clock's day, as Redis holds it.
    const counted = async (redis: Redis) => Number(await redis.get(`${keyPrefix}quota:{${plan.id}/${key.id}}:DAY:${DAY}`) ?? 0)
    return { gw, call, health, counted, lines, logged }
  }

  /** Calls in a loop from `callers` concurrent callers until stopped; every answer kept. */
  function load(call: () => Promise<{ status: number }>, callers = 4) {
    const answers: { status: number }[] = []
    const waiting: { count: number; reached: () => void }[] = []
    let running = true
    const loops = Array.from({ length: callers }, async () => {
      while (running) {
        answers.push(await call())
        for (const waiter of waiting.filter((w) => answers.length >= w.count)) waiter.reached()
      }
    })
    return {
      answers,
      /** Resolves once `more` answers beyond those so far have come back. */
      more: (more: number, what: string) => {
        const count = answers.length + more
        return within(BOUND_MS, `${more} more answers ${what}`, new Promise<void>((resolve) => waiting.push({ count, reached: resolve })))
      },
      /** Stops sending and resolves once every request in flight has been answered. */
      stop: (what: string) => {
        running = false
        return within(BOUND_MS, `the requests in flight to be answered ${what}`, Promise.all(loops))
      },
    }
  }

  it('fail-open: keeps serving on local buckets while Redis is down, logs it once, health says degraded; counting resumes in Redis after', async () => {
    const { gw, call, health, counted, lines, logged } = await meteredGateway('fail-open')
    const redis = await connectTestRedis(server.url)
    try {
      for (let i = 0; i < 5; i++) assert.equal((await call()).status, 200)
      assert.equal(await counted(redis), 5)
      const { status, state } = (await health()).body
      assert.deepEqual({ status, state }, { status: 'ok', state: { backend: 'redis', status: 'ok', failurePolicy: 'fail-open', endpoint: `127.0.0.1:${server.port}` } })
      redis.disconnect()

      // Redis dies under load. The requests in flight and those after are all answered while it is
      // still down: one that waited on the dead Redis would not be answered before it comes back.
      const outage = load(call)
      await outage.more(20, 'before Redis stops')
      await server.stop()
      await logged('Redis state backend unavailable')
      await outage.more(50, 'while Redis is down')
      await outage.stop('while Redis is down')
      const during = await health()
      assert.equal(during.status, 200)
      assert.equal(during.body.status, 'degraded')
      assert.equal(during.body.state.status, 'unavailable')

      // It comes back under load.
      const recovery = load(call)
      await server.start()
      await logged('Redis state backend available again')
      await recovery.more(20, 'after Redis returned')
      await recovery.stop('after Redis returned')
      assert.equal((await health()).body.status, 'ok')
      const answers = [...outage.answers, ...recovery.answers]
      assert.deepEqual([...new Set(answers.map((answer) => answer.status))], [200], 'every request served through the outage')

      const outageLogs = lines.filter((line) => line.includes('Redis state backend unavailable'))
      assert.equal(outageLogs.length, 1, `logged once, not per request: ${outageLogs.length}`)
      assert.equal(lines.filter((line) => line.includes('Redis state backend available again')).length, 1)

      // The restarted Redis started empty: requests are counted there again.
      const again = await connectTestRedis(server.url)
      try {
        const before = await counted(again) // what the load sent after the reconnection
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
    const { gw, call, health, lines, logged } = await meteredGateway('fail-closed')
    try {
      assert.equal((await call()).status, 200)
      const outage = load(call, 2)
      await outage.more(10, 'before Redis stops')
      await server.stop()
      await logged('Redis state backend unavailable')
      await outage.more(10, 'while Redis is down')
      await outage.stop('while Redis is down')
      // Refused while Redis is still down: the refusal does not wait for it.
      const refused = await within(BOUND_MS, 'a refusal while Redis is down', call())
      assert.equal(refused.status, 500)
      assert.deepEqual(JSON.parse(refused.body), { message: 'Internal server error' })
      const during = await health()
      assert.equal(during.status, 503)
      assert.equal(during.body.status, 'unavailable')

      const recovery = load(call, 2)
      await server.start()
      await logged('Redis state backend available again')
      await recovery.more(10, 'after Redis returned')
      await recovery.stop('after Redis returned')
      assert.equal((await health()).status, 200)
      const answers = [...outage.answers, ...recovery.answers]
      assert.deepEqual([...new Set(answers.map((answer) => answer.status))].sort(), [200, 500])
      assert.equal((await call()).status, 200)
      assert.equal(lines.filter((line) => line.includes('Redis state backend unavailable')).length, 1)
      assert.equal(lines.filter((line) => line.includes('unexpected error')).length, 0, 'refusals are not logged per request')
    } finally {
      await gw.close()
    }
  })

  it('starts while Redis is down (serving fail-open, health degraded), then moves onto Redis when it comes up', async () => {
    await server.stop()
    const { gw, call, health, counted, lines, logged } = await meteredGateway('fail-open')
    try {
      assert.equal((await call()).status, 200)
      const down = await health()
      assert.equal(down.body.status, 'degraded')
      assert.match(JSON.stringify(down.body.state), /ECONNREFUSED/)
      await server.start()
      await logged('Redis state backend available again')
      assert.equal((await health()).body.status, 'ok')
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
