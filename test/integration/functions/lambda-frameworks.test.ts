import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { deployProxyApi } from './deploy-proxy-api.ts'

const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')

/**
 * Real third-party Lambda frameworks, unmodified, behind AWS_PROXY and called over HTTP through the
 * gateway: they only work if the event, the result handling and the host all match AWS's.
 */
describe('Lambda frameworks behind AWS_PROXY', () => {
  let gw: TestGateway
  let url: string
  before(async () => {
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        expressApp: { handler: 'test/fixtures/functions/frameworks/express-app.handler', timeout: 10 },
        honoApp: { handler: 'test/fixtures/functions/frameworks/hono-app.handler', timeout: 10 },
        middyHandler: { handler: 'test/fixtures/functions/frameworks/middy-handler.handler', timeout: 10 },
      },
    })
    url = await deployProxyApi(gw, {
      'express/{proxy+}': 'expressApp',
      'hono/{proxy+}': 'honoApp',
      middy: 'middyHandler',
    }, { binaryMediaTypes: ['image/png'] })
  })
  after(() => gw.close())

  // Express sets Content-Length in its result; the gateway must frame the body once, or clients refuse it.
  describe('Express 5 through @codegenie/serverless-express', () => {
    it('routes with path and query parameters', async () => {
      const res = await fetch(`${url}/express/items/42?q=blue`)
      assert.equal(res.status, 200)
      assert.match(res.headers.get('content-type')!, /^application\/json/)
      assert.deepEqual(await res.json(), { id: '42', q: 'blue' })
    })

    it('reads a JSON body and answers with its status code', async () => {
      const res = await fetch(`${url}/express/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'lamp' }) })
      assert.equal(res.status, 201)
      assert.deepEqual(await res.json(), { created: { name: 'lamp' } })
    })

    it('sends several Set-Cookie headers', async () => {
      const res = await fetch(`${url}/express/cookies`)
      assert.equal(res.status, 200)
      assert.deepEqual(res.headers.getSetCookie(), ['session=abc; Path=/; HttpOnly', 'theme=dark; Path=/', 'lang=en; Path=/'])
      assert.equal(await res.text(), 'three cookies')
    })

    it('returns a binary response as bytes when the API lists its media type', async () => {
      const res = await fetch(`${url}/express/pixel.png`, { headers: { accept: 'image/png' } })
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('content-type'), 'image/png')
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), PIXEL)
    })

    it('answers its own 404 for a route it does not have', async () => {
      const res = await fetch(`${url}/express/nowhere`)
      assert.equal(res.status, 404)
      assert.deepEqual(await res.json(), { error: 'no such route' })
    })
  })

  describe('Hono through hono/aws-lambda', () => {
    it('routes with path and query parameters', async () => {
      const res = await fetch(`${url}/hono/hello/ada?q=1`)
      assert.equal(res.status, 200)
      assert.deepEqual(await res.json(), { hello: 'ada', q: '1' })
    })

    it('reads a JSON body', async () => {
      const res = await fetch(`${url}/hono/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x":[1,2]}' })
      assert.equal(res.status, 201)
      assert.deepEqual(await res.json(), { echoed: { x: [1, 2] } })
    })

    it('sees request headers and sets response headers', async () => {
      const res = await fetch(`${url}/hono/header`, { headers: { 'user-agent': 'gatehouse-test' } })
      assert.equal(res.headers.get('x-hono'), 'yes')
      assert.equal(await res.text(), 'agent: gatehouse-test')
    })
  })

  describe('@middy/core', () => {
    it('runs the before and after middlewares around the handler', async () => {
      const res = await fetch(`${url}/middy?name=grace`)
      assert.equal(res.status, 200)
      assert.equal(res.headers.get('x-middy'), 'after')
      assert.deepEqual(await res.json(), { greeting: 'hello grace', path: '/middy' })
    })
  })
})
