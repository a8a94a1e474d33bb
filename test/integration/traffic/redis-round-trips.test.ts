import assert from 'node:assert/strict'
import {
  CreateApiKeyCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand,
  PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import type { Redis } from 'ioredis'
import { after, before, describe, it } from 'node:test'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { connectTestRedis, startOwnRedisServer, type OwnRedisServer } from '../../helpers/redis.ts'

/**
 * Issue 6 item 5: "Redis calls on the request path: at most one round trip". A private redis-server
 * (so no other test's traffic is seen) and Redis's own MONITOR, which lists every command the server
 * runs, in order: a request's commands are those between its start and a marker sent after its answer.
 */
describe('Redis commands per request (MONITOR on a private redis-server)', () => {
  let server: OwnRedisServer
  let gw: TestGateway
  let admin: Redis
  let watcher: Redis
  /** The commands clients sent, in order (not those a script ran: MONITOR lists those too, from `lua`). */
  const seen: string[][] = []
  let restApiId: string
  let keyValue: string

  before(async () => {
    server = await startOwnRedisServer()
    admin = await connectTestRedis(server.url)
    watcher = await connectTestRedis(server.url)
    const monitor = await watcher.monitor()
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (source !== 'lua') seen.push(args)
    })
    gw = await startTestGateway({ redis: { url: server.url, keyPrefix: 'round-trips:' } })
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
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
    // Every bucket there is: the plan's, the stage's `*/*`, the account's; and a quota.
    await send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [
      { op: 'replace', path: '/*/*/throttling/rateLimit', value: '1000' },
      { op: 'replace', path: '/*/*/throttling/burstLimit', value: '500' },
    ] }))
    const plan = await send(new CreateUsagePlanCommand({
      name: 'metered', apiStages: [{ apiId: restApiId, stage: 'prod' }], throttle: { rateLimit: 1000, burstLimit: 500 }, quota: { limit: 3, period: 'DAY' },
    }))
    const key = await send(new CreateApiKeyCommand({ name: 'metered', enabled: true }))
    await send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }))
    keyValue = key.value!
  })
  after(async () => {
    await gw?.close()
    watcher?.disconnect()
    admin?.disconnect()
    await server?.stop()
  })

  /** The commands Redis ran for one request, and its answer. */
  async function commandsFor(path: string, headers: Record<string, string>): Promise<{ status: number; body: string; commands: string[][] }> {
    const from = seen.length
    const response = await fetch(gw.stageUrl(restApiId, 'prod') + path, { headers })
    const answer = { status: response.status, body: await response.text() }
    const marker = `after-request-${from}`
    await admin.echo(marker)
    while (!seen.some((args) => args[0] === 'echo' && args[1] === marker)) await new Promise((resolve) => setTimeout(resolve, 5))
    const end = seen.findIndex((args) => args[0] === 'echo' && args[1] === marker)
    return { ...answer, commands: seen.slice(from, end) }
  }

  it('a keyed request with a plan bucket, a quota, a stage bucket and the account\'s: one script call', async () => {
    await commandsFor('/', { 'x-api-key': keyValue }) // loads the script (EVALSHA, then EVAL once after NOSCRIPT)
    const { status, commands } = await commandsFor('/', { 'x-api-key': keyValue })
    assert.equal(status, 200)
    assert.deepEqual(commands.map((args) => args[0]), ['evalsha'], JSON.stringify(commands))
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
    const { status, commands } = await commandsFor('/open', {})
    assert.equal(status, 200)
    assert.deepEqual(commands.map((args) => args[0]), ['evalsha'], JSON.stringify(commands))
    assert.equal(commands[0][2], '2')
  })
})
