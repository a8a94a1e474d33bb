import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CreateApiKeyCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, UpdateAccountCommand } from '@aws-sdk/client-api-gateway'
import {
  CreateApiCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateIntegrationResponseCommand, CreateRouteCommand,
  CreateRouteResponseCommand, CreateStageCommand, type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2'
import { WebSocket } from 'ws'
import { ManualClock } from '../../../src/core/clock.ts'
import { apiGatewayV2Client } from '../../helpers/apigatewayv2.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { attemptUpgrade, type RefusedUpgrade } from '../../helpers/websocket-handshake.ts'
import { within } from '../../helpers/within.ts'

const KEY = 'stage-limits-key-00000000001'

/**
 * Throttling on WebSocket stages (developer guide, "Protect your WebSocket APIs in API Gateway"): a
 * stage's `DefaultRouteSettings` give each route its own token bucket, `RouteSettings` override it
 * for one route key; a route with `ApiKeyRequired` is held to its key's usage plan too, throttle and
 * quota. A throttled `$connect` refuses the handshake with 429 (as users observed it:
 * serverlessunicorn/ServerlessNetworkingClients#3). A throttled message gets a frame: the guide
 * gives "429 Too Many Requests" for throttled requests but no capture shows the frame, so it takes
 * the shape of API Gateway's captured Forbidden frame, `{"message": ..., "connectionId":...,
 * "requestId":...}`; a used-up quota says REST's "Limit Exceeded". The gateway's clock is moved by hand.
 */
describe('WebSocket API stage limits', () => {
  const clock = new ManualClock()
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let openApi: string
  let keyedApi: string

  /** An API whose routes answer through a MOCK integration with the route key and connection id. */
  const buildApi = async (name: string, routes: readonly string[], keyed: boolean): Promise<string> => {
    const ApiId = (await v2.send(new CreateApiCommand({ Name: name, ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!
    const mock = (await v2.send(new CreateIntegrationCommand({
      ApiId, IntegrationType: 'MOCK', TemplateSelectionExpression: '\\$default', RequestTemplates: { $default: '{"statusCode": 200}' },
    }))).IntegrationId!
    await v2.send(new CreateIntegrationResponseCommand({
      ApiId, IntegrationId: mock, IntegrationResponseKey: '$default', TemplateSelectionExpression: '\\$default',
      ResponseTemplates: { $default: '{"route":"$context.routeKey","connectionId":"$context.connectionId"}' },
    }))
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: '$connect', Target: `integrations/${mock}`, ApiKeyRequired: keyed }))
    for (const RouteKey of routes) {
      const RouteId = (await v2.send(new CreateRouteCommand({
        ApiId, RouteKey, Target: `integrations/${mock}`, ApiKeyRequired: keyed, RouteResponseSelectionExpression: '$default',
      }))).RouteId!
      await v2.send(new CreateRouteResponseCommand({ ApiId, RouteId, RouteResponseKey: '$default' }))
    }
    return ApiId
  }

  before(async () => {
    gw = await startTestGateway({ clock })
    v2 = apiGatewayV2Client(gw)
    openApi = await buildApi('route-throttle', ['slow', 'fast'], false)
    await v2.send(new CreateStageCommand({
      ApiId: openApi, StageName: 'dev',
      DefaultRouteSettings: { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 1 },
      RouteSettings: { fast: { ThrottlingBurstLimit: 3, ThrottlingRateLimit: 1 }, $connect: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 100 } },
    }))
    await v2.send(new CreateStageCommand({ ApiId: openApi, StageName: 'gate', RouteSettings: { $connect: { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 1 } } }))
    keyedApi = await buildApi('usage-plan', ['paid'], true)
    await v2.send(new CreateStageCommand({ ApiId: keyedApi, StageName: 'dev' }))
    for (const [ApiId, StageName] of [[openApi, 'dev'], [openApi, 'gate'], [keyedApi, 'dev']]) await v2.send(new CreateDeploymentCommand({ ApiId, StageName }))
    const keyId = (await gw.apigateway.send(new CreateApiKeyCommand({ name: 'limited', value: KEY, enabled: true }))).id!
    const plan = (await gw.apigateway.send(new CreateUsagePlanCommand({
      name: 'websocket-limits', apiStages: [{ apiId: keyedApi, stage: 'dev' }],
      throttle: { burstLimit: 2, rateLimit: 1 }, quota: { limit: 4, period: 'DAY' },
    }))).id!
    await gw.apigateway.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan, keyId, keyType: 'API_KEY' }))
  })
  after(async () => {
    v2.destroy()
    await gw.close()
  })

  const connect = async (apiId: string, stage: string, headers: Record<string, string> = {}): Promise<WebSocket | RefusedUpgrade> =>
    attemptUpgrade(`${gw.url}/_aws/execute-api/${apiId}/${stage}`, headers)
  const opened = async (apiId: string, stage: string, headers: Record<string, string> = {}): Promise<WebSocket> => {
    const ws = await connect(apiId, stage, headers)
    assert.ok(ws instanceof WebSocket, `refused: ${JSON.stringify(ws)}`)
    return ws
  }
  const frame = (ws: WebSocket, action: string): Promise<Record<string, string>> => {
    ws.send(JSON.stringify({ action }))
    return within(10_000, `the answer to ${action}`, new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data))))))
  }

  it('DefaultRouteSettings give each route its own bucket; RouteSettings override it; a throttled message gets the 429 frame', async () => {
    const ws = await opened(openApi, 'dev')
    const first = await frame(ws, 'slow')
    assert.equal(first.route, 'slow')
    const throttled = await frame(ws, 'slow')
    assert.deepEqual(Object.keys(throttled), ['message', 'connectionId', 'requestId'])
    assert.equal(throttled.message, 'Too Many Requests')
    assert.equal(throttled.connectionId, first.connectionId)
    assert.match(throttled.requestId, /\S/)
    // `fast` has a bucket of 3 of its own, untouched by `slow`'s.
    for (let i = 0; i < 3; i++) assert.equal((await frame(ws, 'fast')).route, 'fast')
    assert.equal((await frame(ws, 'fast')).message, 'Too Many Requests')
    clock.advance(1_000)
    assert.equal((await frame(ws, 'slow')).route, 'slow', 'a second later the bucket has a token again')
    ws.close()
  })

  it('a throttled $connect refuses the handshake with 429', async () => {
    clock.advance(5_000)
    const first = await opened(openApi, 'gate')
    const refused = await connect(openApi, 'gate')
    assert.deepEqual(refused, { status: 429, body: '{"message":"Too Many Requests"}' })
    clock.advance(1_000)
    const later = await opened(openApi, 'gate')
    for (const ws of [first, later]) ws.close()
  })

  it("the account's bucket, shared with REST and HTTP APIs, throttles WebSocket routes too", async () => {
    const throttle = (burst: number, rate: number) => gw.apigateway.send(new UpdateAccountCommand({
      patchOperations: [{ op: 'replace', path: '/throttle/burstLimit', value: String(burst) }, { op: 'replace', path: '/throttle/rateLimit', value: String(rate) }],
    }))
    await throttle(2, 1)
    try {
      clock.advance(10_000)
      const ws = await opened(openApi, 'dev') // the account's first token
      assert.equal((await frame(ws, 'fast')).route, 'fast') // its second
      assert.equal((await frame(ws, 'fast')).message, 'Too Many Requests', "the route's own bucket has tokens left; the account's has none")
      ws.close()
    } finally {
      await throttle(5000, 10000)
    }
  })

  it("a route with ApiKeyRequired is held to the key's usage plan: its throttle, then its quota", async () => {
    clock.advance(5_000)
    const ws = await opened(keyedApi, 'dev', { 'x-api-key': KEY }) // $connect: 1 of the quota's 4
    clock.advance(5_000) // the plan's bucket full again: 2 tokens
    assert.equal((await frame(ws, 'paid')).route, 'paid')
    assert.equal((await frame(ws, 'paid')).route, 'paid')
    assert.equal((await frame(ws, 'paid')).message, 'Too Many Requests', 'the plan throttles; a throttled message uses no quota')
    clock.advance(5_000)
    assert.equal((await frame(ws, 'paid')).route, 'paid') // 4 of 4
    const exceeded = await frame(ws, 'paid')
    assert.deepEqual(Object.keys(exceeded), ['message', 'connectionId', 'requestId'])
    assert.equal(exceeded.message, 'Limit Exceeded')
    clock.advance(5_000) // tokens again, but no quota left today
    assert.deepEqual(await connect(keyedApi, 'dev', { 'x-api-key': KEY }), { status: 429, body: '{"message":"Limit Exceeded"}' })
    ws.close()
  })
})
