import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CreateApiKeyCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, UpdateApiKeyCommand } from '@aws-sdk/client-api-gateway'
import {
  CreateApiCommand, CreateAuthorizerCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateIntegrationResponseCommand, CreateRouteCommand,
  CreateRouteResponseCommand, CreateStageCommand, type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2'
import { WebSocket } from 'ws'
import { apiGatewayV2Client, functionArn } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { createEventLog } from '../../helpers/websocket-event-log.ts'
import { attemptUpgrade } from '../../helpers/websocket-handshake.ts'
import { within } from '../../helpers/within.ts'

/**
 * API keys on a WebSocket API (API reference v2, "Route", `apiKeyRequired`; developer guide,
 * "WebSocket selection expressions", API key selection expressions): the key comes from the
 * `x-api-key` header or, with `$context.authorizer.usageIdentifierKey`, from the `$connect`
 * authorizer; it must be enabled and in a usage plan that covers the API stage — the same keys and
 * plans as REST APIs, set up with `client-api-gateway`. A refused `$connect` is 403, as REST refuses a
 * key; a route needing a key answers the Forbidden frame once the key is no longer good.
 */
describe('WebSocket API: API keys', () => {
  const log = createEventLog('gatehouse-ws-keys-')
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let headerApi: string
  let authorizerApi: string
  let goodKeyId: string
  const GOOD = 'good-key-value-0000000001'
  const PLANLESS = 'planless-key-value-000001'

  before(async () => {
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        connect: { handler: 'test/fixtures/functions/websocket/chat.connect', environment: { EVENT_LOG: log.path }, allowWrite: [log.dir] },
        keyed: { handler: 'test/fixtures/functions/websocket/auth.keyed' },
      },
    })
    v2 = apiGatewayV2Client(gw)
    const build = async (name: string, extra: { ApiKeySelectionExpression?: string }) => {
      const apiId = (await v2.send(new CreateApiCommand({ Name: name, ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action', ...extra }))).ApiId!
      const connect = (await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: functionArn('connect') }))).IntegrationId!
      const mock = (await v2.send(new CreateIntegrationCommand({
        ApiId: apiId, IntegrationType: 'MOCK', TemplateSelectionExpression: '\\$default', RequestTemplates: { $default: '{"statusCode": 200}' },
      }))).IntegrationId!
      await v2.send(new CreateIntegrationResponseCommand({
        ApiId: apiId, IntegrationId: mock, IntegrationResponseKey: '$default', TemplateSelectionExpression: '\\$default',
        ResponseTemplates: { $default: '{"route":"$context.routeKey","apiKeyId":"$context.identity.apiKeyId"}' },
      }))
      for (const routeKey of ['paid', 'free']) {
        const routeId = (await v2.send(new CreateRouteCommand({
          ApiId: apiId, RouteKey: routeKey, Target: `integrations/${mock}`, ApiKeyRequired: routeKey === 'paid', RouteResponseSelectionExpression: '$default',
        }))).RouteId!
        await v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: routeId, RouteResponseKey: '$default' }))
      }
      return { apiId, connect }
    }
    const header = await build('keys-by-header', {})
    headerApi = header.apiId
    await v2.send(new CreateRouteCommand({ ApiId: headerApi, RouteKey: '$connect', ApiKeyRequired: true, Target: `integrations/${header.connect}` }))
    const byAuthorizer = await build('keys-by-authorizer', { ApiKeySelectionExpression: '$context.authorizer.usageIdentifierKey' })
    authorizerApi = byAuthorizer.apiId
    const authorizerId = (await v2.send(new CreateAuthorizerCommand({
      ApiId: authorizerApi, Name: 'keyed', AuthorizerType: 'REQUEST', AuthorizerUri: functionArn('keyed'), IdentitySource: ['route.request.querystring.key'],
    }))).AuthorizerId!
    await v2.send(new CreateRouteCommand({
      ApiId: authorizerApi, RouteKey: '$connect', ApiKeyRequired: true, AuthorizationType: 'CUSTOM', AuthorizerId: authorizerId, Target: `integrations/${byAuthorizer.connect}`,
    }))
    for (const apiId of [headerApi, authorizerApi]) {
      await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev' }))
      await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'dev' }))
    }
    goodKeyId = (await gw.apigateway.send(new CreateApiKeyCommand({ name: 'good', value: GOOD, enabled: true }))).id!
    await gw.apigateway.send(new CreateApiKeyCommand({ name: 'planless', value: PLANLESS, enabled: true }))
    const plan = (await gw.apigateway.send(new CreateUsagePlanCommand({
      name: 'websocket', apiStages: [{ apiId: headerApi, stage: 'dev' }, { apiId: authorizerApi, stage: 'dev' }],
    }))).id!
    await gw.apigateway.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan, keyId: goodKeyId, keyType: 'API_KEY' }))
  })
  after(async () => {
    v2.destroy()
    await gw.close()
    log.remove()
  })

  /** The open socket, or the refused handshake's status. */
  const attempt = async (apiId: string, query = '', headers: Record<string, string> = {}): Promise<WebSocket | number> => {
    const outcome = await attemptUpgrade(`${gw.url}/_aws/execute-api/${apiId}/dev${query}`, headers)
    return outcome instanceof WebSocket ? outcome : outcome.status
  }
  const frame = (ws: WebSocket, message: string): Promise<string> => {
    ws.send(message)
    return within(10_000, 'a frame', new Promise((resolve) => ws.once('message', (data) => resolve(String(data)))))
  }

  it('$connect with ApiKeyRequired refuses no key, an unknown key and a key in no plan for the stage with 403', async () => {
    assert.equal(await attempt(headerApi), 403)
    assert.equal(await attempt(headerApi, '', { 'x-api-key': 'no-such-key-000000000001' }), 403)
    assert.equal(await attempt(headerApi, '', { 'x-api-key': PLANLESS }), 403)
    assert.equal(log.events().length, 0, 'no $connect integration ran')
  })

  it('a key in a plan covering the stage connects; the events name it; a route needing it answers until it is disabled', async () => {
    const ws = await attempt(headerApi, '?marker=good', { 'x-api-key': GOOD })
    assert.ok(ws instanceof WebSocket)
    const event = await log.eventWhere('the CONNECT event', (e) => e.queryStringParameters?.marker === 'good')
    assert.equal(event.requestContext.identity.apiKey, GOOD)
    assert.equal(event.requestContext.identity.apiKeyId, goodKeyId)
    assert.deepEqual(JSON.parse(await frame(ws, '{"action":"paid"}')), { route: 'paid', apiKeyId: goodKeyId })
    await gw.apigateway.send(new UpdateApiKeyCommand({ apiKey: goodKeyId, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }))
    const refused = JSON.parse(await frame(ws, '{"action":"paid"}'))
    assert.equal(refused.message, 'Forbidden')
    assert.equal(JSON.parse(await frame(ws, '{"action":"free"}')).route, 'free', 'a route without ApiKeyRequired still answers')
    assert.equal(await attempt(headerApi, '', { 'x-api-key': GOOD }), 403, 'a disabled key connects no more')
    await gw.apigateway.send(new UpdateApiKeyCommand({ apiKey: goodKeyId, patchOperations: [{ op: 'replace', path: '/enabled', value: 'true' }] }))
    ws.close()
  })

  it('with $context.authorizer.usageIdentifierKey the key is the one the $connect authorizer returned', async () => {
    const ws = await attempt(authorizerApi, `?key=${GOOD}`)
    assert.ok(ws instanceof WebSocket)
    ws.close()
    assert.equal(await attempt(authorizerApi, `?key=${PLANLESS}`), 403)
    assert.equal(await attempt(authorizerApi, '?key=x', { 'x-api-key': GOOD }), 403, 'the header is not where this API reads its key')
  })

  it('CreateApi takes only the two API key selection expressions; a usage plan names only stages that exist', async () => {
    await assert.rejects(v2.send(new CreateApiCommand({
      Name: 'odd', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action', ApiKeySelectionExpression: '$request.querystring.key',
    })), { name: 'BadRequestException' })
    await assert.rejects(gw.apigateway.send(new CreateUsagePlanCommand({ name: 'nowhere', apiStages: [{ apiId: headerApi, stage: 'prod' }] })), { name: 'NotFoundException' })
  })
})
