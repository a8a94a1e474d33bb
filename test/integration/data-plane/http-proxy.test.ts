import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand,
} from '@aws-sdk/client-api-gateway'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { recording } from '../../helpers/recordings.ts'
import { headersAsSent, rawRequest, type RawResponse } from '../../helpers/raw-http.ts'

/**
 * HTTP_PROXY against a real backend ([LS test_apigateway_http], [LS test_apigateway_integrations >
 * TestApiGatewayHeaderRemapping]): what the backend receives (method, path with `{proxy}`,
 * `{param}` and stage variables substituted, query, headers, body) and what the client gets back
 * (status and bytes as the backend sent them, AWS's `x-amzn-Remapped-*` renaming, timeout and
 * unreachable-backend answers).
 */
const HTTP_RECORDED = recording('test_apigateway_http', 'test_http_integration_with_lambda[HTTP_PROXY]')
const PASSTHROUGH_RECORDED = recording('test_apigateway_http', 'test_http_integration_invoke_status_code_passthrough[HTTP_PROXY]')
const REMAPPING_RECORDED = recording('test_apigateway_integrations', 'TestApiGatewayHeaderRemapping::test_apigateway_header_remapping_http[HTTP_PROXY]')
const MAPPINGS_RECORDED = recording('test_apigateway_http', 'test_http_proxy_integration_request_data_mappings')
const UNREACHABLE_RECORDED = recording('test_apigateway_import', 'TestApiGatewayImportRestApi::test_import_with_stage_variables')

interface Received {
  readonly method: string
  readonly url: string
  readonly rawHeaders: readonly string[]
  readonly headers: IncomingMessage['headers']
  readonly body: Buffer
}

/** Bytes no text decoding survives: proves the body passes through untouched. */
const BINARY = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x0d, 0x7f, 0xc3, 0x28])

/** `length` bytes running through every value from 0 to 255 over and over. */
const everyByte = (length: number): Buffer => Buffer.from(Array.from({ length }, (_, index) => index % 256))

/**
 * A backend on 127.0.0.1:0 that records every request. `/status/N` answers N with BINARY; `/bytes/N` answers N
 * bytes of every value (everyByte); `/slow` never answers.
 */
async function startBackend(): Promise<{ server: Server; port: number; received: Received[]; held: ServerResponse[] }> {
  const received: Received[] = []
  const held: ServerResponse[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, headers: req.headers, body: Buffer.concat(chunks) })
      if (req.url!.startsWith('/slow')) {
        held.push(res)
        return
      }
      const status = /\/status\/(\d{3})/.exec(req.url!)?.[1]
      const length = /\/bytes\/(\d+)/.exec(req.url!)?.[1]
      const body = length !== undefined ? everyByte(Number(length))
        : status === undefined ? Buffer.from(JSON.stringify({ method: req.method, url: req.url })) : BINARY
      res.writeHead(status === undefined ? 200 : Number(status), {
        'Content-Type': status === undefined ? 'application/json' : 'application/octet-stream',
        Server: 'test-backend/1.0',
        'x-amzn-RequestId': 'backend-request-id',
        'X-Backend-Header': 'kept',
        // Declared, as real servers do (a writeHead without it would be sent chunked).
        'Content-Length': body.length,
      })
      res.end(body)
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return { server, port: (server.address() as AddressInfo).port, received, held }
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  await new Promise((done) => server.close(done))
  return port
}

describe('HTTP_PROXY integration (LS test_apigateway_http)', () => {
  let gw: TestGateway
  let backend: Awaited<ReturnType<typeof startBackend>>
  let port: number
  let restApiId: string

  before(async () => {
    backend = await startBackend()
    const unreachable = await closedPort()
    gw = await startTestGateway()
    port = Number(new URL(gw.url).port)
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'http-proxy', endpointConfiguration: { types: ['REGIONAL'] } }))
    restApiId = api.id!
    const root = api.rootResourceId!
    const origin = `http://127.0.0.1:${backend.port}`

    const proxy = await send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: '{proxy+}' }))
    await send(new PutMethodCommand({
      restApiId, resourceId: proxy.id!, httpMethod: 'ANY', authorizationType: 'NONE', requestParameters: { 'method.request.path.proxy': true },
    }))
    await send(new PutIntegrationCommand({
      restApiId, resourceId: proxy.id!, httpMethod: 'ANY', type: 'HTTP_PROXY', integrationHttpMethod: 'ANY',
      uri: `${origin}/backend/{proxy}`,
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    }))

    const items = await send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: 'items' }))
    const item = await send(new CreateResourceCommand({ restApiId, parentId: items.id!, pathPart: '{id}' }))
    await send(new PutMethodCommand({
      restApiId, resourceId: item.id!, httpMethod: 'GET', authorizationType: 'NONE', requestParameters: { 'method.request.path.id': true },
    }))
    await send(new PutIntegrationCommand({
      restApiId, resourceId: item.id!, httpMethod: 'GET', type: 'HTTP_PROXY', integrationHttpMethod: 'POST',
      uri: 'http://${stageVariables.backend}/things/{id}',
      requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
    }))

    const slow = await send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: 'slow' }))
    await send(new PutMethodCommand({ restApiId, resourceId: slow.id!, httpMethod: 'GET', authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({
      restApiId, resourceId: slow.id!, httpMethod: 'GET', type: 'HTTP_PROXY', integrationHttpMethod: 'GET',
      uri: `${origin}/slow`, timeoutInMillis: 50,
    }))

    const down = await send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: 'down' }))
    await send(new PutMethodCommand({ restApiId, resourceId: down.id!, httpMethod: 'GET', authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({
      restApiId, resourceId: down.id!, httpMethod: 'GET', type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: `http://127.0.0.1:${unreachable}/`,
    }))

    // LocalStack's test_http_proxy_integration_request_data_mappings, as it set the method up against AWS.
    const mappings = await send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: 'mappings' }))
    const mapped = await send(new CreateResourceCommand({ restApiId, parentId: mappings.id!, pathPart: '{pathVariable}' }))
    await send(new PutMethodCommand({
      restApiId, resourceId: mapped.id!, httpMethod: 'ANY', authorizationType: 'NONE',
      requestParameters: Object.fromEntries([
        'method.request.header.foobar', 'method.request.querystring.testVar', 'method.request.path.pathVariable',
        'method.request.querystring.testQueryString', 'method.request.header.emptyheader',
      ].map((name) => [name, false])),
    }))
    await send(new PutIntegrationCommand({
      restApiId, resourceId: mapped.id!, httpMethod: 'ANY', type: 'HTTP_PROXY', integrationHttpMethod: 'POST',
      uri: `${origin}/echo?testVar={pathVar}&testQs={qsVar}`,
      requestParameters: {
        'integration.request.header.headerVar': 'method.request.header.foobar',
        'integration.request.path.qsVar': 'method.request.querystring.testVar',
        'integration.request.path.pathVar': 'method.request.path.pathVariable',
        'integration.request.querystring.queryString': 'method.request.querystring.testQueryString',
        'integration.request.querystring.testQs': 'method.request.querystring.testQueryString',
        'integration.request.querystring.testEmptyQs': 'method.request.header.emptyheader',
      },
    }))

    await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod', variables: { backend: `127.0.0.1:${backend.port}` } }))
  })
  after(async () => {
    await gw.close()
    for (const res of backend.held) res.destroy()
    backend.server.closeAllConnections()
    await new Promise((done) => backend.server.close(done))
  })

  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<RawResponse> =>
    rawRequest({ port, method, path, headers: { Host: `${restApiId}.execute-api.localhost:${port}`, ...headers }, body })

  /** The one request the backend received during `action`. */
  async function backendSees(action: () => Promise<RawResponse>): Promise<{ res: RawResponse; got: Received }> {
    const before = backend.received.length
    const res = await action()
    assert.equal(backend.received.length, before + 1, 'the backend was called once')
    return { res, got: backend.received[before] }
  }

  it('substitutes {proxy} from requestParameters and forwards the client\'s method and query with integrationHttpMethod ANY', async () => {
    const { res, got } = await backendSees(() => call('GET', '/prod/a/b/c?x=1&y=two%20words&x=3'))
    assert.equal(res.status, 200)
    assert.equal(got.method, 'GET')
    assert.equal(got.url, '/backend/a/b/c?x=1&y=two%20words&x=3')
    for (const method of ['DELETE', 'PUT', 'PATCH']) {
      const { got: other } = await backendSees(() => call(method, '/prod/one'))
      assert.equal(other.method, method)
      assert.equal(other.url, '/backend/one')
    }
  })

  it('sends the URI\'s query first, then the client\'s, then the mapped values, a repeated name keeping each value [LS test_apigateway_http > test_http_proxy_integration_request_data_mappings > http-proxy-invocation]', async () => {
    const recorded = MAPPINGS_RECORDED['http-proxy-invocation'].content as { args: Record<string, string>; headers: Record<string, string> }
    const { res, got } = await backendSees(() => call('POST', '/prod/mappings/foobar?testQueryString=foo&testVar=bar', {
      'Content-Type': 'application/json', Accept: 'application/json', foobar: 'mapped-value', 'user-Agent': 'test/integration', headerVar: 'request-value',
    }, JSON.stringify({ message: 'hello world' })))
    assert.equal(res.status, 200)
    const query = new URL(got.url, 'http://backend').searchParams
    // The recording's echo server joined a repeated name's values with commas, in the order they came.
    const args = Object.fromEntries([...new Set(query.keys())].map((name) => [name, query.getAll(name).join(',')]))
    assert.deepEqual(args, recorded.args)
    assert.equal(got.headers.headervar, recorded.headers.headervar)
    assert.equal(got.headers.foobar, recorded.headers.foobar)
  })

  it('passes the client\'s X-Amzn-Trace-Id on to the backend, a Root alone with a Parent added [LS test_apigateway_common > test_invocation_trace_id; X-Ray developer guide: API Gateway adds a header only to requests without one]', async () => {
    const full = 'Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1'
    const { res, got } = await backendSees(() => call('GET', '/prod/traced', { 'X-Amzn-Trace-Id': full }))
    assert.equal(got.headers['x-amzn-trace-id'], full)
    assert.equal(res.headers['x-amzn-trace-id'], full)
    const { got: rootOnly } = await backendSees(() => call('GET', '/prod/traced', { 'X-Amzn-Trace-Id': 'Root=1-3152b799-8954dae64eda91bc9a23a7e8' }))
    assert.match(String(rootOnly.headers['x-amzn-trace-id']), /^Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=[0-9a-f]{16}$/)
    assert.equal(rootOnly.rawHeaders.filter((name) => name.toLowerCase() === 'x-amzn-trace-id').length, 1)
  })

  it('passes the request body through byte for byte', async () => {
    const { res, got } = await backendSees(() => call('POST', '/prod/upload', { 'Content-Type': 'application/octet-stream' }, BINARY))
    assert.equal(res.status, 200)
    assert.equal(got.method, 'POST')
    assert.deepEqual(got.body, BINARY)
    assert.equal(got.headers['content-length'], String(BINARY.length))
  })

  it('substitutes stage variables and {param} into the URI, and uses the integration\'s own method (LS test_apigateway_http > test_http_integration_method)', async () => {
    const { res, got } = await backendSees(() => call('GET', '/prod/items/42?q=1'))
    assert.equal(res.status, 200)
    // [LS test_apigateway_http > test_http_integration_method[HTTP_PROXY]]: the client's GET reaches the backend as POST.
    assert.equal(got.method, 'POST')
    assert.equal(got.url, '/things/42?q=1')
    assert.equal(got.headers.host, `127.0.0.1:${backend.port}`)
  })

  it('forwards the client\'s headers plus API Gateway\'s own [LS test_apigateway_http > test_http_integration_with_lambda[HTTP_PROXY] > http-invocation-lambda-url]', async () => {
    const recorded = HTTP_RECORDED['http-invocation-lambda-url'].content
    // The recorded body as Python's json.dumps wrote it: 26 bytes, the recorded content-length.
    const body = JSON.stringify(recorded.data).replace(':', ': ')
    const { got } = await backendSees(() => call('POST', '/prod/echo', {
      Accept: recorded.headers.accept,
      'Accept-Encoding': recorded.headers['accept-encoding'],
      'Content-Type': recorded.headers['content-type'],
      'User-Agent': recorded.headers['user-agent'],
      'X-Custom-Header': 'MiXeD vAlUe',
    }, body))
    // The recorded set (TLS headers aside: our backend is plain HTTP) plus the client's own custom header.
    const expected = [...Object.keys(recorded.headers).filter((name) => !name.startsWith('x-amzn-tls-')), 'x-custom-header'].sort()
    assert.deepEqual(Object.keys(got.headers).filter((name) => name !== 'connection').sort(), expected)
    for (const name of ['accept', 'accept-encoding', 'content-type', 'user-agent', 'content-length']) {
      assert.equal(got.headers[name], recorded.headers[name], name)
    }
    assert.equal(got.headers['x-amzn-apigateway-api-id'], restApiId)
    assert.equal(got.headers['x-forwarded-for'], '127.0.0.1')
    assert.equal(got.headers['x-forwarded-port'], String(port))
    assert.equal(got.headers['x-forwarded-proto'], 'http')
    assert.match(String(got.headers['x-amzn-trace-id']), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/)
    assert.equal(headersAsSent(got.rawHeaders)['X-Custom-Header'], 'MiXeD vAlUe', 'the client\'s casing and value are kept')
    assert.deepEqual(got.body, Buffer.from(body))
  })

  it('forwards a bearer Authorization header, but never a SigV4 one, which was for API Gateway (reference: REST headers)', async () => {
    const { got: bearer } = await backendSees(() => call('GET', '/prod/auth', { Authorization: 'Bearer abc.def' }))
    assert.equal(bearer.headers.authorization, 'Bearer abc.def')
    const sigv4 = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc'
    const { got: signed } = await backendSees(() => call('GET', '/prod/auth', { Authorization: sigv4 }))
    assert.equal(signed.headers.authorization, undefined)
  })

  it('passes a backend\'s answer of any length through byte for byte, on either side of the size the gateway writes as text (server.ts SMALL_BODY_BYTES)', async () => {
    for (const length of [1, 255, 511, 512, 513, 1024, 70_000]) {
      const res = await call('GET', `/prod/bytes/${length}`)
      assert.equal(res.status, 200)
      assert.equal(res.headers['content-length'], String(length))
      assert.deepEqual(res.body, everyByte(length), `${length} bytes`)
    }
  })

  it('passes the backend\'s status and body through: a 400 stays 400 [LS test_apigateway_http > test_http_integration_invoke_status_code_passthrough[HTTP_PROXY] > non-matching-response]', async () => {
    assert.equal(PASSTHROUGH_RECORDED['non-matching-response'].status_code, 400)
    for (const status of [400, 201, 404, 503]) {
      const res = await call('GET', `/prod/status/${status}`)
      assert.equal(res.status, status)
      assert.deepEqual(res.body, BINARY)
      assert.equal(res.headers['content-type'], 'application/octet-stream')
      assert.equal(res.headers['x-backend-header'], 'kept')
    }
  })

  it('renames the backend\'s Connection, Content-Length, Date, x-amzn-RequestId and Server to x-amzn-Remapped-* (LS test_apigateway_http > test_http_integration_with_lambda[HTTP_PROXY])', async () => {
    const res = await call('GET', '/prod/remap')
    assert.equal(res.status, 200)
    const sent = headersAsSent(res.rawHeaders)
    // Casing as AWS writes them [LS test_apigateway_integrations > test_apigateway_header_remapping_http[HTTP_PROXY] > no-param-integration].
    const recordedRemapped = Object.keys(REMAPPING_RECORDED['no-param-integration']['response-headers']).filter((name) => name.startsWith('x-amzn-Remapped-'))
    assert.deepEqual(recordedRemapped.sort(), ['x-amzn-Remapped-Connection', 'x-amzn-Remapped-Content-Length', 'x-amzn-Remapped-Date', 'x-amzn-Remapped-Server'])
    for (const name of recordedRemapped) assert.ok(name in sent, `${name} in ${JSON.stringify(sent)}`)
    assert.equal(sent['x-amzn-Remapped-Server'], 'test-backend/1.0')
    assert.equal(sent['x-amzn-Remapped-Connection'], 'keep-alive')
    assert.equal(sent['x-amzn-Remapped-Content-Length'], String(res.body.length))
    assert.match(sent['x-amzn-Remapped-Date'], /GMT$/)
    assert.equal(sent['x-amzn-Remapped-x-amzn-RequestId'], 'backend-request-id')
    // ... and sends its own in their place.
    assert.match(sent['x-amzn-RequestId'], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    assert.equal(typeof sent['x-amz-apigw-id'], 'string')
    assert.equal(sent['Content-Length'], String(res.body.length))
    assert.equal(sent.Server, undefined)
    assert.equal(res.headers.server, undefined)
  })

  it('answers 504 Endpoint request timed out when the backend outlives timeoutInMillis (developer guide, supported-gateway-response-types: INTEGRATION_TIMEOUT)', async () => {
    const res = await call('GET', '/prod/slow')
    assert.equal(res.status, 504)
    assert.equal(res.body.toString('utf8'), '{"message": "Endpoint request timed out"}')
    assert.equal(res.headers['content-type'], 'application/json')
    assert.equal(backend.held.length, 1, 'the backend got the request and is still holding it')
    // The gateway is not stuck behind it.
    assert.equal((await call('GET', '/prod/after-timeout')).status, 200)
  })

  it('answers 500 Internal server error when the backend is unreachable [LS test_apigateway_import > test_import_with_stage_variables > get-error-resp-from-http]', async () => {
    const recorded = UNREACHABLE_RECORDED['get-error-resp-from-http']
    const res = await call('GET', '/prod/down')
    assert.equal(res.status, 500)
    assert.deepEqual(JSON.parse(res.body.toString('utf8')), recorded.body)
    assert.equal(res.body.toString('utf8'), '{"message": "Internal server error"}')
    assert.equal(res.headers['x-amzn-errortype'], recorded.errorType)
  })
})
