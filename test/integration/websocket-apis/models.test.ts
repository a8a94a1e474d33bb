import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  CreateApiCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateIntegrationResponseCommand, CreateModelCommand, CreateRouteCommand,
  CreateRouteResponseCommand, CreateStageCommand, DeleteModelCommand, GetModelCommand, GetModelsCommand, GetModelTemplateCommand, UpdateModelCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2'
import { WebSocket } from 'ws'
import { compileTemplate } from '../../../src/vtl/compile-template.ts'
import { apiGatewayV2Client } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { attemptUpgrade } from '../../helpers/websocket-handshake.ts'
import { within } from '../../helpers/within.ts'

const GREETING = JSON.stringify({
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  required: ['kind', 'text'],
  properties: { kind: { type: 'string' }, text: { type: 'string', maxLength: 20 } },
})

/**
 * Models of a WebSocket API (API reference v2, "Models") and request validation (developer guide,
 * "Request validation for WebSocket APIs in API Gateway"): the route's model selection expression
 * picks one of its `requestModels`, else `$default`; a message that fails it, or for which there is no
 * model, gets the "Bad request body" answer and never reaches the integration. Set up with
 * `client-apigatewayv2`; the refusal frame's text is REST's (no recording shows WebSocket's).
 */
describe('WebSocket API: models and request validation', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let apiId: string
  let modelId: string

  before(async () => {
    gw = await startTestGateway({ baseDir: REPO_ROOT })
    v2 = apiGatewayV2Client(gw)
    apiId = (await v2.send(new CreateApiCommand({ Name: 'models', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!
    modelId = (await v2.send(new CreateModelCommand({ ApiId: apiId, Name: 'Greeting', Schema: GREETING, ContentType: 'application/json' }))).ModelId!
    const mock = (await v2.send(new CreateIntegrationCommand({
      ApiId: apiId, IntegrationType: 'MOCK', TemplateSelectionExpression: '\\$default', RequestTemplates: { $default: '{"statusCode": 200}' },
    }))).IntegrationId!
    await v2.send(new CreateIntegrationResponseCommand({
      ApiId: apiId, IntegrationId: mock, IntegrationResponseKey: '$default', TemplateSelectionExpression: '\\$default', ResponseTemplates: { $default: '{"passed":true}' },
    }))
    const routeId = (await v2.send(new CreateRouteCommand({
      ApiId: apiId, RouteKey: 'greet', Target: `integrations/${mock}`, RouteResponseSelectionExpression: '$default',
      ModelSelectionExpression: '${request.body.kind}', RequestModels: { greeting: 'Greeting' },
    }))).RouteId!
    await v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: routeId, RouteResponseKey: '$default' }))
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev' }))
    await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'dev' }))
  })
  after(async () => {
    v2.destroy()
    await gw.close()
  })

  it('CreateModel, GetModel(s), UpdateModel and GetModelTemplate answer in AWS\'s wire format', async () => {
    const model = await v2.send(new GetModelCommand({ ApiId: apiId, ModelId: modelId }))
    assert.deepEqual({ name: model.Name, contentType: model.ContentType, schema: model.Schema }, { name: 'Greeting', contentType: 'application/json', schema: GREETING })
    assert.deepEqual((await v2.send(new GetModelsCommand({ ApiId: apiId }))).Items!.map((item) => item.ModelId), [modelId])
    const updated = await v2.send(new UpdateModelCommand({ ApiId: apiId, ModelId: modelId, Description: 'a greeting' }))
    assert.equal(updated.Description, 'a greeting')
    assert.equal(updated.Schema, GREETING)
    const template = (await v2.send(new GetModelTemplateCommand({ ApiId: apiId, ModelId: modelId }))).Value!
    assert.ok(template.startsWith("#set($inputRoot = $input.path('$'))"))
    const rendered = compileTemplate(template).render({ body: '{"kind":"greeting","text":"hi"}', params: { path: {}, querystring: {}, header: {} }, context: {}, stageVariables: {} })
    assert.deepEqual(JSON.parse(rendered.body), { kind: 'greeting', text: 'hi' })
  })

  it('refuses a schema that is no draft-4 schema, a name taken or not alphanumeric, an unknown model, and models on an HTTP API', async () => {
    await assert.rejects(v2.send(new CreateModelCommand({ ApiId: apiId, Name: 'Broken', Schema: '{"type": 5}' })), { name: 'BadRequestException' })
    await assert.rejects(v2.send(new CreateModelCommand({ ApiId: apiId, Name: 'Greeting', Schema: GREETING })), { name: 'ConflictException' })
    await assert.rejects(v2.send(new CreateModelCommand({ ApiId: apiId, Name: 'no-dashes', Schema: GREETING })), { name: 'BadRequestException' })
    await assert.rejects(v2.send(new GetModelCommand({ ApiId: apiId, ModelId: 'nope00' })), { name: 'NotFoundException' })
    await assert.rejects(v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'x', RequestModels: { $default: 'Missing' } })), { name: 'BadRequestException' })
    const http = (await v2.send(new CreateApiCommand({ Name: 'plain', ProtocolType: 'HTTP' }))).ApiId!
    await assert.rejects(v2.send(new CreateModelCommand({ ApiId: http, Name: 'M', Schema: GREETING })), { name: 'NotFoundException' })
    assert.equal((await v2.send(new GetModelsCommand({ ApiId: apiId }))).Items!.length, 1, 'nothing refused was stored')
  })

  it('a message that matches the selected model reaches the integration; one that does not, or has no model, gets "Invalid request body"', async () => {
    const ws = await attemptUpgrade(`${gw.url}/_aws/execute-api/${apiId}/dev`)
    assert.ok(ws instanceof WebSocket)
    const reply = (message: string) => {
      ws.send(message)
      return within(10_000, 'a frame', new Promise<Record<string, unknown>>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data))))))
    }
    assert.deepEqual(await reply('{"action":"greet","kind":"greeting","text":"hello"}'), { passed: true })
    for (const refused of ['{"action":"greet","kind":"greeting"}', '{"action":"greet","kind":"greeting","text":"far too long for the model"}', '{"action":"greet","kind":"farewell","text":"bye"}']) {
      const frame = await reply(refused)
      assert.equal(frame.message, 'Invalid request body', refused)
      assert.equal(typeof frame.connectionId, 'string')
    }
    ws.close()
  })

  it('a model a route names cannot be deleted; an unused one can', async () => {
    await assert.rejects(v2.send(new DeleteModelCommand({ ApiId: apiId, ModelId: modelId })), { name: 'ConflictException' })
    const spare = (await v2.send(new CreateModelCommand({ ApiId: apiId, Name: 'Spare', Schema: GREETING }))).ModelId!
    await v2.send(new DeleteModelCommand({ ApiId: apiId, ModelId: spare }))
    await assert.rejects(v2.send(new GetModelCommand({ ApiId: apiId, ModelId: spare })), { name: 'NotFoundException' })
  })
})
