import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { rawRequest, type RawResponse } from '../../helpers/raw-http.ts'
import { buildRestApi } from '../../helpers/rest-api-builder.ts'

/**
 * A path parameter substituted into an HTTP or HTTP_PROXY integration URI stays inside its own
 * segment(s) of the base path: a dot segment in it, plain or percent-encoded, is refused with 400
 * before any backend is called, and `?`, `#`, `%2F` and `\` arrive at the backend still inside the
 * segment. The backend is real and records the request target it was sent.
 */
describe('path parameters stay inside the integration base path', () => {
  let gw: TestGateway
  let backend: EchoBackend
  let port: number
  let restApiId: string

  before(async () => {
    backend = await startEchoBackend()
    gw = await startTestGateway()
    port = Number(new URL(gw.url).port)
    restApiId = await buildRestApi(gw, {
      name: 'path-containment',
      stage: 'dev',
      methods: [
        {
          path: 'trav/{proxy+}', httpMethod: 'ANY', requestParameters: { 'method.request.path.proxy': true },
          integration: {
            type: 'HTTP_PROXY', integrationHttpMethod: 'ANY', uri: `${backend.origin}/base/public/{proxy}`,
            requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
          },
        },
        {
          path: 'item/{id}', httpMethod: 'GET', requestParameters: { 'method.request.path.id': true },
          integration: {
            type: 'HTTP', integrationHttpMethod: 'GET', uri: `${backend.origin}/base/items/{id}/detail`,
            requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
          },
          responses: [{ statusCode: '200', selectionPattern: '' }],
        },
        {
          path: 'proxied/{id}', httpMethod: 'GET', requestParameters: { 'method.request.path.id': true },
          integration: {
            type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: `${backend.origin}/base/proxied/{id}`,
            requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
          },
        },
        {
          // A header or query value is decoded text: whatever it holds must be encoded into one segment.
          path: 'mapped', httpMethod: 'GET',
          requestParameters: { 'method.request.header.x-id': false, 'method.request.querystring.q': false },
          integration: {
            type: 'HTTP', integrationHttpMethod: 'GET', uri: `${backend.origin}/base/mapped/{id}/{q}`,
            requestParameters: { 'integration.request.path.id': 'method.request.header.x-id', 'integration.request.path.q': 'method.request.querystring.q' },
          },
          responses: [{ statusCode: '200', selectionPattern: '' }],
        },
      ],
    })
  })
  after(async () => {
    await gw.close()
    await backend.close()
  })

  const get = (path: string, headers?: Record<string, string>): Promise<RawResponse> =>
    rawRequest({ port, path: `/_aws/execute-api/${restApiId}/dev${path}`, headers })

  /** Sends the request and returns what the backend received (undefined when nothing reached it). */
  async function reached(path: string, headers?: Record<string, string>): Promise<{ res: RawResponse; url: string | undefined }> {
    const before = backend.received.length
    const res = await get(path, headers)
    const received = backend.received.slice(before)
    assert.ok(received.length <= 1)
    return { res, url: received[0]?.url }
  }

  async function assertRefused(path: string, headers?: Record<string, string>): Promise<void> {
    const { res, url } = await reached(path, headers)
    assert.equal(url, undefined, `${path} reached the backend as ${url}`)
    assert.equal(res.status, 400, `${path}: ${res.status} ${res.body.toString()}`)
    assert.equal(res.headers['x-amzn-errortype'], 'BadRequestException')
    assert.deepEqual(Object.keys(JSON.parse(res.body.toString())), ['message'])
  }

  it('a greedy {proxy+} of encoded dot segments is refused, never normalised to a path above the base', async () => {
    await assertRefused('/trav/%2e%2e/%2e%2e/admin')
    await assertRefused('/trav/%2E%2e/%2e./.%2E/admin')
    await assertRefused('/trav/a/%2e%2e')
    await assertRefused('/trav/%2e/admin')
    assert.ok(backend.received.every((request) => request.url.startsWith('/base/')))
  })

  it('a greedy {proxy+} of plain dot segments sent on the request line is refused too', async () => {
    await assertRefused('/trav/../../admin')
    await assertRefused('/trav/x/./y')
  })

  it('dot segments hidden behind an encoded slash or backslash are refused', async () => {
    await assertRefused('/trav/a%2F..%2F..%2Fadmin')
    await assertRefused('/trav/a%5c..%5cadmin')
    await assertRefused('/item/%2e%2e%2f%2e%2e')
    await assertRefused('/proxied/a%2F..')
  })

  it('a single {id} of %2e%2e or %2e is refused (HTTP and HTTP_PROXY)', async () => {
    await assertRefused('/item/%2e%2e')
    await assertRefused('/item/%2E')
    await assertRefused('/proxied/%2e%2e')
    await assertRefused('/proxied/..')
  })

  it('a mapped header or query value cannot climb out either', async () => {
    await assertRefused('/mapped?q=ok', { 'x-id': '..' })
    await assertRefused('/mapped?q=..', { 'x-id': 'ok' })
    await assertRefused('/mapped?q=a/../..', { 'x-id': 'ok' })
  })

  it('ordinary values, dots inside names and an encoded slash pass inside their segment', async () => {
    assert.equal((await reached('/trav/a/b.txt')).url, '/base/public/a/b.txt')
    assert.equal((await reached('/trav/...')).url, '/base/public/...')
    assert.equal((await reached('/trav/.well-known/x..y')).url, '/base/public/.well-known/x..y')
    assert.equal((await reached('/item/a%2Fb')).url, '/base/items/a%2Fb/detail')
    assert.equal((await reached('/proxied/%252e%252e')).url, '/base/proxied/%252e%252e')
  })

  it('? and # in a value stay in its segment, encoded, and add no query or fragment', async () => {
    const { res, url } = await reached('/mapped?q=x%3Fy%3Dz', { 'x-id': 'a?b#c' })
    assert.equal(res.status, 200, res.body.toString())
    assert.equal(url, '/base/mapped/a%3Fb%23c/x%3Fy=z')
    const backslash = await reached('/mapped?q=%5C', { 'x-id': 'a b' })
    assert.equal(backslash.url, '/base/mapped/a%20b/%5C')
  })

  it('%3F and %23 in a route value are kept encoded', async () => {
    assert.equal((await reached('/item/a%3Fb%23c')).url, '/base/items/a%3Fb%23c/detail')
    assert.equal((await reached('/trav/a%3F/b%23')).url, '/base/public/a%3F/b%23')
  })
})
