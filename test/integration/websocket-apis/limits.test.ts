import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { CreateApiCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { WebSocket } from 'ws'
import { ManualClock } from '../../../src/core/clock.ts'
import { apiGatewayV2Client, functionArn } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { within } from '../../helpers/within.ts'

type AnyEvent = { requestContext: Record<string, any>; [key: string]: any }

const MINUTE = 60_000

/**
 * The limits API Gateway puts on a connection (developer guide, "Amazon API Gateway quotas for
 * configuring and running a WebSocket API"): closed with 1001 "Going away" after 10 idle minutes or
 * at the end of its lifetime (shortened here to 30 minutes), and a 429 handshake past the rate of
 * new connections (shortened to 2 a second). The gateway's clock is moved by hand.
 */
describe('WebSocket API limits', () => {
  const clock = new ManualClock()
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ws-limits-'))
  const log = join(dir, 'events.jsonl')
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let apiId: string

  before(async () => {
    writeFileSync(log, '')
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      clock,
      functions: { message: { handler: 'test/fixtures/functions/websocket/chat.message', environment: { EVENT_LOG: log }, allowWrite: [dir] } },
      websocketLimits: { maxConnectionMs: 30 * MINUTE, newConnectionsPerSecond: 2, checkIntervalMs: 10 },
    })
    v2 = apiGatewayV2Client(gw)
    apiId = (await v2.send(new CreateApiCommand({ Name: 'limits', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!
    const integration = (await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: functionArn('message') }))).IntegrationId!
    for (const routeKey of ['$disconnect', '$default']) await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: `integrations/${integration}` }))
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev' }))
    await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'dev' }))
  })
  after(async () => {
    v2.destroy()
    await gw.close()
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
  const url = () => `${gw.url.replace('http:', 'ws:')}/_aws/execute-api/${apiId}/dev`
  /** Opens a connection, or resolves with the status of the refused handshake. */
  const attempt = (): Promise<WebSocket | number> => {
    const ws = new WebSocket(url())
    return within(10_000, 'the handshake', new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws))
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode!)
        ws.terminate()
      })
      ws.once('error', reject)
    }))
  }
  const open = async (): Promise<WebSocket> => {
    clock.advance(1_000) // a fresh second of new connections
    const ws = await attempt()
    assert.ok(ws instanceof WebSocket, `refused with ${String(ws)}`)
    return ws
  }
  const closed = (ws: WebSocket) => within(10_000, 'the close', new Promise<[number, string]>((resolve) => ws.once('close', (code, reason) => resolve([code, String(reason)]))))
  /** A message through $default, waited for until its event is recorded (the gateway has then seen it). */
  const say = async (ws: WebSocket, text: string): Promise<void> => {
    ws.send(text)
    await eventWhere(`the message ${text}`, (e) => e.requestContext.routeKey === '$default' && e.body === text)
  }

  it('10 idle minutes close the connection with 1001 "Going away", which $disconnect reports', async () => {
    const ws = await open()
    const closing = closed(ws)
    await say(ws, 'idle-1')
    clock.advance(9 * MINUTE)
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.equal(ws.readyState, WebSocket.OPEN, 'still open after 9 minutes')
    clock.advance(MINUTE)
    assert.deepEqual(await closing, [1001, 'Going away'])
    const disconnect = await eventWhere('the $disconnect', (e) => e.requestContext.routeKey === '$disconnect' && e.requestContext.disconnectStatusCode === 1001)
    assert.equal(disconnect.requestContext.disconnectReason, 'Going away')
  })

  it('a message keeps it from the idle timeout; its lifetime still ends it, with 1001', async () => {
    const ws = await open()
    const closing = closed(ws)
    for (let i = 0; i < 3; i++) {
      clock.advance(9 * MINUTE)
      await say(ws, `busy-${i}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.equal(ws.readyState, WebSocket.OPEN, 'busy for 27 minutes, still open')
    clock.advance(3 * MINUTE)
    assert.deepEqual(await closing, [1001, 'Going away'])
  })

  it('past the rate of new connections the handshake is 429', async () => {
    clock.advance(1_000)
    const results = [await attempt(), await attempt(), await attempt()]
    assert.equal(results[2], 429)
    for (const result of results.slice(0, 2)) {
      assert.ok(result instanceof WebSocket)
      result.close()
    }
    clock.advance(1_000)
    const again = await attempt()
    assert.ok(again instanceof WebSocket, 'a second later there is room again')
    again.close()
  })

  // Developer guide, "Amazon API Gateway quotas for configuring and running a WebSocket API": frames of at most 32 KB,
  // messages of at most 128 KB; a larger frame closes the connection with 1009.
  it('a message of 100 KB in frames of 25 KB and a frame of exactly 32 KB pass', async () => {
    const ws = await open()
    const part = 'f'.repeat(25 * 1024)
    for (let i = 0; i < 4; i++) ws.send(part, { fin: i === 3 })
    const fragmented = await eventWhere('the fragmented message', (e) => e.requestContext.routeKey === '$default' && e.body?.length === 100 * 1024)
    assert.equal(fragmented.body, part.repeat(4))
    ws.send('x'.repeat(32 * 1024))
    await eventWhere('the 32 KB frame', (e) => e.requestContext.routeKey === '$default' && e.body?.length === 32 * 1024)
    assert.equal(ws.readyState, WebSocket.OPEN)
    ws.close()
  })

  it('one frame over 32 KB closes with 1009, though the message is under 128 KB; nothing of it is routed and $disconnect reports 1009', async () => {
    const ws = await open()
    const closing = closed(ws)
    ws.send('before')
    ws.send('y'.repeat(32 * 1024 + 1))
    assert.deepEqual(await closing, [1009, ''])
    await eventWhere('the message before it', (e) => e.body === 'before')
    const disconnect = await eventWhere('the $disconnect', (e) => e.requestContext.routeKey === '$disconnect' && e.requestContext.disconnectStatusCode === 1009)
    assert.equal(disconnect.requestContext.disconnectReason, '')
    assert.ok(!events().some((e) => typeof e.body === 'string' && e.body.startsWith('yyyy')), 'the oversized frame never reached a route')
  })

  it('a fragment over 32 KB in a message under 128 KB closes with 1009 too', async () => {
    const ws = await open()
    const closing = closed(ws)
    ws.send('z'.repeat(10), { fin: false })
    ws.send('z'.repeat(40 * 1024), { fin: true })
    assert.deepEqual(await closing, [1009, ''])
  })
})
