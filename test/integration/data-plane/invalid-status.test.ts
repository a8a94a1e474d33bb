import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:net'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { buildRestApi } from '../../helpers/rest-api-builder.ts'
import { exchangeOnWire, type WireExchange, type WireResponse } from '../../helpers/wire-exchange.ts'

const functionUri = (name: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}/invocations`

/** What each path of the raw backend writes on the socket: statuses node:http would never send. */
const BACKEND_REPLIES: Readonly<Record<string, string>> = {
  '/600': 'HTTP/1.1 600 Beyond\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok',
  '/101': 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: other\r\nConnection: Upgrade\r\n\r\nafter-switch',
  '/100-then-close': 'HTTP/1.1 100 Continue\r\n\r\n',
  '/103-then-200': 'HTTP/1.1 103 Early Hints\r\nLink: </a>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nfinal',
}

/** A backend on a bare socket, answering each request with BACKEND_REPLIES for its path, then closing. */
async function startRawBackend(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.on('error', () => {})
    socket.once('data', (chunk: Buffer) => {
      const path = chunk.toString('latin1').split(' ')[1] ?? ''
      socket.end(BACKEND_REPLIES[path.replace(/^\/base/, '')] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n')
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return { server, port: (server.address() as AddressInfo).port }
}

/**
 * Only statuses HTTP can carry as a final answer reach the client, framed right: a Lambda proxy
 * result or an HTTP_PROXY backend with a 1xx or a status past 599 is 502, as AWS answers a malformed
 * proxy response; a `$context.responseOverride.status` or an integration response status HTTP cannot
 * carry is the gateway's 500. 204 and 304 carry no body and no Content-Length; HEAD gets the headers
 * only. Read from the socket, since node:http's client would hide an interim response or wait forever.
 */
describe('statuses on the wire', () => {
  let gw: TestGateway
  let backend: Awaited<ReturnType<typeof startRawBackend>>
  let port: number
  let restApiId: string

  before(async () => {
    backend = await startRawBackend()
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: { returner: { handler: 'test/fixtures/functions/proxy-parity.returnRequested' } },
    })
    port = Number(new URL(gw.url).port)
    const mock = (path: string, template: string, statusCode = '200') => ({
      path, httpMethod: 'GET',
      integration: { type: 'MOCK' as const, requestTemplates: { 'application/json': '{"statusCode": 200}' } },
      responses: [{ statusCode, selectionPattern: '', responseTemplates: { 'application/json': template } }],
    })
    restApiId = await buildRestApi(gw, {
      name: 'wire-statuses',
      stage: 's',
      methods: [
        { path: 'lambda', httpMethod: 'ANY', integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: functionUri('returner') } },
        {
          path: 'backend/{proxy+}', httpMethod: 'ANY', requestParameters: { 'method.request.path.proxy': true },
          integration: {
            type: 'HTTP_PROXY', integrationHttpMethod: 'ANY', uri: `http://127.0.0.1:${backend.port}/base/{proxy}`,
            requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
          },
        },
        mock('override-999', '#set($context.responseOverride.status = 999){"overridden": true}'),
        mock('override-100', '#set($context.responseOverride.status = 100){"overridden": true}'),
        mock('override-1000', '#set($context.responseOverride.status = 1000){"overridden": true}'),
        mock('override-204', '#set($context.responseOverride.status = 204){"some": "body"}'),
        mock('mapped-101', '{"switching": true}', '101'),
      ],
    })
  })
  after(async () => {
    await gw.close()
    await new Promise((done) => backend.server.close(done))
  })

  const exchange = (method: string, path: string, body?: string): Promise<WireExchange> => {
    const bytes = body === undefined ? '' : body
    return exchangeOnWire(port, [
      `${method} /_aws/execute-api/${restApiId}/s${path} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Connection: close',
      ...(body === undefined ? [] : ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(bytes)}`]),
      '',
      bytes,
    ].join('\r\n'), { head: method === 'HEAD' })
  }
  const lambdaReturning = (result: unknown, method = 'POST'): Promise<WireExchange> =>
    exchange(method, '/lambda', JSON.stringify({ result }))

  /** Exactly one final answer, framed by its Content-Length, nothing after it, and the connection closed. */
  function onlyAnswer(wire: WireExchange): WireResponse {
    assert.equal(wire.stalled, false, 'the gateway left the connection open without a complete answer')
    assert.deepEqual(wire.responses.map((response) => response.status).filter((status) => status < 200), [], 'an interim response was sent')
    assert.equal(wire.responses.length, 1, `expected one answer, got ${wire.responses.length}`)
    assert.equal(wire.trailing.length, 0, `bytes after the answer: ${JSON.stringify(wire.trailing.toString('latin1'))}`)
    return wire.responses[0]
  }
  const header = (response: WireResponse, name: string): string | undefined =>
    response.headers.find(([key]) => key.toLowerCase() === name)?.[1]

  function assertInternalError(response: WireResponse, status: number): void {
    assert.equal(response.status, status)
    assert.equal(response.body.toString(), '{"message": "Internal server error"}')
    assert.equal(header(response, 'x-amzn-errortype'), 'InternalServerErrorException')
  }

  it('a Lambda proxy statusCode of 1xx is 502, never an interim response or a protocol switch', async () => {
    for (const statusCode of [100, 101, 103, 199, '100']) {
      assertInternalError(onlyAnswer(await lambdaReturning({ statusCode, body: 'hello' })), 502)
    }
  })

  it('a Lambda proxy statusCode past 599 is 502', async () => {
    for (const statusCode of [600, 999, 1000]) assertInternalError(onlyAnswer(await lambdaReturning({ statusCode })), 502)
  })

  it('204 and 304 with a body from Lambda are sent without body and without Content-Length', async () => {
    for (const statusCode of [204, 304]) {
      const response = onlyAnswer(await lambdaReturning({ statusCode, body: 'a body that must not be sent' }))
      assert.equal(response.status, statusCode)
      assert.equal(header(response, 'content-length'), undefined)
      assert.equal(header(response, 'transfer-encoding'), undefined)
    }
  })

  it('a keep-alive connection stays usable after a 204 that had a body', async () => {
    const body = JSON.stringify({ result: { statusCode: 204, body: 'ignored' } })
    const request = `POST /_aws/execute-api/${restApiId}/s/lambda HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`
    const second = JSON.stringify({ result: { statusCode: 200, body: 'second' } })
    const closing = `POST /_aws/execute-api/${restApiId}/s/lambda HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${second.length}\r\n\r\n${second}`
    const wire = await exchangeOnWire(port, request + closing)
    assert.equal(wire.stalled, false)
    assert.deepEqual(wire.responses.map((response) => response.status), [204, 200])
    assert.equal(wire.responses[1].body.toString(), 'second')
    assert.equal(wire.trailing.length, 0)
  })

  it('HEAD gets the headers of the answer, its Content-Length, and no body', async () => {
    const response = onlyAnswer(await lambdaReturning({ statusCode: 200, body: 'hello' }, 'HEAD'))
    assert.equal(response.status, 200)
    assert.equal(header(response, 'content-length'), '5')
    assert.equal(response.body.length, 0)
  })

  it('an HTTP_PROXY backend status past 599 is 502', async () => {
    assertInternalError(onlyAnswer(await exchange('GET', '/backend/600')), 502)
  })

  it('an HTTP_PROXY backend that switches protocols or sends only an interim response gets one 5xx answer, not its 1xx', async () => {
    for (const path of ['/backend/101', '/backend/100-then-close']) {
      const response = onlyAnswer(await exchange('GET', path))
      assert.ok(response.status >= 500 && response.status <= 502, `${path}: ${response.status}`)
      assert.equal(response.body.toString(), '{"message": "Internal server error"}')
    }
  })

  it('an HTTP_PROXY backend\'s early hints are skipped and its final answer passes', async () => {
    const response = onlyAnswer(await exchange('GET', '/backend/103-then-200'))
    assert.equal(response.status, 200)
    assert.equal(response.body.toString(), 'final')
  })

  it('a responseOverride.status HTTP cannot carry is the gateway\'s 500', async () => {
    for (const path of ['/override-999', '/override-100', '/override-1000']) {
      assertInternalError(onlyAnswer(await exchange('GET', path)), 500)
    }
  })

  it('an integration response mapped to 101 is the gateway\'s 500', async () => {
    assertInternalError(onlyAnswer(await exchange('GET', '/mapped-101')), 500)
  })

  it('a responseOverride.status of 204 drops the rendered body', async () => {
    const response = onlyAnswer(await exchange('GET', '/override-204'))
    assert.equal(response.status, 204)
    assert.equal(header(response, 'content-length'), undefined)
  })

  it('the gateway still answers afterwards', async () => {
    const response = onlyAnswer(await lambdaReturning({ statusCode: 201, body: 'created' }))
    assert.equal(response.status, 201)
    assert.equal(response.body.toString(), 'created')
  })
})
