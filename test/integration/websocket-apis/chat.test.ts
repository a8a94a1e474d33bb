import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi'
import {
  CreateApiCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, GetApiCommand, GetRoutesCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2'
import { WebSocket } from 'ws'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { apiGatewayV2Client, functionArn } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { sampleEvent } from '../../helpers/recordings.ts'
import { within } from '../../helpers/within.ts'

type AnyEvent = { requestContext: Record<string, any>; [key: string]: any }

/**
 * A chat on a WebSocket API, driven as on AWS: the control plane through `client-apigatewayv2`, the
 * connection through the `ws` client, `@connections` through `client-apigatewaymanagementapi`, and
 * Lambda handlers written for AWS (test/fixtures/functions/websocket/chat.ts), which record the
 * events they receive.
 */
describe('WebSocket API: a chat', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let management: ApiGatewayManagementApiClient
  let apiId: string
  let port: number
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ws-'))
  const log = join(dir, 'events.jsonl')

  before(async () => {
    writeFileSync(log, '')
    const environment = { EVENT_LOG: log }
    const allowWrite = [dir]
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        connect: { handler: 'test/fixtures/functions/websocket/chat.connect', environment, allowWrite },
        message: { handler: 'test/fixtures/functions/websocket/chat.message', environment, allowWrite },
        failing: { handler: 'test/fixtures/functions/websocket/chat.failing', environment },
      },
    })
    port = Number(new URL(gw.url).port)
    v2 = apiGatewayV2Client(gw)
    const api = await v2.send(new CreateApiCommand({ Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))
    apiId = api.ApiId!
    const integration = async (fn: string) =>
      (await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: functionArn(fn) }))).IntegrationId!
    const [connect, message, failing] = [await integration('connect'), await integration('message'), await integration('failing')]
    for (const [routeKey, target] of [['$connect', connect], ['$disconnect', message], ['$default', message], ['sendmessage', message], ['boom', failing]]) {
      await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: `integrations/${target}` }))
    }
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev' }))
    await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'dev' }))
    management = new ApiGatewayManagementApiClient({
      endpoint: `${gw.url}/_aws/execute-api/${apiId}/dev`,
      region: DEFAULT_AWS_ENVIRONMENT.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    })
  })
  after(async () => {
    v2.destroy()
    management.destroy()
    await gw.close()
    rmSync(dir, { recursive: true, force: true })
  })

  // Only whole lines: a handler may be half-way through appending the last one (several write at once).
  const events = (): AnyEvent[] => readFileSync(log, 'utf8').split('\n').slice(0, -1).filter(Boolean).map((line) => JSON.parse(line) as AnyEvent)
  /** The first recorded event that matches, waiting for it (the handlers record as they run). */
  async function eventWhere(what: string, matches: (event: AnyEvent) => boolean): Promise<AnyEvent> {
    return within(10_000, what, (async () => {
      for (;;) {
        const found = events().find(matches)
        if (found !== undefined) return found
        await new Promise((resolve) => setImmediate(resolve))
      }
    })())
  }

  /** Opens a connection on the host form (`{apiId}.execute-api.…/{stage}`); resolves with it and its connection id. */
  async function connect(query = ''): Promise<{ ws: WebSocket; connectionId: string; frames: string[] }> {
    const marker = `m${Math.random().toString(36).slice(2)}`
    const ws = new WebSocket(`ws://127.0.0.1:${port}/dev?marker=${marker}${query}`, { headers: { Host: `${apiId}.execute-api.localhost:${port}`, 'User-Agent': 'chat-test' } })
    const frames: string[] = []
    ws.on('message', (data) => frames.push(String(data)))
    await within(10_000, 'the connection to open', new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) }))
    const event = await eventWhere('the $connect event', (e) => e.queryStringParameters?.marker === marker)
    return { ws, connectionId: event.requestContext.connectionId, frames }
  }

  const closed = (ws: WebSocket) => within(10_000, 'the close', new Promise<[number, string]>((resolve) => ws.once('close', (code, reason) => resolve([code, String(reason)]))))

  it('CreateApi takes ProtocolType WEBSOCKET with its RouteSelectionExpression and a wss:// endpoint', async () => {
    const api = await v2.send(new GetApiCommand({ ApiId: apiId }))
    assert.equal(api.ProtocolType, 'WEBSOCKET')
    assert.equal(api.RouteSelectionExpression, '$request.body.action')
    assert.equal(api.ApiEndpoint, `wss://${apiId}.execute-api.${DEFAULT_AWS_ENVIRONMENT.region}.amazonaws.com`)
    const routes = await v2.send(new GetRoutesCommand({ ApiId: apiId }))
    assert.deepEqual(routes.Items?.map((route) => route.RouteKey).sort(), ['$connect', '$default', '$disconnect', 'boom', 'sendmessage'])
    await assert.rejects(v2.send(new CreateApiCommand({ Name: 'no-expression', ProtocolType: 'WEBSOCKET' })), { name: 'BadRequestException' })
    await assert.rejects(v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'sendmessage' })), { name: 'ConflictException' })
  })

  it('a $connect answering 403 refuses the handshake with 403; one that fails, with 502', async () => {
    for (const [token, status] of [['deny', 403], ['crash', 502]] as const) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/_aws/execute-api/${apiId}/dev?token=${token}`)
      const refused = await within(10_000, 'the refusal', new Promise<number>((resolve, reject) => {
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode!))
        ws.once('open', () => reject(new Error('connected')))
        ws.once('error', () => {})
      }))
      assert.equal(refused, status)
      ws.terminate()
    }
  })

  it('routes by action, else $default, with the MESSAGE event AWS sends; a failing route answers the Internal server error frame', async () => {
    const { ws, connectionId, frames } = await connect()
    ws.send('{"action":"sendmessage","data":"hi"}')
    const routed = await eventWhere('the sendmessage event', (e) => e.requestContext.routeKey === 'sendmessage')
    assert.equal(routed.body, '{"action":"sendmessage","data":"hi"}')
    ws.send('plain text')
    const fallback = await eventWhere('the $default event', (e) => e.requestContext.routeKey === '$default' && e.body === 'plain text')
    assert.equal(fallback.requestContext.connectionId, connectionId)
    // Key for key and in order as the capture (sample event: lambda-go/apigw-websocket-request-send-message.json).
    const captured = sampleEvent('lambda-go/apigw-websocket-request-send-message.json')
    assert.deepEqual(Object.keys(fallback), Object.keys(captured))
    assert.deepEqual(Object.keys(fallback.requestContext), Object.keys(captured.requestContext))
    assert.deepEqual(Object.keys(fallback.requestContext.identity), Object.keys(captured.requestContext.identity))
    assert.equal(fallback.requestContext.eventType, 'MESSAGE')
    assert.equal(fallback.requestContext.messageDirection, 'IN')
    assert.equal(fallback.requestContext.requestId, fallback.requestContext.extendedRequestId)
    assert.match(fallback.requestContext.messageId, /^[A-Za-z0-9+/]{15}=$/)
    assert.match(fallback.requestContext.requestTime, /^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/)
    assert.equal(fallback.requestContext.identity.userAgent, 'chat-test')
    assert.equal(fallback.isBase64Encoded, false)

    ws.send('{"action":"boom"}')
    const frame = await within(10_000, 'the error frame', (async () => {
      for (;;) {
        if (frames.length > 0) return frames[0]
        await new Promise((resolve) => setImmediate(resolve))
      }
    })())
    assert.match(frame, new RegExp(`^\\{"message": "Internal server error", "connectionId":"${connectionId.replace(/[+/=]/g, '\\$&')}", "requestId":"[A-Za-z0-9+/]{15}="\\}$`))
    ws.close()
    await closed(ws)
  })

  it('the CONNECT event has the client\'s headers, the ones API Gateway adds, and the query', async () => {
    const { ws, connectionId } = await connect('&room=1&room=2')
    const event = events().find((e) => e.requestContext.connectionId === connectionId)!
    const captured = sampleEvent('lambda-rust-runtime/example-apigw-websocket-request-without-method.json')
    assert.deepEqual(Object.keys(event), ['headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'requestContext', 'isBase64Encoded'])
    assert.deepEqual(Object.keys(event.requestContext), Object.keys(captured.requestContext))
    assert.equal(event.requestContext.eventType, 'CONNECT')
    assert.equal(event.headers.Host, `${apiId}.execute-api.localhost:${port}`)
    assert.equal(event.headers['Sec-WebSocket-Version'], '13')
    assert.equal(event.headers['X-Forwarded-Proto'], 'http')
    assert.match(event.headers['X-Amzn-Trace-Id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/)
    // Case-insensitive order, as captured.
    const names = Object.keys(event.headers)
    assert.deepEqual(names, [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())))
    assert.deepEqual(event.multiValueQueryStringParameters.room, ['1', '2'])
    assert.equal(event.queryStringParameters.room, '2')
    // The Host header keeps the port the client sent; domainName is the host name alone, as in the capture.
    assert.equal(event.requestContext.domainName, `${apiId}.execute-api.localhost`)
    assert.doesNotMatch(captured.requestContext.domainName, /:/)
    assert.equal(event.requestContext.apiId, apiId)
    assert.equal(event.requestContext.stage, 'dev')
    assert.equal('body' in event, false)
    ws.close(4000, 'bye')
    const disconnect = await eventWhere('the $disconnect event', (e) => e.requestContext.routeKey === '$disconnect' && e.requestContext.connectionId === connectionId)
    assert.equal(disconnect.requestContext.disconnectStatusCode, 4000)
    assert.equal(disconnect.requestContext.disconnectReason, 'bye')
  })

  it('@connections: GetConnection, PostToConnection reaches the client, DeleteConnection closes with 1000 and fires $disconnect, then 410', async () => {
    const { ws, connectionId, frames } = await connect()
    const info = await management.send(new GetConnectionCommand({ ConnectionId: connectionId }))
    assert.ok(info.ConnectedAt instanceof Date)
    assert.ok(info.LastActiveAt instanceof Date)
    assert.deepEqual(info.Identity, { SourceIp: '127.0.0.1', UserAgent: 'chat-test' })
    await management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'hello from the backend' }))
    await within(10_000, 'the posted frame', (async () => {
      while (!frames.includes('hello from the backend')) await new Promise((resolve) => setImmediate(resolve))
    })())
    const closing = closed(ws)
    await management.send(new DeleteConnectionCommand({ ConnectionId: connectionId }))
    assert.equal((await closing)[0], 1000)
    const disconnect = await eventWhere('the $disconnect event', (e) => e.requestContext.routeKey === '$disconnect' && e.requestContext.connectionId === connectionId)
    assert.equal(disconnect.requestContext.disconnectStatusCode, 1000)
    assert.equal(disconnect.requestContext.disconnectReason, 'Connection Closed Normally')
    const capturedDisconnect = sampleEvent('lambda-go/apigw-websocket-request-disconnect.json')
    assert.deepEqual(Object.keys(disconnect), Object.keys(capturedDisconnect))
    assert.deepEqual(Object.keys(disconnect.requestContext), Object.keys(capturedDisconnect.requestContext))
    assert.deepEqual(Object.keys(disconnect.headers), Object.keys(capturedDisconnect.headers))

    await assert.rejects(management.send(new GetConnectionCommand({ ConnectionId: connectionId })), (error: any) => {
      assert.equal(error.name, 'GoneException')
      assert.equal(error.$metadata.httpStatusCode, 410)
      return true
    })
    const raw = await fetch(`${gw.url}/_aws/execute-api/${apiId}/dev/@connections/${encodeURIComponent(connectionId)}`, { method: 'POST', body: 'x' })
    assert.equal(raw.status, 410)
    assert.equal(raw.headers.get('x-amzn-errortype'), 'GoneException')
    assert.equal(await raw.text(), '')
  })

  it('a close frame without status is 1005 "Client-side close frame status not set"; a binary frame closes with 1003', async () => {
    const first = await connect()
    first.ws.close()
    const quiet = await eventWhere('the $disconnect event', (e) => e.requestContext.routeKey === '$disconnect' && e.requestContext.connectionId === first.connectionId)
    assert.equal(quiet.requestContext.disconnectStatusCode, 1005)
    assert.equal(quiet.requestContext.disconnectReason, 'Client-side close frame status not set')
    // The capture's (sample event: lambda-rust-runtime/example-apigw-websocket-request-disconnect-route.json).
    const captured = sampleEvent('lambda-rust-runtime/example-apigw-websocket-request-disconnect-route.json')
    assert.equal(quiet.requestContext.disconnectReason, captured.requestContext.disconnectReason)

    const second = await connect()
    const closing = closed(second.ws)
    second.ws.send(Buffer.from([1, 2, 3]), { binary: true })
    assert.equal((await closing)[0], 1003)
    await eventWhere('the $disconnect event', (e) => e.requestContext.routeKey === '$disconnect' && e.requestContext.connectionId === second.connectionId)
  })

  it('a message past 128 KB closes the connection with 1009', async () => {
    const { ws } = await connect()
    const closing = closed(ws)
    ws.send('x'.repeat(128 * 1024 + 1))
    assert.equal((await closing)[0], 1009)
  })

  it('without a matching route or $default, the Forbidden frame, and the connection stays open', async () => {
    const api = await v2.send(new CreateApiCommand({ Name: 'strict', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))
    const integration = await v2.send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: functionArn('message') }))
    await v2.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: 'known', Target: `integrations/${integration.IntegrationId}` }))
    await v2.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: 'prod', AutoDeploy: true }))
    const ws = new WebSocket(`ws://127.0.0.1:${port}/_aws/execute-api/${api.ApiId}/prod`)
    const frame = within(10_000, 'the Forbidden frame', new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data)))))
    await within(10_000, 'the connection to open', new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) }))
    ws.send('{"action":"unknown"}')
    assert.match(await frame, /^\{"message": "Forbidden", "connectionId":"[A-Za-z0-9+/]{15}=", "requestId":"[A-Za-z0-9+/]{15}="\}$/)
    assert.equal(ws.readyState, WebSocket.OPEN)
    ws.close()
    await closed(ws)
  })
})
