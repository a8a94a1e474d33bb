import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  CreateApiCommand, CreateAuthorizerCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateRouteCommand, CreateRouteResponseCommand,
  CreateStageCommand, GetRouteCommand, GetRouteResponsesCommand, type ApiGatewayV2Client,
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
 * A WebSocket API with a Lambda REQUEST authorizer on `$connect` and a two-way route, driven through
 * `client-apigatewayv2` and the `ws` client, with handlers written for AWS
 * (test/fixtures/functions/websocket/auth.ts and chat.ts), which record the events they receive.
 */
describe('WebSocket API: a $connect authorizer and route responses', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let apiId: string
  let port: number
  let authorizerId: string
  const routeIds = new Map<string, string>()
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ws-auth-'))
  const log = join(dir, 'events.jsonl')

  before(async () => {
    writeFileSync(log, '')
    const environment = { EVENT_LOG: log }
    const allowWrite = [dir]
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        authorize: { handler: 'test/fixtures/functions/websocket/auth.authorize', environment, allowWrite },
        connect: { handler: 'test/fixtures/functions/websocket/chat.connect', environment, allowWrite },
        echo: { handler: 'test/fixtures/functions/websocket/auth.echo', environment, allowWrite },
        disconnect: { handler: 'test/fixtures/functions/websocket/chat.message', environment, allowWrite },
      },
    })
    port = Number(new URL(gw.url).port)
    v2 = apiGatewayV2Client(gw)
    apiId = (await v2.send(new CreateApiCommand({ Name: 'guarded', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!
    const integration = async (fn: string) =>
      (await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: functionArn(fn) }))).IntegrationId!
    const [connect, echo, disconnect] = [await integration('connect'), await integration('echo'), await integration('disconnect')]
    authorizerId = (await v2.send(new CreateAuthorizerCommand({
      ApiId: apiId, Name: 'auth', AuthorizerType: 'REQUEST', AuthorizerUri: functionArn('authorize'),
      IdentitySource: ['route.request.header.Auth', 'route.request.querystring.token'],
    }))).AuthorizerId!
    routeIds.set('$connect', (await v2.send(new CreateRouteCommand({
      ApiId: apiId, RouteKey: '$connect', Target: `integrations/${connect}`, AuthorizationType: 'CUSTOM', AuthorizerId: authorizerId,
    }))).RouteId!)
    routeIds.set('echo', (await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'echo', Target: `integrations/${echo}`, RouteResponseSelectionExpression: '$default' }))).RouteId!)
    routeIds.set('$disconnect', (await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$disconnect', Target: `integrations/${disconnect}` }))).RouteId!)
    routeIds.set('quiet', (await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'quiet', Target: `integrations/${echo}` }))).RouteId!)
    await v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: routeIds.get('echo'), RouteResponseKey: '$default' }))
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev' }))
    await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'dev' }))
  })
  after(async () => {
    v2.destroy()
    await gw.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const events = (): AnyEvent[] => readFileSync(log, 'utf8').split('\n').slice(0, -1).filter(Boolean).map((line) => JSON.parse(line) as AnyEvent)
  async function eventWhere(what: string, matches: (event: AnyEvent) => boolean): Promise<AnyEvent> {
    return within(10_000, what, (async () => {
      for (;;) {
        const found = events().find(matches)
        if (found !== undefined) return found
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })())
  }

  /** Opens a connection; resolves with the socket once open, or with the handshake's refusal status. */
  function open(headers: Record<string, string>, token: string | undefined): Promise<{ ws: WebSocket; frames: string[] } | { status: number }> {
    const query = token === undefined ? '' : `?token=${token}`
    const ws = new WebSocket(`ws://127.0.0.1:${port}/dev${query}`, { headers: { Host: `${apiId}.execute-api.localhost:${port}`, ...headers } })
    const frames: string[] = []
    ws.on('message', (data) => frames.push(String(data)))
    return within(10_000, 'the handshake', new Promise((resolve, reject) => {
      ws.once('open', () => resolve({ ws, frames }))
      ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode! }))
      ws.once('error', reject)
    }))
  }
  const marker = () => `m${Math.random().toString(36).slice(2)}`

  it('the control plane: REQUEST authorizers with route.request identity sources, CUSTOM only on $connect, $default route responses only', async () => {
    await assert.rejects(v2.send(new CreateAuthorizerCommand({
      ApiId: apiId, Name: 'jwt', AuthorizerType: 'JWT', IdentitySource: ['route.request.header.Auth'], JwtConfiguration: { Issuer: 'https://issuer.example' },
    })), { name: 'BadRequestException' })
    await assert.rejects(v2.send(new CreateAuthorizerCommand({
      ApiId: apiId, Name: 'bad', AuthorizerType: 'REQUEST', AuthorizerUri: functionArn('authorize'), IdentitySource: ['$request.header.Auth'],
    })), { name: 'BadRequestException' })
    await assert.rejects(v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'guarded', AuthorizationType: 'CUSTOM', AuthorizerId: authorizerId })), { name: 'BadRequestException' })
    await assert.rejects(v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: routeIds.get('quiet'), RouteResponseKey: 'other' })), { name: 'BadRequestException' })
    const connect = await v2.send(new GetRouteCommand({ ApiId: apiId, RouteId: routeIds.get('$connect') }))
    assert.equal(connect.AuthorizationType, 'CUSTOM')
    assert.equal(connect.AuthorizerId, authorizerId)
    const echo = await v2.send(new GetRouteCommand({ ApiId: apiId, RouteId: routeIds.get('echo') }))
    assert.equal(echo.RouteResponseSelectionExpression, '$default')
    const responses = await v2.send(new GetRouteResponsesCommand({ ApiId: apiId, RouteId: routeIds.get('echo') }))
    assert.deepEqual(responses.Items?.map((response) => response.RouteResponseKey), ['$default'])
  })

  it('a missing identity source is 401 without calling the authorizer; a Deny 403; a failing authorizer 500', async () => {
    const missing = marker()
    assert.deepEqual(await open({ Auth: 'allow' }, undefined), { status: 401 })
    assert.deepEqual(await open({}, missing), { status: 401 })
    assert.deepEqual(await open({ Auth: 'deny' }, marker()), { status: 403 })
    assert.deepEqual(await open({ Auth: 'boom' }, marker()), { status: 500 })
    assert.ok(!events().some((event) => event.queryStringParameters?.token === missing), 'the authorizer was not called')
    assert.ok(!events().some((event) => event.requestContext?.eventType === 'CONNECT' && event.type === undefined), 'no $connect integration ran')
  })

  it('an Allow opens the connection; the authorizer gets the $connect method ARN, the CONNECT event its principalId and context', async () => {
    const token = marker()
    const opened = await open({ Auth: 'allow' }, token)
    assert.ok('ws' in opened)
    const input = await eventWhere('the authorizer\'s event', (event) => event.type === 'REQUEST' && event.queryStringParameters?.token === token)
    const sample = sampleEvent('lambda-rust-runtime/example-apigw-v2-custom-authorizer-websocket-request.json')
    assert.match(sample.methodArn, /\/test\/\$connect$/)
    assert.equal(input.methodArn, `arn:aws:execute-api:${DEFAULT_AWS_ENVIRONMENT.region}:${DEFAULT_AWS_ENVIRONMENT.accountId}:${apiId}/dev/$connect`)
    assert.equal(input.headers.Auth, 'allow')
    assert.equal(input.requestContext.eventType, sample.requestContext.eventType)
    assert.equal(input.requestContext.routeKey, '$connect')
    const connect = await eventWhere('the CONNECT event', (event) => event.type === undefined && event.queryStringParameters?.token === token)
    const { integrationLatency, ...authorizer } = connect.requestContext.authorizer
    assert.equal(typeof integrationLatency, 'number')
    assert.deepEqual(authorizer, { principalId: 'user-1', user: 'alice', token, admin: 'false' })
    opened.ws.close()
  })

  it('the authorizer\'s answer reaches every event of the connection: its MESSAGE and DISCONNECT events carry the CONNECT event\'s', async () => {
    const token = marker()
    const opened = await open({ Auth: 'allow' }, token)
    assert.ok('ws' in opened)
    const connect = await eventWhere('the CONNECT event', (event) => event.type === undefined && event.queryStringParameters?.token === token)
    const { connectionId, authorizer } = connect.requestContext
    assert.equal(authorizer.principalId, 'user-1')
    opened.ws.send(JSON.stringify({ action: 'quiet' }))
    const message = await eventWhere('the MESSAGE event', (event) => event.requestContext?.eventType === 'MESSAGE' && event.requestContext.connectionId === connectionId)
    assert.deepEqual(message.requestContext.authorizer, authorizer)
    opened.ws.close(1000)
    const disconnect = await eventWhere('the DISCONNECT event', (event) => event.requestContext?.eventType === 'DISCONNECT' && event.requestContext.connectionId === connectionId)
    assert.deepEqual(disconnect.requestContext.authorizer, authorizer)
  })

  it('a two-way route sends its integration\'s body back as a frame; a route without a route response sends nothing', async () => {
    const opened = await open({ Auth: 'allow' }, marker())
    assert.ok('ws' in opened)
    const quiet = marker()
    opened.ws.send(JSON.stringify({ action: 'quiet', id: quiet }))
    await eventWhere('the quiet route\'s event', (event) => event.requestContext?.routeKey === 'quiet' && JSON.parse(event.body).id === quiet)
    const loud = marker()
    opened.ws.send(JSON.stringify({ action: 'echo', id: loud }))
    await within(10_000, 'the echo frame', (async () => {
      while (opened.frames.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    })())
    // The quiet route's answer was in before the echo was sent: only the echo came back.
    assert.deepEqual(opened.frames.map((frame) => JSON.parse(frame)), [{ echo: { action: 'echo', id: loud }, routeKey: 'echo' }])
    opened.ws.close()
  })
})
