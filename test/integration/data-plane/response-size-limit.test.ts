import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { rawRequest, type RawResponse } from '../../helpers/raw-http.ts'
import { buildRestApi } from '../../helpers/rest-api-builder.ts'

/** API Gateway's payload limit (developer guide, "Amazon API Gateway quotas"). */
const LIMIT = 10 * 1024 * 1024
/** Lambda's synchronous response limit (Lambda developer guide, "Lambda quotas"). */
const LAMBDA_LIMIT = 6 * 1024 * 1024
/** How much the endless backend would send before giving up by itself: far more than the limit. */
const ENDLESS_CAP = 96 * 1024 * 1024
const CHUNK = Buffer.alloc(64 * 1024, 0x7a)

const functionUri = (name: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}/invocations`

/**
 * An integration's answer over the 10 MB payload limit is AWS's 500 Internal server error (its execution log:
 * "Integration response of reported length N is larger than allowed maximum of 10485760 bytes."), whether
 * the backend declares the length or streams it, and the gateway stops reading at the limit. A Lambda
 * result over Lambda's 6 MB is Lambda's Function.ResponseSizeTooLarge error, whichever host ran it: 502
 * for AWS_PROXY, an errorMessage for AWS to select on.
 */
describe('integration response size limit', () => {
  let gw: TestGateway
  let backend: Server
  let lambda: Server
  let port: number
  let restApiId: string
  /** Bytes the endless backend managed to write, and when its response closed. */
  const endless = { written: 0, closed: Promise.resolve() }

  before(async () => {
    backend = createServer((req, res) => {
      const path = req.url!.replace(/^\/base/, '')
      if (path === '/exact' || path === '/over-declared') {
        const body = Buffer.alloc(path === '/exact' ? LIMIT : LIMIT + 1, 0x61)
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length }).end(body)
        return
      }
      if (path === '/over-chunked') {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' })
        res.write(Buffer.alloc(LIMIT, 0x62))
        res.end(Buffer.from('!'))
        return
      }
      // Streams until its client goes away (or the cap, so a gateway that reads everything still finishes).
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' })
      endless.closed = new Promise((resolve) => res.on('close', resolve))
      const pump = (): void => {
        while (!res.destroyed && endless.written < ENDLESS_CAP) {
          endless.written += CHUNK.length
          if (!res.write(CHUNK)) {
            res.once('drain', pump)
            return
          }
        }
        if (!res.destroyed) res.end()
      }
      pump()
    })
    // The Lambda Invoke API of a remote function host whose functions answer more than Lambda allows.
    lambda = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        const payload = JSON.stringify({ statusCode: 200, body: 'x'.repeat(LAMBDA_LIMIT) })
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }).end(payload)
      })
    })
    await Promise.all([backend, lambda].map((server) => new Promise<void>((done) => server.listen(0, '127.0.0.1', done))))
    const origin = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`
    gw = await startTestGateway({ functions: { big: { endpoint: `http://127.0.0.1:${(lambda.address() as AddressInfo).port}` } } })
    port = Number(new URL(gw.url).port)
    restApiId = await buildRestApi(gw, {
      name: 'response-size',
      stage: 's',
      methods: [
        {
          path: 'proxy/{proxy+}', httpMethod: 'GET', requestParameters: { 'method.request.path.proxy': true },
          integration: {
            type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: `${origin}/base/{proxy}`,
            requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
          },
        },
        {
          path: 'http/{name}', httpMethod: 'GET', requestParameters: { 'method.request.path.name': true },
          integration: {
            type: 'HTTP', integrationHttpMethod: 'GET', uri: `${origin}/base/{name}`,
            requestParameters: { 'integration.request.path.name': 'method.request.path.name' },
          },
          responses: [{ statusCode: '200', selectionPattern: '', contentHandling: 'CONVERT_TO_TEXT' }],
        },
        { path: 'lambda-proxy', httpMethod: 'GET', integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: functionUri('big') } },
        {
          path: 'lambda', httpMethod: 'GET',
          integration: { type: 'AWS', integrationHttpMethod: 'POST', uri: functionUri('big') },
          responses: [
            { statusCode: '200', selectionPattern: '' },
            { statusCode: '502', selectionPattern: 'Response payload size exceeded maximum allowed payload size.*' },
          ],
        },
      ],
    })
  })
  after(async () => {
    await gw.close()
    for (const server of [backend, lambda]) {
      server.closeAllConnections()
      await new Promise((done) => server.close(done))
    }
  })

  const get = (path: string): Promise<RawResponse> => rawRequest({ port, path: `/_aws/execute-api/${restApiId}/s${path}` })

  function assertInternalServerError(res: RawResponse, status = 500): void {
    assert.equal(res.status, status, `${res.status}: ${res.body.subarray(0, 200).toString()}`)
    assert.equal(res.body.toString(), '{"message": "Internal server error"}')
  }

  it('a body of exactly 10 MB passes (HTTP_PROXY)', async () => {
    const res = await get('/proxy/exact')
    assert.equal(res.status, 200)
    assert.equal(res.body.length, LIMIT)
  })

  it('a declared Content-Length past 10 MB is 500 (HTTP_PROXY and HTTP)', async () => {
    assertInternalServerError(await get('/proxy/over-declared'))
    assertInternalServerError(await get('/http/over-declared'))
  })

  it('a chunked body that grows past 10 MB is 500 (HTTP_PROXY and HTTP)', async () => {
    assertInternalServerError(await get('/proxy/over-chunked'))
    assertInternalServerError(await get('/http/over-chunked'))
  })

  it('an endless body is cut off near the limit, not buffered', async () => {
    assertInternalServerError(await get('/proxy/endless'))
    await endless.closed
    assert.ok(endless.written < ENDLESS_CAP, `the gateway read all ${endless.written} bytes`)
  })

  it('a Lambda proxy result past 6 MB is 502, whichever host ran the function', async () => {
    assertInternalServerError(await get('/lambda-proxy'), 502)
  })

  it('a Lambda (non-proxy) result past 6 MB is Lambda\'s ResponseSizeTooLarge error, selected by its message', async () => {
    const res = await get('/lambda')
    assert.equal(res.status, 502, res.body.subarray(0, 200).toString())
    assert.equal(JSON.parse(res.body.toString()).errorType, 'Function.ResponseSizeTooLarge')
  })

  it('the gateway goes on serving', async () => {
    assert.equal((await get('/proxy/exact')).status, 200)
  })
})
