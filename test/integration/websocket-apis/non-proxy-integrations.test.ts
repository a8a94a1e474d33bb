import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  CreateApiCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateIntegrationResponseCommand, CreateRouteCommand,
  CreateRouteResponseCommand, CreateStageCommand, DeleteIntegrationResponseCommand, GetIntegrationCommand, GetIntegrationResponseCommand,
  GetIntegrationResponsesCommand, GetIntegrationsCommand, UpdateIntegrationResponseCommand, type ApiGatewayV2Client, type CreateIntegrationRequest,
} from '@aws-sdk/client-apigatewayv2'
import { WebSocket } from 'ws'
import { apiGatewayV2Client, functionArn } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { BINARY_BYTES, startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { within } from '../../helpers/within.ts'

/**
 * Non-proxy integrations on WebSocket routes, set up with `client-apigatewayv2` as the developer
 * guide's "Setting up a WebSocket API integration request in API Gateway" and "Setting up a
 * WebSocket API integration responses in API Gateway" describe them, against a real HTTP backend and
 * a real Lambda handler (test/fixtures/functions/websocket/mapped.ts): the template selection
 * expression picks the request template, `requestParameters` map `$context` and stage variables, the
 * integration response is selected by status code (HTTP, MOCK) or Lambda's errorMessage (AWS) and its
 * template renders the frame a two-way route sends back. No recording of AWS covers these; the
 * developer guide's pages are the reference.
 */
describe('WebSocket API: non-proxy integrations', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let backend: EchoBackend
  let apiId: string
  let mockIntegration: string

  before(async () => {
    backend = await startEchoBackend()
    gw = await startTestGateway({ baseDir: REPO_ROOT, functions: { greet: { handler: 'test/fixtures/functions/websocket/mapped.greet' } } })
    v2 = apiGatewayV2Client(gw)
    apiId = (await v2.send(new CreateApiCommand({ Name: 'mapped', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!
    const integration = async (input: Omit<CreateIntegrationRequest, 'ApiId'>, responses: Record<string, { expression?: string; templates?: Record<string, string> }>) => {
      const id = (await v2.send(new CreateIntegrationCommand({ ApiId: apiId, ...input }))).IntegrationId!
      for (const [key, response] of Object.entries(responses)) {
        await v2.send(new CreateIntegrationResponseCommand({
          ApiId: apiId, IntegrationId: id, IntegrationResponseKey: key, TemplateSelectionExpression: response.expression, ResponseTemplates: response.templates,
        }))
      }
      return id
    }
    const route = async (routeKey: string, target: string, twoWay = true) => {
      const routeId = (await v2.send(new CreateRouteCommand({
        ApiId: apiId, RouteKey: routeKey, Target: `integrations/${target}`, ...(twoWay ? { RouteResponseSelectionExpression: '$default' } : {}),
      }))).RouteId!
      if (twoWay) await v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: routeId, RouteResponseKey: '$default' }))
    }
    mockIntegration = await integration({
      IntegrationType: 'MOCK',
      TemplateSelectionExpression: '\\$default',
      RequestTemplates: { $default: '{"statusCode": 200}' },
    }, {
      $default: {
        expression: '\\$default',
        templates: {
          $default: '{"routeKey":"$context.routeKey","eventType":"$context.eventType","connectionId":"$context.connectionId","messageId":"$context.messageId",'
            + '"requestId":"$context.requestId","stage":"$context.stage","apiId":"$context.apiId","domainName":"$context.domainName",'
            + '"color":"$stageVariables.color","backendBody":"$input.body"}',
        },
      },
    })
    await route('mock', mockIntegration)
    await route('quiet', mockIntegration, false)
    const http = await integration({
      IntegrationType: 'HTTP',
      IntegrationMethod: 'POST',
      IntegrationUri: `${backend.origin}/status/\${stageVariables.status}`,
      TemplateSelectionExpression: '${request.body.kind}',
      RequestTemplates: {
        greeting: '{"said": "$input.path(\'$.text\')", "by": "$context.connectionId"}',
        $default: '{"unknown kind": "$util.escapeJavaScript($input.body)"}',
      },
      RequestParameters: {
        'integration.request.header.x-connection-id': 'context.connectionId',
        'integration.request.querystring.color': 'stageVariables.color',
        'integration.request.header.x-static': "'fixed'",
      },
    }, {
      '/2\\d\\d/': { expression: '${integration.response.statuscode}', templates: { 201: '{"created": $input.json(\'$.body\')}' } },
      '/4\\d\\d/': { templates: { 'application/json': '{"refused": $input.json(\'$.method\')}' } },
    })
    await route('http', http)
    const proxy = await integration({ IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'POST', IntegrationUri: `${backend.origin}/raw` }, {})
    await route('proxy', proxy)
    const lambda = await integration({
      IntegrationType: 'AWS',
      IntegrationUri: functionArn('greet'),
      TemplateSelectionExpression: '\\$default',
      RequestTemplates: { $default: '{"name": $input.json(\'$.name\'), "connectionId": "$context.connectionId"}' },
    }, {
      $default: { templates: { 'application/json': '{"frame": $input.json(\'$.greeting\'), "saw": $input.json(\'$.seenConnectionId\')}' } },
      '/Refused: .*/': { templates: { 'application/json': '{"error": $input.json(\'$.errorMessage\')}' } },
    })
    await route('lambda', lambda)
    const bytes = await integration({
      IntegrationType: 'HTTP', IntegrationMethod: 'POST', IntegrationUri: `${backend.origin}/binary`, ContentHandlingStrategy: 'CONVERT_TO_BINARY',
    }, { $default: {} })
    await v2.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: bytes, IntegrationResponseKey: '/2\\d\\d/', ContentHandlingStrategy: 'CONVERT_TO_TEXT' }))
    // A base64 message is no JSON, so it takes $default.
    await route('$default', bytes)
    const runaway = await integration({
      IntegrationType: 'MOCK',
      RequestTemplates: { 'application/json': '#set($list = [1..100000])#foreach($a in $list)#foreach($b in $list)$a#end#end' },
    }, { $default: {} })
    await route('runaway', runaway)
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev', StageVariables: { color: 'teal', status: '201' } }))
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'refusing', StageVariables: { color: 'grey', status: '404' } }))
    const deploymentId = (await v2.send(new CreateDeploymentCommand({ ApiId: apiId }))).DeploymentId!
    const { UpdateStageCommand } = await import('@aws-sdk/client-apigatewayv2')
    for (const stage of ['dev', 'refusing']) await v2.send(new UpdateStageCommand({ ApiId: apiId, StageName: stage, DeploymentId: deploymentId }))
  })
  after(async () => {
    v2.destroy()
    await gw.close()
    await backend.close()
  })

  /** A connection whose frames can be awaited one by one, in order. */
  async function connect(stage = 'dev'): Promise<{ ws: WebSocket; next(): Promise<string> }> {
    const ws = new WebSocket(`${gw.url.replace('http:', 'ws:')}/_aws/execute-api/${apiId}/${stage}`)
    const frames: string[] = []
    const waiting: ((frame: string) => void)[] = []
    ws.on('message', (data) => {
      const waiter = waiting.shift()
      if (waiter === undefined) frames.push(String(data))
      else waiter(String(data))
    })
    await within(10_000, 'the connection to open', new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) }))
    return { ws, next: () => within(10_000, 'a frame', frames.length > 0 ? Promise.resolve(frames.shift()!) : new Promise<string>((resolve) => waiting.push(resolve))) }
  }

  it('MOCK: the request template names the status, the $default integration response renders $context and stage variables as the frame', async () => {
    const { ws, next } = await connect()
    ws.send('{"action":"mock","data":{"n":1}}')
    const first = JSON.parse(await next())
    ws.send('{"action":"mock","data":[2]}')
    const second = JSON.parse(await next())
    assert.equal(first.routeKey, 'mock')
    assert.equal(first.eventType, 'MESSAGE')
    assert.equal(first.stage, 'dev')
    assert.equal(first.apiId, apiId)
    // $input in a response template is the integration's answer, which MOCK leaves empty; an empty body reads as {}
    // (recorded: test_apigateway_common > test_input_body_formatting).
    assert.equal(first.backendBody, '{}')
    assert.equal(first.color, 'teal')
    assert.ok(first.domainName.length > 0)
    assert.match(first.connectionId, /^[A-Za-z0-9_=+/-]{8,}$/)
    assert.equal(second.connectionId, first.connectionId, 'one connection, one id')
    assert.notEqual(second.requestId, first.requestId)
    assert.notEqual(second.messageId, first.messageId)
    ws.close()
  })

  it('a one-way route sends nothing back: the next frame is the two-way route\'s', async () => {
    const { ws, next } = await connect()
    ws.send('{"action":"quiet","data":"shh"}')
    ws.send('{"action":"mock","data":"loud"}')
    assert.equal(JSON.parse(await next()).routeKey, 'mock')
    ws.close()
  })

  it('HTTP: the template the selection expression picks is sent with the mapped parameters; /2\\d\\d/ selects the response and its template by status', async () => {
    const { ws, next } = await connect()
    const arrived = backend.nextRequest()
    ws.send('{"action":"http","kind":"greeting","text":"hi there"}')
    const request = await within(10_000, 'the backend request', arrived)
    const frame = JSON.parse(await next())
    assert.equal(request.method, 'POST')
    assert.equal(request.url, '/status/201?color=teal')
    assert.equal(request.headers['x-static'], 'fixed')
    const sent = JSON.parse(request.body.toString('utf8'))
    assert.equal(sent.said, 'hi there')
    assert.equal(sent.by, request.headers['x-connection-id'])
    assert.deepEqual(JSON.parse(frame.created), sent, 'the backend echoed the rendered body, the response template wrapped it')

    const other = backend.nextRequest()
    ws.send('{"action":"http","kind":"shout","text":"x"}')
    const fallback = await within(10_000, 'the backend request', other)
    assert.deepEqual(JSON.parse(fallback.body.toString('utf8')), { 'unknown kind': '{"action":"http","kind":"shout","text":"x"}' }, 'no template for "shout": the $default one')
    await next()
    ws.close()
  })

  it('HTTP: a 404 from the backend selects /4\\d\\d/', async () => {
    const { ws, next } = await connect('refusing')
    ws.send('{"action":"http","kind":"greeting","text":"hi"}')
    assert.deepEqual(JSON.parse(await next()), { refused: 'POST' })
    ws.close()
  })

  it('HTTP_PROXY: the message goes to the backend as the body, its answer comes back as the frame', async () => {
    const { ws, next } = await connect()
    ws.send('{"action":"proxy","payload":"as is"}')
    assert.equal(await next(), '{"action":"proxy","payload":"as is"}')
    ws.close()
  })

  it('ContentHandlingStrategy: CONVERT_TO_BINARY sends the base64 message\'s bytes; an integration response\'s CONVERT_TO_TEXT frames the backend\'s bytes as base64', async () => {
    const { ws, next } = await connect()
    const arrived = backend.nextRequest()
    const sent = Buffer.from([0x00, 0xff, 0x10, 0x80])
    ws.send(sent.toString('base64'))
    assert.deepEqual((await within(10_000, 'the backend request', arrived)).body, sent)
    assert.equal(await next(), BINARY_BYTES.toString('base64'))
    ws.send('not base64 at all!')
    assert.equal(JSON.parse(await next()).message, 'Internal server error')
    ws.close()
  })

  it('AWS (Lambda): the rendered event reaches the function; a result takes $default, an error the pattern its errorMessage matches', async () => {
    const { ws, next } = await connect()
    ws.send('{"action":"lambda","name":"ada"}')
    const greeted = JSON.parse(await next())
    assert.equal(greeted.frame, 'hello ada')
    assert.ok(typeof greeted.saw === 'string' && greeted.saw.length > 0, 'the template passed $context.connectionId to the function')
    ws.send('{"action":"lambda","name":"villain"}')
    assert.deepEqual(JSON.parse(await next()), { error: 'Refused: villains are not greeted' })
    ws.close()
  })

  it('a runaway request template is stopped: the Internal server error frame, and the connection stays open', async () => {
    const { ws, next } = await connect()
    ws.send('{"action":"runaway"}')
    const frame = JSON.parse(await next())
    assert.equal(frame.message, 'Internal server error')
    ws.send('{"action":"mock","data":"still here"}')
    assert.equal(JSON.parse(await next()).routeKey, 'mock')
    ws.close()
  })

  it('$connect through MOCK: the template reads the upgrade\'s query string; a non-2xx status refuses the handshake with it', async () => {
    const api = (await v2.send(new CreateApiCommand({ Name: 'gate', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!
    const gate = (await v2.send(new CreateIntegrationCommand({
      ApiId: api, IntegrationType: 'MOCK', RequestTemplates: { 'application/json': '{"statusCode": $input.params(\'code\')}' },
    }))).IntegrationId!
    await v2.send(new CreateRouteCommand({ ApiId: api, RouteKey: '$connect', Target: `integrations/${gate}` }))
    await v2.send(new CreateStageCommand({ ApiId: api, StageName: 'live', AutoDeploy: true }))
    await v2.send(new CreateDeploymentCommand({ ApiId: api, StageName: 'live' }))
    const attempt = (code: string) => {
      const ws = new WebSocket(`${gw.url.replace('http:', 'ws:')}/_aws/execute-api/${api}/live?code=${code}`)
      return within(10_000, 'the handshake', new Promise<number | 'open'>((resolve) => {
        ws.once('open', () => {
          resolve('open')
          ws.close()
        })
        ws.once('unexpected-response', (_req, res) => {
          resolve(res.statusCode!)
          ws.terminate()
        })
        ws.once('error', () => {})
      }))
    }
    assert.equal(await attempt('200'), 'open')
    assert.equal(await attempt('403'), 403)
  })

  it('IntegrationResponses: create, get, list, update and delete in AWS\'s wire format; keys are $default or /pattern/, one each', async () => {
    const integration = await v2.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: mockIntegration }))
    assert.equal(integration.IntegrationResponseSelectionExpression, '${integration.response.statuscode}')
    assert.equal(integration.PassthroughBehavior, 'WHEN_NO_MATCH')
    assert.equal(integration.TemplateSelectionExpression, '\\$default')
    assert.ok(!('integrationResponses' in (integration as object)))
    const listed = await v2.send(new GetIntegrationsCommand({ ApiId: apiId }))
    assert.ok(listed.Items!.every((item) => !('integrationResponses' in item)))
    const created = await v2.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mockIntegration, IntegrationResponseKey: '/5\\d\\d/' }))
    assert.match(created.IntegrationResponseId!, /^[a-z0-9]{6}$/)
    assert.equal(created.IntegrationResponseKey, '/5\\d\\d/')
    const got = await v2.send(new GetIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mockIntegration, IntegrationResponseId: created.IntegrationResponseId }))
    assert.equal(got.IntegrationResponseKey, '/5\\d\\d/')
    const updated = await v2.send(new UpdateIntegrationResponseCommand({
      ApiId: apiId, IntegrationId: mockIntegration, IntegrationResponseId: created.IntegrationResponseId, ResponseTemplates: { $default: 'oops' }, TemplateSelectionExpression: '\\$default',
    }))
    assert.deepEqual(updated.ResponseTemplates, { $default: 'oops' })
    const all = await v2.send(new GetIntegrationResponsesCommand({ ApiId: apiId, IntegrationId: mockIntegration }))
    assert.deepEqual(all.Items!.map((item) => item.IntegrationResponseKey).sort(), ['$default', '/5\\d\\d/'])
    await assert.rejects(v2.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mockIntegration, IntegrationResponseKey: '$default' })), { name: 'ConflictException' })
    await assert.rejects(v2.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mockIntegration, IntegrationResponseKey: '200' })), { name: 'BadRequestException' })
    await assert.rejects(v2.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mockIntegration, IntegrationResponseKey: '/(/' })), { name: 'BadRequestException' })
    await assert.rejects(v2.send(new UpdateIntegrationResponseCommand({
      ApiId: apiId, IntegrationId: mockIntegration, IntegrationResponseId: created.IntegrationResponseId, ResponseTemplates: { $default: '#if(' },
    })), { name: 'BadRequestException' })
    await v2.send(new DeleteIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mockIntegration, IntegrationResponseId: created.IntegrationResponseId }))
    await assert.rejects(
      v2.send(new GetIntegrationResponseCommand({ ApiId: apiId, IntegrationId: mockIntegration, IntegrationResponseId: created.IntegrationResponseId })),
      { name: 'NotFoundException' },
    )
  })

  it('refuses what a WebSocket integration cannot take, and writes nothing', async () => {
    const before = (await v2.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items!.length
    const refused: Omit<CreateIntegrationRequest, 'ApiId'>[] = [
      { IntegrationType: 'HTTP', IntegrationUri: 'not a url', IntegrationMethod: 'POST' },
      { IntegrationType: 'HTTP', IntegrationUri: backend.origin },
      { IntegrationType: 'MOCK', PassthroughBehavior: 'SOMETIMES' as never },
      { IntegrationType: 'MOCK', RequestParameters: { 'integration.request.header.x': 'method.request.header.y' } },
      { IntegrationType: 'MOCK', RequestTemplates: { $default: '#foreach(' } },
      { IntegrationType: 'MOCK', TimeoutInMillis: 30_000 },
    ]
    for (const input of refused) await assert.rejects(v2.send(new CreateIntegrationCommand({ ApiId: apiId, ...input })), { name: 'BadRequestException' }, JSON.stringify(input))
    assert.equal((await v2.send(new GetIntegrationsCommand({ ApiId: apiId }))).Items!.length, before)
    const proxy = (await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: functionArn('greet') }))).IntegrationId!
    await assert.rejects(v2.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: proxy, IntegrationResponseKey: '$default' })), { name: 'BadRequestException' })
  })
})
