import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, it } from 'node:test'
import {
  ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi'
import { CreateApiCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2'
import { WebSocket } from 'ws'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts'
import { apiGatewayV2Client, functionArn } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { connectTestRedis, deleteKeysWithPrefix, uniqueKeyPrefix } from '../../helpers/redis.ts'
import { describeWithRedis } from '../../helpers/redis-server.ts'
import { within } from '../../helpers/within.ts'

type AnyEvent = { requestContext: Record<string, any>; [key: string]: any }

/**
 * Two gateways on one store and one Redis, as two nodes behind a load balancer: a client connected
 * to node A is reached by `@connections` calls made through node B, and a node that stops closes
 * its connections with 1001 and runs their `$disconnect`.
 *
 * Sources of what is asserted: DeleteConnection closes the socket with 1000 "Connection Closed
 * Normally" and fires `$disconnect` (as AWS's execution log shows it in aws/chalice issue 2060; no
 * recording in test/parity/recordings has it); a closed or unknown connection is 410 GoneException
 * (developer guide, "Use @connections commands in your backend service"); GetConnection answers
 * ConnectedAt and Identity.SourceIp (API reference, apigatewaymanagementapi GetConnection). Closing
 * with 1001 "Going away" when a node stops is Gatehouse's choice: AWS documents 1001 for its own
 * idle and lifetime closes, and nothing for a node going away.
 */
describeWithRedis('WebSocket API on many nodes (one Redis)', (redis) => {
  const store = new SqliteStore({ filename: ':memory:' })
  const keyPrefix = uniqueKeyPrefix('ws-nodes')
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ws-nodes-'))
  const log = join(dir, 'events.jsonl')
  let a: TestGateway
  let b: TestGateway
  let apiId: string
  const clients: { destroy(): void }[] = []

  before(async () => {
    writeFileSync(log, '')
    const environment = { EVENT_LOG: log }
    const functions = {
      connect: { handler: 'test/fixtures/functions/websocket/chat.connect', environment, allowWrite: [dir] },
      message: { handler: 'test/fixtures/functions/websocket/chat.message', environment, allowWrite: [dir] },
    }
    const node = () => startTestGateway({ baseDir: REPO_ROOT, functions, store, redis: { url: redis.url, keyPrefix } })
    a = await node()
    b = await node()
    const v2 = apiGatewayV2Client(b)
    clients.push(v2)
    apiId = (await v2.send(new CreateApiCommand({ Name: 'nodes', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!
    const integration = async (fn: string) =>
      (await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: functionArn(fn) }))).IntegrationId!
    const [connect, message] = [await integration('connect'), await integration('message')]
    for (const [routeKey, target] of [['$connect', connect], ['$disconnect', message], ['$default', message]]) {
      await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: `integrations/${target}` }))
    }
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev' }))
    await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'dev' }))
  })
  after(async () => {
    for (const client of clients) client.destroy()
    await a?.close()
    await b?.close()
    store.close()
    const admin = await connectTestRedis(redis.url)
    await deleteKeysWithPrefix(admin, keyPrefix)
    admin.disconnect()
    rmSync(dir, { recursive: true, force: true })
  })

  const events = (): AnyEvent[] => readFileSync(log, 'utf8').split('\n').slice(0, -1).filter(Boolean).map((line) => JSON.parse(line) as AnyEvent)
  const eventWhere = (what: string, matches: (event: AnyEvent) => boolean): Promise<AnyEvent> =>
    within(10_000, what, (async () => {
      for (;;) {
        const found = events().find(matches)
        if (found !== undefined) return found
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })())
  const managementThrough = (gateway: TestGateway): ApiGatewayManagementApiClient => {
    const client = new ApiGatewayManagementApiClient({
      endpoint: `${gateway.url}/_aws/execute-api/${apiId}/dev`,
      region: DEFAULT_AWS_ENVIRONMENT.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    })
    clients.push(client)
    return client
  }
  /** A client on `gateway`, with its connection id (from its $connect event) and the frames it receives. */
  async function connectTo(gateway: TestGateway): Promise<{ ws: WebSocket; connectionId: string; frames: string[] }> {
    const marker = `m${Math.random().toString(36).slice(2)}`
    const ws = new WebSocket(`${gateway.url.replace('http:', 'ws:')}/_aws/execute-api/${apiId}/dev?marker=${marker}`)
    const frames: string[] = []
    ws.on('message', (data) => frames.push(String(data)))
    await within(10_000, 'the connection to open', new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) }))
    const event = await eventWhere('the $connect event', (e) => e.queryStringParameters?.marker === marker)
    return { ws, connectionId: event.requestContext.connectionId, frames }
  }
  const closed = (ws: WebSocket) => within(10_000, 'the close', new Promise<[number, string]>((resolve) => ws.once('close', (code, reason) => resolve([code, String(reason)]))))

  it('a client on node A: GetConnection and PostToConnection through node B reach it; DeleteConnection through B closes it with 1000', async () => {
    const { ws, connectionId, frames } = await connectTo(a)
    const viaB = managementThrough(b)
    const info = await viaB.send(new GetConnectionCommand({ ConnectionId: connectionId }))
    assert.ok(info.ConnectedAt instanceof Date)
    assert.equal(info.Identity?.SourceIp, '127.0.0.1')
    await viaB.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'from node B' }))
    await within(10_000, 'the frame posted through node B', (async () => {
      while (!frames.includes('from node B')) await new Promise((resolve) => setTimeout(resolve, 5))
    })())
    const closing = closed(ws)
    await viaB.send(new DeleteConnectionCommand({ ConnectionId: connectionId }))
    assert.deepEqual(await closing, [1000, 'Connection Closed Normally'])
    const disconnect = await eventWhere('the $disconnect event', (e) => e.requestContext.routeKey === '$disconnect' && e.requestContext.connectionId === connectionId)
    assert.equal(disconnect.requestContext.disconnectStatusCode, 1000)
    await within(5_000, 'the registry to forget it', (async () => {
      for (;;) {
        try {
          await viaB.send(new GetConnectionCommand({ ConnectionId: connectionId }))
        } catch (error) {
          if ((error as Error).name === 'GoneException') return
          throw error
        }
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    })())
    await assert.rejects(viaB.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'late' })), { name: 'GoneException' })
  })

  it('a node that stops closes its connections with 1001 "Going away", runs their $disconnect and leaves no registry entry', async () => {
    const { ws, connectionId } = await connectTo(a)
    const closing = closed(ws)
    await a.close()
    assert.deepEqual(await closing, [1001, 'Going away'])
    const disconnect = await eventWhere('the $disconnect event', (e) => e.requestContext.routeKey === '$disconnect' && e.requestContext.connectionId === connectionId)
    assert.equal(disconnect.requestContext.disconnectStatusCode, 1001)
    assert.equal(disconnect.requestContext.disconnectReason, 'Going away')
    await assert.rejects(managementThrough(b).send(new GetConnectionCommand({ ConnectionId: connectionId })), { name: 'GoneException' })
  })
})
