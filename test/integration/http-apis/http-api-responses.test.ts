import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import {
  CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2'
import { apiGatewayV2Client, functionArn, httpApiUrl } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { httpApiAnswers } from '../../helpers/recordings.ts'

const HANDLERS = 'test/fixtures/functions/http-api/handlers'

/**
 * What an HTTP API answers: function results read by payload format (developer guide, "Working with
 * AWS Lambda proxy integrations for HTTP APIs"), an unmodified Express app on payload 2.0, HTTP_PROXY
 * routes with `{id}` and `{proxy+}`, named and `$default` stages, and the API's own 404/500/503.
 */
describe('HTTP API answers', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let backend: EchoBackend
  let url: string
  let expressUrl: string
  // A backend that takes requests and never answers them.
  let silent: Server
  const answers = httpApiAnswers()
  before(async () => {
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        plainObject: { handler: `${HANDLERS}.plainObject` },
        plainString: { handler: `${HANDLERS}.plainString` },
        withCookies: { handler: `${HANDLERS}.withCookies` },
        binaryBody: { handler: `${HANDLERS}.binaryBody` },
        failing: { handler: `${HANDLERS}.failing` },
        slow: { handler: `${HANDLERS}.slow`, timeout: 5 },
        echo: { handler: `${HANDLERS}.echoEvent` },
        expressApp: { handler: 'test/fixtures/functions/http-api/express-app.handler', timeout: 10 },
      },
    })
    v2 = apiGatewayV2Client(gw)
    backend = await startEchoBackend()
    silent = createServer(() => {})
    await new Promise<void>((listening) => silent.listen(0, '127.0.0.1', listening))
    const silentOrigin = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`
    const ApiId = (await v2.send(new CreateApiCommand({ Name: 'answers', ProtocolType: 'HTTP' }))).ApiId!
    const lambda = async (name: string, version: '1.0' | '2.0' = '2.0', timeout?: number) =>
      (await v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: functionArn(name), PayloadFormatVersion: version, TimeoutInMillis: timeout }))).IntegrationId!
    const http = async (uri: string, timeout?: number) =>
      (await v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: uri, IntegrationMethod: 'ANY', PayloadFormatVersion: '1.0', TimeoutInMillis: timeout }))).IntegrationId!
    const routes: Record<string, string> = {
      'GET /object': await lambda('plainObject'),
      'GET /string': await lambda('plainString'),
      'GET /cookies': await lambda('withCookies'),
      'GET /binary': await lambda('binaryBody'),
      'GET /failing': await lambda('failing'),
      'GET /slow': await lambda('slow', '2.0', 100),
      'GET /v1/{id}': await lambda('echo', '1.0'),
      'ANY /shop/{proxy+}': await lambda('expressApp'),
      'GET /pets/{id}': await http(`${backend.origin}/backend/pets/{id}`),
      'ANY /proxy/{proxy+}': await http(`${backend.origin}/up`),
      'GET /backend-slow': await http(`${silentOrigin}/never`, 50),
    }
    for (const [RouteKey, id] of Object.entries(routes)) await v2.send(new CreateRouteCommand({ ApiId, RouteKey, Target: `integrations/${id}` }))
    await v2.send(new CreateStageCommand({ ApiId, StageName: 'live', AutoDeploy: true }))
    url = `${httpApiUrl(gw, ApiId)}/live`
    // The app routes on rawPath, which keeps a named stage's prefix (as on AWS): it is served from a `$default` stage.
    expressUrl = httpApiUrl(gw, (await v2.send(new CreateApiCommand({ Name: 'express', ProtocolType: 'HTTP', Target: functionArn('expressApp') }))).ApiId!)
  })
  after(async () => {
    v2.destroy()
    await gw.close()
    await backend.close()
    silent.closeAllConnections()
    silent.close()
  })

  it('reads a result without statusCode as a 200 JSON answer of the result', async () => {
    const object = await fetch(`${url}/object`)
    assert.equal(object.status, 200)
    assert.equal(object.headers.get('content-type'), 'application/json')
    assert.deepEqual(await object.json(), { message: 'Hello from Lambda!' })
    assert.equal(await (await fetch(`${url}/string`)).text(), 'Hello from Lambda!')
  })

  it('turns each of `cookies` into its own Set-Cookie header', async () => {
    const res = await fetch(`${url}/cookies`)
    assert.equal(res.status, 201)
    assert.deepEqual(res.headers.getSetCookie(), ['session=abc; HttpOnly', 'theme=dark'])
    assert.equal(res.headers.get('x-answer'), '42')
    assert.equal(await res.text(), 'two cookies')
  })

  it('always decodes an isBase64Encoded body', async () => {
    const res = await fetch(`${url}/binary`)
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), Buffer.from([0, 1, 2, 255]))
  })

  it('answers a function error with 500 {"message":"Internal Server Error"}', async () => {
    const res = await fetch(`${url}/failing`)
    assert.equal(res.status, answers.internalServerError.status)
    assert.equal(await res.text(), answers.internalServerError.body)
  })

  it('answers an integration timeout with 503 {"message":"Service Unavailable"}, Lambda or HTTP', async () => {
    for (const path of ['/slow', '/backend-slow']) {
      const res = await fetch(`${url}${path}`)
      assert.equal(res.status, answers.serviceUnavailable.status, path)
      assert.equal(res.headers.get('content-length'), String(answers.serviceUnavailable.contentLength))
      assert.equal(await res.text(), answers.serviceUnavailable.body)
      assert.ok(res.headers.get('apigw-requestid'))
    }
  })

  it('sends payload 1.0 where the integration asks for it, and reads REST\'s result shape', async () => {
    const res = await fetch(`${url}/v1/9?a=1&a=2`, { headers: { 'X-Custom': 'yes' } })
    const event = await res.json() as Record<string, any>
    assert.equal(event.version, '1.0')
    assert.equal(event.resource, '/v1/{id}')
    assert.equal(event.path, '/live/v1/9')
    assert.equal(event.httpMethod, 'GET')
    assert.equal(event.headers['x-custom'], 'yes')
    assert.deepEqual(event.queryStringParameters, { a: '2' })
    assert.deepEqual(event.multiValueQueryStringParameters, { a: ['1', '2'] })
    assert.deepEqual(event.pathParameters, { id: '9' })
    assert.equal(event.requestContext.resourceId, null)
    assert.equal(event.requestContext.resourcePath, '/v1/{id}')
    assert.equal(event.requestContext.stage, 'live')
    assert.deepEqual(event.requestContext.authorizer, { claims: null, scopes: null })
    assert.equal(event.body, null)
  })

  describe('an Express app through @codegenie/serverless-express on payload 2.0', () => {
    it('routes with path, query and cookies', async () => {
      const res = await fetch(`${expressUrl}/shop/items/42?q=blue`, { headers: { cookie: 'a=1; b=2' } })
      assert.equal(res.status, 200)
      assert.deepEqual(await res.json(), { id: '42', q: 'blue', cookies: 'a=1; b=2' })
    })

    it('reads a JSON body and answers with its status code', async () => {
      const res = await fetch(`${expressUrl}/shop/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"lamp"}' })
      assert.equal(res.status, 201)
      assert.deepEqual(await res.json(), { created: { name: 'lamp' } })
    })

    it('sees a named stage in the path, as rawPath carries it (logandk/serverless-wsgi#191)', async () => {
      const res = await fetch(`${url}/shop/items/1`)
      assert.equal(res.status, 404)
      assert.deepEqual(await res.json(), { error: 'no such route' })
    })

    it('answers with two cookies', async () => {
      const res = await fetch(`${expressUrl}/shop/login`)
      assert.equal(res.status, 200)
      assert.deepEqual(res.headers.getSetCookie(), ['session=abc; Path=/; HttpOnly', 'theme=dark; Path=/'])
      assert.equal(await res.text(), 'two cookies')
    })

    it('answers with a binary image intact', async () => {
      const res = await fetch(`${expressUrl}/shop/logo.png`)
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('content-type'), 'image/png')
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x80, 0x7f, 0xc3, 0x28]))
    })
  })

  describe('HTTP_PROXY', () => {
    it('puts a {id} path variable into the URI', async () => {
      const res = await fetch(`${url}/pets/7?x=1`)
      const echoed = await res.json() as { url: string }
      assert.equal(echoed.url, '/backend/pets/7?x=1')
    })

    it('appends the path below the stage for a greedy route, with the method and body', async () => {
      const res = await fetch(`${url}/proxy/a/b`, { method: 'POST', body: 'payload' })
      const echoed = await res.json() as { method: string; url: string; body: string }
      assert.deepEqual([echoed.method, echoed.url, echoed.body], ['POST', '/up/proxy/a/b', 'payload'])
    })
  })

  it('answers 404 {"message":"Not Found"} for no route, and for no stage when the API has no $default', async () => {
    for (const path of [`${url}/nowhere`, `${url.replace(/\/live$/, '')}/other/object`, url.replace(/\/live$/, '')]) {
      const res = await fetch(path)
      assert.equal(res.status, answers.notFound.status, path)
      assert.equal(await res.text(), answers.notFound.body)
    }
  })
})
