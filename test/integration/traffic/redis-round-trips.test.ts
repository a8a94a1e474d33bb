import assert from 'node:assert/strict'
import { createServer as createHttpServer, type Server } from 'node:http'
import { connect, createServer, type AddressInfo, type Server as TcpServer } from 'node:net'
import {
  CreateApiKeyCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateStageCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand,
  PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import type { Redis } from 'ioredis'
import { after, before, it } from 'node:test'
import { ManualClock } from '../../../src/core/clock.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { connectTestRedis } from '../../helpers/redis.ts'
import { describeWithOwnRedisServer } from '../../helpers/redis-server.ts'
import { within } from '../../helpers/within.ts'

/**
 * Redis calls on the request path: at most one round trip, pipelined. A private
 * redis-server (so no other test's traffic is seen), reached through a TCP relay that counts the
 * gateway's writes to it (each write is a round trip: the client waits for the answers), and Redis's
 * own MONITOR, which lists every command the server runs, in order: a request's commands are those
 * between its start and a marker sent after its answer.
 */
describeWithOwnRedisServer('Redis round trips per request (a counting relay and MONITOR on a private redis-server)', (server) => {
  let relay: TcpServer
  let backend: Server
  let backendCalls = 0
  let writes = 0
  let gw: TestGateway
  let admin: Redis
  let watcher: Redis
  /** The commands clients sent, in order (not those a script ran: MONITOR lists those too, from `lua`). */
  const seen: string[][] = []
  /** Checked after every command MONITOR shows. */
  const watching = new Set<() => void>()
  let restApiId: string
  let keyValue: string
  let cachedKeyValue: string

  before(async () => {
    admin = await connectTestRedis(server.url)
    watcher = await connectTestRedis(server.url)
    const monitor = await watcher.monitor()
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source !== 'lua') seen.push(args)
      for (const check of watching) check()
    })
    relay = createServer((client) => {
      const upstream = connect(server.port, '127.0.0.1')
      client.on('data', () => writes++)
      client.pipe(upstream).pipe(client)
      client.on('error', () => upstream.destroy())
      upstream.on('error', () => client.destroy())
    })
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
    backend = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ n: ++backendCalls }))
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    // The gateway's clock stands still: the daily quotas below are counted on one day, whatever today is.
    gw = await startTestGateway({ clock: new ManualClock(), redis: { url: `redis://127.0.0.1:${(relay.address() as AddressInfo).port}`, keyPrefix: 'round-trips:' } })
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'round-trips' }))
    restApiId = api.id!
    const open = await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'open' }))
    for (const [resourceId, apiKeyRequired] of [[api.rootResourceId!, true], [open.id!, false]] as const) {
      const where = { restApiId, resourceId, httpMethod: 'GET' }
      await send(new PutMethodCommand({ ...where, authorizationType: 'NONE', apiKeyRequired }))
      await send(new PutMethodResponseCommand({ ...where, statusCode: '200' }))
      await send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
      await send(new PutIntegrationResponseCommand({ ...where, statusCode: '200', selectionPattern: '' }))
    }
    const items = await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'items' }))
    const itemsGet = { restApiId, resourceId: items.id!, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...itemsGet, authorizationType: 'NONE', apiKeyRequired: true }))
    await send(new PutIntegrationCommand({ ...itemsGet, type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: `http://127.0.0.1:${(backend.address() as AddressInfo).port}/items` }))
    const deployment = await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
    // Every bucket there is: the plan's, the stage's `*/*`, the account's; and a quota.
    const throttled = [
      { op: 'replace' as const, path: '/*/*/throttling/rateLimit', value: '1000' },
      { op: 'replace' as const, path: '/*/*/throttling/burstLimit', value: '500' },
    ]
    await send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: throttled }))
    await send(new CreateStageCommand({ restApiId, stageName: 'cached', deploymentId: deployment.id!, cacheClusterEnabled: true }))
    await send(new UpdateStageCommand({ restApiId, stageName: 'cached', patchOperations: [...throttled, { op: 'replace' as const, path: '/*/*/caching/enabled', value: 'true' }] }))
    const keyFor = async (stage: string, quota: number): Promise<string> => {
      const plan = await send(new CreateUsagePlanCommand({
        name: stage, apiStages: [{ apiId: restApiId, stage }], throttle: { rateLimit: 1000, burstLimit: 500 }, quota: { limit: quota, period: 'DAY' },
      }))
      const key = await send(new CreateApiKeyCommand({ name: stage, enabled: true }))
      await send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }))
      return key.value!
    }
    keyValue = await keyFor('prod', 3)
    cachedKeyValue = await keyFor('cached', 1000)
  })
  after(async () => {
    await gw?.close()
    watcher?.disconnect()
    admin?.disconnect()
    relay?.close()
    backend?.close()
  })

  /** Resolves once MONITOR has shown what `done` looks for (at once if it already has). */
  function until(what: string, done: () => boolean): Promise<void> {
    let check = () => {}
    const shown = new Promise<void>((resolve) => {
      check = () => {
        if (done()) resolve()
      }
      watching.add(check)
      check()
    })
    return within(15_000, `MONITOR to show ${what}`, shown).finally(() => watching.delete(check))
  }

  /** The commands Redis ran for one request, the gateway's writes to Redis (round trips) meanwhile, and its answer. */
  async function commandsFor(path: string, headers: Record<string, string>, stage = 'prod'): Promise<{ status: number; body: string; commands: string[][]; roundTrips: number }> {
    const from = seen.length
    const writesBefore = writes
    const response = await fetch(gw.stageUrl(restApiId, stage) + path, { headers })
    const answer = { status: response.status, body: await response.text(), roundTrips: writes - writesBefore }
    const marker = `after-request-${from}`
    await admin.echo(marker)
    await until(`the marker ${marker}`, () => seen.some((args) => args[0] === 'echo' && args[1] === marker))
    const end = seen.findIndex((args) => args[0] === 'echo' && args[1] === marker)
    return { ...answer, commands: seen.slice(from, end) }
  }

  it('a keyed request with a plan bucket, a quota, a stage bucket and the account\'s: one script call', async () => {
    await commandsFor('/', { 'x-api-key': keyValue }) // loads the script (EVALSHA, then EVAL once after NOSCRIPT)
    const { status, commands, roundTrips } = await commandsFor('/', { 'x-api-key': keyValue })
    assert.equal(status, 200)
    assert.deepEqual(commands.map((args) => args[0]), ['evalsha'], JSON.stringify(commands))
    assert.equal(roundTrips, 1)
    assert.equal(commands[0][2], '5', 'plan bucket, quota period and day, then the stage\'s and the account\'s buckets')
  })

  it('a keyed request over its quota (429 Limit Exceeded): one script call too', async () => {
    const third = await commandsFor('/', { 'x-api-key': keyValue })
    assert.equal(third.status, 200)
    const { status, body, commands } = await commandsFor('/', { 'x-api-key': keyValue })
    assert.equal(status, 429)
    assert.deepEqual(JSON.parse(body), { message: 'Limit Exceeded' })
    assert.deepEqual(commands.map((args) => args[0]), ['evalsha'], JSON.stringify(commands))
  })

  it('a request without a key: one script call for the stage\'s and the account\'s buckets', async () => {
    await commandsFor('/open', {}) // loads the stage-and-account script
    const { status, commands, roundTrips } = await commandsFor('/open', {})
    assert.equal(roundTrips, 1)
    assert.equal(status, 200)
    assert.deepEqual(commands.map((args) => args[0]), ['evalsha'], JSON.stringify(commands))
    assert.equal(commands[0][2], '2')
  })

  it('a keyed request answered from the stage cache: the limits\' script and the cache lookup in one round trip', async () => {
    const miss = await commandsFor('/items', { 'x-api-key': cachedKeyValue }, 'cached')
    assert.equal(miss.status, 200)
    assert.equal(backendCalls, 1)
    // The miss was kept in the background: wait until Redis has run the put.
    await until('the cache put', () => seen.some((args) => args[0].startsWith('eval') && args.some((arg) => arg.includes('cache:{')) && args.length > 6))
    await commandsFor('/items', { 'x-api-key': cachedKeyValue }, 'cached') // loads the cache-get script
    const { status, body, commands, roundTrips } = await commandsFor('/items', { 'x-api-key': cachedKeyValue }, 'cached')
    assert.equal(status, 200)
    assert.deepEqual(JSON.parse(body), { n: 1 }, 'the first answer, from the cache')
    assert.equal(backendCalls, 1)
    assert.deepEqual(commands.map((args) => args[0]), ['evalsha', 'evalsha'], JSON.stringify(commands))
    assert.equal(roundTrips, 1, 'both commands in one pipeline')
  })

  it('a keyed request refused by its quota is never answered from the cache, though the lookup ran beside the limits', async () => {
    // prod's key has used its quota of 3 (above); the cached stage's plan does not cover prod, so: the cached stage, a key over quota.
    const send = gw.apigateway.send.bind(gw.apigateway)
    const plan = await send(new CreateUsagePlanCommand({ name: 'one', apiStages: [{ apiId: restApiId, stage: 'cached' }], quota: { limit: 1, period: 'DAY' } }))
    const key = await send(new CreateApiKeyCommand({ name: 'one', enabled: true }))
    await send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }))
    assert.equal((await commandsFor('/items', { 'x-api-key': key.value! }, 'cached')).status, 200)
    const refused = await commandsFor('/items', { 'x-api-key': key.value! }, 'cached')
    assert.equal(refused.status, 429)
    assert.deepEqual(JSON.parse(refused.body), { message: 'Limit Exceeded' })
    assert.equal(refused.roundTrips, 1)
    assert.equal(backendCalls, 1)
  })
})
