import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startSamApp, type ReloadOutcome, type RunningSamApp } from '../../../src/cli/sam-app.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.ts'
import { within } from '../../helpers/within.ts'
import { closeWebSocket, openWebSocket } from '../../helpers/websocket-client.ts'

/**
 * `gatehouse up` on plain CloudFormation AWS::ApiGatewayV2 resources (CloudFormation user guide,
 * "Amazon API Gateway V2 resource type reference"): an HTTP API with a JWT authorizer (Cognito issuer,
 * scopes), a Lambda REQUEST authorizer with simple responses, Lambda integrations in both ARN forms and
 * payload formats, an HTTP_PROXY integration with parameter mapping, CORS, and a named stage on a
 * Deployment listed before the routes it must hold; and a WebSocket API with a $connect authorizer,
 * $disconnect, $default and a two-way route. Calls go over HTTP and `ws` to the gateway `up` started.
 */
const TEMPLATE = resolve(REPO_ROOT, 'test/fixtures/sam/v2-resources/template.yaml')
const POOL = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_UserPool'

describe('gatehouse up: plain AWS::ApiGatewayV2 resources', () => {
  let app: RunningSamApp
  let backend: EchoBackend
  let notes: string
  let socket: string
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-sam-v2-'))
  before(async () => {
    backend = await startEchoBackend()
    app = await startSamApp({
      templatePath: TEMPLATE, port: 0, host: '127.0.0.1', watch: false, stackName: 'plain', dataDir, parameterOverrides: { BackendUrl: backend.origin },
    })
    const stageUrl = (logicalId: string) => app.current().v2Apis.find((served) => served.api.logicalId === logicalId)!.stages[0].url
    notes = stageUrl('NotesApi')
    socket = stageUrl('SocketApi')
  })
  after(async () => {
    await app.close()
    await backend.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const json = async (response: Response): Promise<Record<string, any>> => await response.json() as Record<string, any>
  const token = (...args: string[]) => execFileSync(process.execPath, [
    resolve(REPO_ROOT, 'bin/gatehouse.js'), 'token', '--user-pool', POOL, '--data-dir', dataDir, ...args,
  ], { cwd: dataDir, encoding: 'utf8' }).trim()

  it('plans the calls in dependency order: the Deployment after every route, the Stage after its Deployment, a RouteResponse after its route', () => {
    const order = app.current().plan.v2.calls.map((call) => call.logicalId)
    const at = (id: string) => order.indexOf(id)
    for (const route of ['NotesRoute', 'LegacyRoute', 'AdminRoute', 'UpstreamRoute', 'JwtAuthorizer', 'TokenAuthorizer']) assert.ok(at(route) < at('NotesDeployment'), route)
    assert.ok(at('NotesDeployment') < at('NotesStage'))
    assert.ok(at('EchoRoute') < at('EchoRouteResponse') && at('EchoRouteResponse') < at('SocketDeployment'))
    assert.ok(at('NotesApi') < at('EchoIntegration'))
    assert.deepEqual(app.current().plan.unprotected, [])
    assert.ok(!app.current().plan.warnings.some((warning) => warning.includes('Permission')), 'AWS::Lambda::Permission stays quiet')
  })

  it('HTTP API: the stage serves the Deployment, at the port\'s root too; payload 1.0 through the bare function ARN', async () => {
    assert.match(notes, /\/_aws\/execute-api\/[a-z0-9]{10}\/v1$/)
    const legacy = await fetch(`${notes}/legacy`, { method: 'POST', body: '{}' })
    assert.equal(legacy.status, 200)
    const body = await json(legacy)
    assert.equal(body.version, '1.0')
    assert.equal(body.path, '/v1/legacy')
    assert.deepEqual(body.stageVariables, { table: 'notes' })
    assert.equal((await fetch(`${notes}/nowhere`)).status, 404)
    const root = app.current().url.replace(/\/+$/, '')
    const atRoot = await json(await fetch(`${root}/legacy`, { method: 'POST', body: '{}' }))
    assert.equal(atRoot.path, '/v1/legacy', 'the port\'s root serves the HTTP API through its first stage, as under sam local')
  })

  it('HTTP API: the JWT authorizer refuses no token and a token without the route\'s scope, admits one with it', async () => {
    const refused = await fetch(`${notes}/notes`)
    assert.equal(refused.status, 401)
    assert.deepEqual(await refused.json(), { message: 'Unauthorized' })
    const unscoped = token('--client-id', 'notes-client', '--sub', 'ann')
    assert.equal((await fetch(`${notes}/notes`, { headers: { authorization: `Bearer ${unscoped}` } })).status, 403)
    const scoped = token('--client-id', 'notes-client', '--sub', 'ann', '--scope', 'notes/read')
    const admitted = await fetch(`${notes}/notes`, { headers: { authorization: `Bearer ${scoped}` } })
    assert.equal(admitted.status, 200)
    const body = await json(admitted)
    assert.equal(body.version, '2.0')
    assert.equal(body.routeKey, 'GET /notes')
    assert.equal(body.authorizer.jwt.claims.sub, 'ann')
    const foreign = token('--client-id', 'someone-else', '--sub', 'bob', '--scope', 'notes/read')
    assert.equal((await fetch(`${notes}/notes`, { headers: { authorization: `Bearer ${foreign}` } })).status, 401, 'another app client is not an audience')
  })

  it('HTTP API: the Lambda REQUEST authorizer refuses (no identity 401, refused 403) and admits with its context', async () => {
    assert.equal((await fetch(`${notes}/admin`)).status, 401)
    assert.equal((await fetch(`${notes}/admin`, { headers: { 'x-token': 'nope' } })).status, 403)
    const admitted = await fetch(`${notes}/admin`, { headers: { 'x-token': 'letmein' } })
    assert.equal(admitted.status, 200)
    assert.deepEqual((await json(admitted)).authorizer, { lambda: { caller: 'token-holder' } })
  })

  it('HTTP API: HTTP_PROXY on a greedy route appends the request path, with the mapped header; CorsConfiguration answers the preflight', async () => {
    const next = backend.nextRequest()
    const response = await fetch(`${notes}/upstream/a/b?q=1`)
    assert.equal(response.status, 200)
    const received = await within(5_000, 'the backend call', next)
    assert.equal(received.url, '/upstream/a/b?q=1')
    assert.equal(received.headers['x-from'], 'gatehouse')
    const preflight = await fetch(`${notes}/notes`, {
      method: 'OPTIONS', headers: { origin: 'https://notes.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    })
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://notes.example.com')
    assert.equal(preflight.headers.get('access-control-max-age'), '600')
  })

  const open = (query: string) => openWebSocket(`${socket}${query}`)

  it('WebSocket API: the $connect authorizer refuses (no token 401, a Deny 403) before the handshake', async () => {
    assert.match(socket, /^ws:\/\/127\.0\.0\.1:\d+\/_aws\/execute-api\/[a-z0-9]{10}\/live$/)
    assert.deepEqual(await open(''), { status: 401 })
    assert.deepEqual(await open('?token=guess'), { status: 403 })
  })

  it('WebSocket API: an admitted connection routes by action to the two-way echo route, anything else to $default, and closes', async () => {
    const opened = await open('?token=open-sesame')
    assert.ok('ws' in opened)
    opened.ws.send(JSON.stringify({ action: 'echo', text: 'hi' }))
    assert.deepEqual(JSON.parse(await opened.next()), { echo: 'hi', routeKey: 'echo', authorizer: 'guest' })
    opened.ws.send('not json at all')
    assert.deepEqual(JSON.parse(await opened.next()), { routeKey: '$default', eventType: 'MESSAGE', stage: 'live' })
    assert.equal(await closeWebSocket(opened), 1000)
  })
})

describe('gatehouse up: what the apigatewayv2 control plane refuses stops up, naming the resource; what it takes is served', () => {
  it('AWS_IAM on a route other than $connect (the control plane refuses it); an Api imported with a Body then updated; a quick create', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sam-v2-refused-'))
    const template = (resources: string) => {
      writeFileSync(join(dir, 'template.yaml'), `Resources:\n${resources}`)
      return { templatePath: join(dir, 'template.yaml'), port: 0, host: '127.0.0.1', watch: false, dataDir: dir }
    }
    try {
      // An app that starts when it should not is closed again, so a failure here cannot hold the test process open.
      const refused = await startSamApp(template(`
  Chat:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: chat, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action }
  Send:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Chat, RouteKey: send, AuthorizationType: AWS_IAM }
`)).then(async (started) => { await started.close(); return 'started' }, (error: unknown) => String(error))
      assert.match(refused, /^Error: Resources\.Send\.Properties: BadRequestException: Only the \$connect route/)
      const app = await startSamApp(template(`
  Imported:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: imported
      Body:
        openapi: 3.0.1
        info: { title: ignored, version: '1' }
        paths:
          /ping:
            get:
              x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: 'http://127.0.0.1:9/ping', payloadFormatVersion: '1.0' }
      CorsConfiguration: { AllowOrigins: [https://a.example] }
  Live:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Imported, StageName: $default, AutoDeploy: true }
  Quick:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: quick, ProtocolType: HTTP, Target: !GetAtt Hello.Arn, RouteKey: GET /hello }
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      InlineCode: "exports.handler = async (event) => ({ routeKey: event.routeKey, version: event.version })"
`))
      try {
        const [served, quick] = app.current().v2Apis
        assert.deepEqual(quick.stages.map((stage) => stage.stageName), ['$default'], 'quick create makes the $default stage')
        const hello = await fetch(`${quick.stages[0].url}/hello`)
        assert.equal(hello.status, 200)
        assert.deepEqual(await hello.json(), { routeKey: 'GET /hello', version: '2.0' }, 'quick create to a Lambda ARN is payload 2.0')
        assert.deepEqual(served.api.stageNames, ['$default'])
        const preflight = await fetch(`${served.stages[0].url}/ping`, { method: 'OPTIONS', headers: { origin: 'https://a.example', 'access-control-request-method': 'GET' } })
        assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://a.example')
        const root = app.current().url.replace(/\/+$/, '')
        const management = await (await fetch(`${root}/v2/apis/${served.api.apiId}`)).json() as Record<string, any>
        assert.equal(management.name, 'imported')
        assert.deepEqual(management.corsConfiguration.allowOrigins, ['https://a.example'])
      } finally {
        await app.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('gatehouse up: a template edit reloads plain AWS::ApiGatewayV2 APIs on the same URLs', () => {
  it('a new route is served by the WebSocket API at the same URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sam-v2-reload-'))
    // The fixture reads the HttpApi fixture's handlers from beside it.
    cpSync(resolve(REPO_ROOT, 'test/fixtures/sam/v2-resources'), join(dir, 'v2-resources'), { recursive: true })
    cpSync(resolve(REPO_ROOT, 'test/fixtures/sam/http-api'), join(dir, 'http-api'), { recursive: true })
    const templatePath = join(dir, 'v2-resources/template.yaml')
    const app = await startSamApp({ templatePath, port: 0, host: '127.0.0.1', dataDir: dir, stackName: 'plain' })
    try {
      const socketOf = () => app.current().v2Apis.find((served) => served.api.logicalId === 'SocketApi')!
      const url = socketOf().stages[0].url
      const reloaded = new Promise<ReloadOutcome>((done) => app.onReload(done))
      writeFileSync(templatePath, readFileSync(templatePath, 'utf8').replace('  EchoRouteResponse:\n', [
        '  ShoutRoute:',
        '    Type: AWS::ApiGatewayV2::Route',
        '    Properties:',
        '      ApiId: !Ref SocketApi',
        '      RouteKey: shout',
        '      RouteResponseSelectionExpression: $default',
        '      Target: !Sub integrations/${EchoSocketIntegration}',
        '',
        '  ShoutRouteResponse:',
        '    Type: AWS::ApiGatewayV2::RouteResponse',
        '    Properties: { ApiId: !Ref SocketApi, RouteId: !Ref ShoutRoute, RouteResponseKey: $default }',
        '',
        '  EchoRouteResponse:\n',
      ].join('\n')))
      const outcome = await within(10_000, 'the reload', reloaded)
      assert.equal(outcome.ok, true, outcome.ok ? '' : outcome.error.message)
      assert.equal(socketOf().stages[0].url, url, 'the API id is pinned by name: the URL survives the reload')
      assert.ok(socketOf().api.routeKeys.includes('shout'))
      const opened = await openWebSocket(`${url}?token=open-sesame`)
      assert.ok('ws' in opened)
      opened.ws.send(JSON.stringify({ action: 'shout', text: 'hey' }))
      assert.deepEqual(JSON.parse(await opened.next()), { echo: 'hey', routeKey: 'shout', authorizer: 'guest' })
      await closeWebSocket(opened)
    } finally {
      await app.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('gatehouse up: a WebSocket API\'s IntegrationResponse, Model and API keys from plain resources', () => {
  // The Deployment comes first in the template and the IntegrationResponse last: the Deployment must still
  // be taken after it, or the stage would serve no reply.
  const TEMPLATE_TEXT = `Resources:
  Deployment:
    Type: AWS::ApiGatewayV2::Deployment
    Properties: { ApiId: !Ref Shop }
  Live:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Shop, StageName: live, DeploymentId: !Ref Deployment }
  Shop:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: shop, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action, ApiKeySelectionExpression: $request.header.x-api-key }
  Connect:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Shop, RouteKey: $connect, ApiKeyRequired: true, Target: !Sub 'integrations/\${Mock}' }
  OrderRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Shop
      RouteKey: order
      Target: !Sub 'integrations/\${Mock}'
      RouteResponseSelectionExpression: $default
      ModelSelectionExpression: $request.body.action
      RequestModels: { order: Order }
  OrderResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties: { ApiId: !Ref Shop, RouteId: !Ref OrderRoute, RouteResponseKey: $default }
  PaidRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Shop, RouteKey: paid, ApiKeyRequired: true, Target: !Sub 'integrations/\${Mock}', RouteResponseSelectionExpression: $default }
  PaidResponse:
    Type: AWS::ApiGatewayV2::RouteResponse
    Properties: { ApiId: !Ref Shop, RouteId: !Ref PaidRoute, RouteResponseKey: $default }
  Mock:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref Shop, IntegrationType: MOCK, TemplateSelectionExpression: \\$default, RequestTemplates: { $default: '{"statusCode": 200}' } }
  Order:
    Type: AWS::ApiGatewayV2::Model
    Properties:
      ApiId: !Ref Shop
      Name: Order
      ContentType: application/json
      Schema: { $schema: 'http://json-schema.org/draft-04/schema#', type: object, required: [item], properties: { item: { type: string, maxLength: 8 } } }
  Key:
    Type: AWS::ApiGateway::ApiKey
    Properties: { Name: shop-key, Value: shop-key-value-0000000001, Enabled: true }
  Planless:
    Type: AWS::ApiGateway::ApiKey
    Properties: { Name: planless, Value: planless-key-value-000001, Enabled: true }
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties: { UsagePlanName: shop, ApiStages: [{ ApiId: !Ref Shop, Stage: !Ref Live }] }
  PlanKey:
    Type: AWS::ApiGateway::UsagePlanKey
    Properties: { KeyId: !Ref Key, KeyType: API_KEY, UsagePlanId: !Ref Plan }
  Reply:
    Type: AWS::ApiGatewayV2::IntegrationResponse
    Properties:
      ApiId: !Ref Shop
      IntegrationId: !Ref Mock
      IntegrationResponseKey: $default
      TemplateSelectionExpression: \\$default
      ResponseTemplates: { $default: '{"route": "$context.routeKey", "connection": "$context.connectionId", "reply": "#if($context.routeKey == ''paid'')premium#{else}standard#end"}' }
`
  let app: RunningSamApp
  let url: string
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sam-v2-ws-'))
  before(async () => {
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE_TEXT)
    app = await startSamApp({ templatePath: join(dir, 'template.yaml'), port: 0, host: '127.0.0.1', watch: false, dataDir: dir })
    url = app.current().v2Apis[0].stages[0].url
  })
  after(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates the Model before the route naming it and the Deployment last, with nothing left unprotected or uncreated', () => {
    const order = app.current().plan.v2.calls.map((call) => call.logicalId)
    assert.ok(order.indexOf('Order') < order.indexOf('OrderRoute') && order.indexOf('Mock') < order.indexOf('Reply'), order.join())
    for (const id of ['Order', 'Reply', 'OrderRoute', 'PaidRoute', 'OrderResponse']) assert.ok(order.indexOf(id) < order.indexOf('Deployment'), `${id}: ${order.join()}`)
    assert.deepEqual(app.current().plan.unprotected, [])
    assert.ok(!app.current().plan.warnings.some((warning) => /Reply|Order|Key|Plan/.test(warning)), app.current().plan.warnings.join('\n'))
  })

  it('$connect needs a key of the usage plan covering the stage: none or a planless key is 403 (as REST refuses a key)', async () => {
    assert.deepEqual(await openWebSocket(url), { status: 403 })
    assert.deepEqual(await openWebSocket(url, { 'x-api-key': 'planless-key-value-000001' }), { status: 403 })
  })

  it('the IntegrationResponse renders the reply frame; the Model refuses a bad message with "Invalid request body"; a disabled key gets the Forbidden frame on the keyed route', async () => {
    const opened = await openWebSocket(url, { 'x-api-key': 'shop-key-value-0000000001' })
    assert.ok('ws' in opened)
    const frame = async (message: unknown) => {
      opened.ws.send(JSON.stringify(message))
      return JSON.parse(await opened.next()) as Record<string, unknown>
    }
    // The developer guide's "Setting up WebSocket API integration responses": the $default template renders the frame.
    const reply = await frame({ action: 'order', item: 'tea' })
    assert.equal(reply.route, 'order')
    assert.equal(reply.reply, 'standard')
    assert.match(String(reply.connection), /^[A-Za-z0-9+/]+=*$/)
    // The developer guide's "Request validation for WebSocket APIs": the message does not reach the integration.
    for (const bad of [{ action: 'order' }, { action: 'order', item: 'far too long' }, { action: 'order', item: 7 }]) {
      const refused = await frame(bad)
      assert.equal(refused.message, 'Invalid request body', JSON.stringify(bad))
      assert.equal(refused.connectionId, reply.connection)
    }
    assert.deepEqual(await frame({ action: 'paid' }), { route: 'paid', connection: reply.connection, reply: 'premium' })
    const root = app.current().url.replace(/\/+$/, '')
    const keys = await (await fetch(`${root}/apikeys`)).json() as { item: { id: string; name: string }[] }
    const keyId = keys.item.find((key) => key.name === 'shop-key')!.id
    const disabled = await fetch(`${root}/apikeys/${keyId}`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }),
    })
    assert.equal(disabled.status, 200)
    assert.equal((await frame({ action: 'paid' })).message, 'Forbidden')
    assert.equal((await frame({ action: 'order', item: 'tea' })).reply, 'standard', 'a route without ApiKeyRequired still answers')
    assert.equal(await closeWebSocket(opened), 1000)
  })
})
