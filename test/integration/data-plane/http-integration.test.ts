import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BINARY_BYTES, startEchoBackend, type EchoBackend, type ReceivedRequest } from '../../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { recording } from '../../helpers/recordings.ts'
import { rawRequest, type RawResponse } from '../../helpers/raw-http.ts'
import { buildRestApi } from '../../helpers/rest-api-builder.ts'

/**
 * HTTP (non-proxy) integrations against a real backend ([LS test_apigateway_http]): only what the
 * integration maps reaches the backend — the URI with stage variables and mapped path parameters,
 * the mapped query string and headers, the rendered request template — and the backend's answer
 * goes through Integration Response: status code matched by `selectionPattern`, response template,
 * `responseParameters`; the backend's own headers are not passed on.
 */
const LAMBDA_URL_RECORDED = recording('test_apigateway_http', 'test_http_integration_with_lambda[HTTP]')
const PROXY_LAMBDA_URL_RECORDED = recording('test_apigateway_http', 'test_http_integration_with_lambda[HTTP_PROXY]')
const PASSTHROUGH_RECORDED = recording('test_apigateway_http', 'test_http_integration_invoke_status_code_passthrough[HTTP]')
const METHOD_RECORDED = recording('test_apigateway_http', 'test_http_integration_method[HTTP]')

describe('HTTP integration (non-proxy)', () => {
  let gw: TestGateway
  let backend: EchoBackend
  let port: number
  let restApiId: string

  before(async () => {
    backend = await startEchoBackend()
    gw = await startTestGateway()
    port = Number(new URL(gw.url).port)
    restApiId = await buildRestApi(gw, {
      name: 'http-integration',
      variables: { host: `127.0.0.1:${backend.port}`, base: 'v1', flag: 'on', who: 'stage-who' },
      methods: [
        {
          path: 'items/{id}',
          httpMethod: 'POST',
          requestParameters: { 'method.request.path.id': true, 'method.request.querystring.q': false, 'method.request.header.X-Client': false },
          integration: {
            type: 'HTTP',
            integrationHttpMethod: 'PUT',
            // Stage variables in host, path and query (developer guide, "Use stage variables for an HTTP integration").
            uri: 'http://${stageVariables.host}/${stageVariables.base}/things/{id}?flag=${stageVariables.flag}',
            requestParameters: {
              'integration.request.path.id': 'method.request.path.id',
              'integration.request.querystring.q': 'method.request.querystring.q',
              'integration.request.header.X-Mapped': 'method.request.header.X-Client',
              'integration.request.header.X-Stage': 'stageVariables.who',
            },
            requestTemplates: { 'application/json': '{"id": "$input.params(\'id\')", "sent": $input.json(\'$\')}' },
          },
          responses: [{
            statusCode: '200',
            responseTemplates: { 'application/json': '{"wrapped": $input.json(\'$\')}' },
            responseParameters: {
              'method.response.header.X-From-Backend': 'integration.response.header.X-Backend',
              'method.response.header.X-Backend-Method': 'integration.response.body.method',
              'method.response.header.X-Static': "'static value'",
            },
          }],
        },
        {
          path: 'plain',
          httpMethod: 'ANY',
          integration: { type: 'HTTP', integrationHttpMethod: 'POST', uri: `${backend.origin}/plain` },
          responses: [{ statusCode: '200' }],
        },
        {
          path: 'status/{code}',
          httpMethod: 'GET',
          requestParameters: { 'method.request.path.code': true },
          integration: {
            type: 'HTTP',
            integrationHttpMethod: 'GET',
            uri: `${backend.origin}/status/{code}`,
            requestParameters: { 'integration.request.path.code': 'method.request.path.code' },
          },
          responses: [
            { statusCode: '200' },
            { statusCode: '400', selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': '{"client error": $input.json(\'$.url\')}' } },
            { statusCode: '502', selectionPattern: '5\\d{2}', responseTemplates: { 'application/json': '{"server error": true}' } },
            // Java's String.matches: the pattern must match the whole status code, "20" never matches "201".
            { statusCode: '299', selectionPattern: '20' },
          ],
        },
        {
          path: 'only-default/{code}',
          httpMethod: 'GET',
          requestParameters: { 'method.request.path.code': true },
          integration: {
            type: 'HTTP', integrationHttpMethod: 'GET', uri: `${backend.origin}/status/{code}`,
            requestParameters: { 'integration.request.path.code': 'method.request.path.code' },
          },
          responses: [{ statusCode: '200' }],
        },
        {
          path: 'no-default/{code}',
          httpMethod: 'GET',
          requestParameters: { 'method.request.path.code': true },
          integration: {
            type: 'HTTP', integrationHttpMethod: 'GET', uri: `${backend.origin}/status/{code}`,
            requestParameters: { 'integration.request.path.code': 'method.request.path.code' },
          },
          responses: [{ statusCode: '404', selectionPattern: '404' }],
        },
        {
          path: 'bad-uri',
          httpMethod: 'GET',
          integration: { type: 'HTTP', integrationHttpMethod: 'GET', uri: 'http://${stageVariables.missing}/' },
          responses: [{ statusCode: '200' }],
        },
      ],
    })
  })
  after(async () => {
    await gw.close()
    await backend.close()
  })

  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse> =>
    rawRequest({
      port, method, path: `/_aws/execute-api/${restApiId}/test${path}`, body,
      // node:http frames a GET body only with a declared length.
      headers: { Host: `localhost:${port}`, ...(body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }), ...headers },
    })

  async function backendSees(action: () => Promise<RawResponse>): Promise<{ res: RawResponse; got: ReceivedRequest }> {
    const before = backend.received.length
    const res = await action()
    assert.equal(backend.received.length, before + 1, `the backend was called once (status ${res.status}: ${res.body.toString()})`)
    return { res, got: backend.received[before] }
  }

  it('sends the mapped URI (stage variables in host, path and query; mapped path and query), the integration\'s method and the rendered template', async () => {
    const { res, got } = await backendSees(() => call('POST', '/items/42?q=hello%20there&ignored=1', {
      'Content-Type': 'application/json', 'X-Client': 'from-client', 'User-Agent': 'client-agent/1.0', 'X-Not-Mapped': 'dropped',
    }, '{"name": "Ann"}'))
    assert.equal(res.status, 200, res.body.toString())
    assert.equal(got.method, 'PUT')
    const url = new URL(got.url, 'http://backend')
    assert.equal(url.pathname, '/v1/things/42')
    assert.deepEqual([...url.searchParams], [['flag', 'on'], ['q', 'hello there']])
    assert.deepEqual(JSON.parse(got.body.toString()), { id: '42', sent: { name: 'Ann' } })
  })

  it('sends only API Gateway\'s own headers and the mapped ones, never the client\'s [LS test_apigateway_http > test_http_integration_with_lambda[HTTP] > http-invocation-lambda-url]', async () => {
    const recorded = LAMBDA_URL_RECORDED['http-invocation-lambda-url'].content
    const body = JSON.stringify(recorded.data).replace(':', ': ')
    const { got } = await backendSees(() => call('POST', '/items/7', {
      'Content-Type': 'application/json', Accept: 'text/plain', 'User-Agent': 'client-agent/1.0', 'X-Client': 'mapped-from-client', 'X-Other': 'not forwarded',
    }, body))
    // The recorded set (the Lambda URL's TLS headers aside: our backend is plain HTTP) and the two mapped headers.
    // Its x-forwarded-for is the Lambda URL's own: the same value as the `origin` the URL saw (API Gateway's address),
    // where behind HTTP_PROXY the two differ because API Gateway sent the caller's address first. So none of ours.
    assert.equal(recorded.headers['x-forwarded-for'], recorded.origin)
    assert.notEqual(PROXY_LAMBDA_URL_RECORDED['http-invocation-lambda-url'].content.headers['x-forwarded-for'], PROXY_LAMBDA_URL_RECORDED['http-invocation-lambda-url'].content.origin)
    const expected = [...Object.keys(recorded.headers).filter((name) => !name.startsWith('x-amzn-tls-') && name !== 'x-forwarded-for'), 'x-mapped', 'x-stage'].sort()
    assert.deepEqual(Object.keys(got.headers).filter((name) => name !== 'connection').sort(), expected)
    assert.equal(got.headers.accept, recorded.headers.accept)
    assert.equal(got.headers['user-agent'], `AmazonAPIGateway_${restApiId}`)
    assert.equal(got.headers['x-amzn-apigateway-api-id'], restApiId)
    assert.equal(got.headers['content-type'], 'application/json')
    assert.equal(got.headers['content-length'], String(got.body.length))
    assert.equal(got.headers['x-forwarded-for'], undefined)
    assert.equal(got.headers['x-forwarded-port'], String(port))
    assert.equal(got.headers['x-forwarded-proto'], 'http')
    assert.match(String(got.headers['x-amzn-trace-id']), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/)
    assert.equal(got.headers['x-mapped'], 'mapped-from-client')
    assert.equal(got.headers['x-stage'], 'stage-who')
  })

  it('uses the integration\'s httpMethod whatever the client sent, body included [LS test_apigateway_http > test_http_integration_method[HTTP]]', async () => {
    for (const method of ['POST', 'PUT', 'GET']) {
      const recorded = METHOD_RECORDED[`http-invocation-lambda-url-${method.toLowerCase()}`]
      const body = JSON.stringify(recorded.data).replace(':', ': ')
      const { res, got } = await backendSees(() => call(method, '/plain', { 'Content-Type': 'application/json' }, body))
      assert.equal(res.status, 200)
      assert.equal(got.method, recorded.method)
      assert.deepEqual(JSON.parse(got.body.toString()), recorded.data, 'no template: the body passes through (WHEN_NO_MATCH)')
      assert.equal(got.headers['user-agent'], recorded.headers['user-agent'].replace('<rest_api_id:1>', restApiId))
    }
  })

  it('applies the response template and the response parameters; the backend\'s headers stay behind', async () => {
    const res = await call('POST', '/items/9', { 'Content-Type': 'application/json' }, '{"a": 1}')
    assert.equal(res.status, 200)
    const body = JSON.parse(res.body.toString())
    assert.equal(body.wrapped.method, 'PUT')
    assert.equal(body.wrapped.url, '/v1/things/9?flag=on')
    assert.equal(res.headers['content-type'], 'application/json')
    assert.equal(res.headers['x-from-backend'], 'echo')
    assert.equal(res.headers['x-backend-method'], 'PUT')
    assert.equal(res.headers['x-static'], 'static value')
    assert.equal(res.headers['x-backend'], undefined, 'backend headers are not passed on without a mapping')
    assert.equal(res.headers.server, undefined)
  })

  it('selects the integration response by the backend\'s status code, a Java regex over the whole code', async () => {
    const notFound = await call('GET', '/status/404')
    assert.equal(notFound.status, 400)
    assert.deepEqual(JSON.parse(notFound.body.toString()), { 'client error': '/status/404' })
    const unavailable = await call('GET', '/status/503')
    assert.equal(unavailable.status, 502)
    assert.equal(unavailable.body.toString(), '{"server error": true}')
    const created = await call('GET', '/status/201')
    assert.equal(created.status, 200, 'no pattern matches 201 ("20" is not a whole match): the default response')
    assert.equal(JSON.parse(created.body.toString()).url, '/status/201', 'no template: the backend\'s body passes through')
    const exactly = await call('GET', '/status/200')
    assert.equal(exactly.status, 200)
  })

  it('a backend 400 with only a default response is 200 [LS test_apigateway_http > test_http_integration_invoke_status_code_passthrough[HTTP] > non-matching-response]', async () => {
    const recorded = PASSTHROUGH_RECORDED['non-matching-response']
    const res = await call('GET', '/only-default/400')
    assert.equal(res.status, recorded.status_code)
    assert.equal(JSON.parse(res.body.toString()).url, '/status/400')
  })

  it('no matching integration response and no default is AWS\'s 500', async () => {
    const res = await call('GET', '/no-default/200')
    assert.equal(res.status, 500)
    assert.equal(res.body.toString(), '{"message": "Internal server error"}')
    assert.equal(res.headers['x-amzn-errortype'], 'InternalServerErrorException')
    assert.equal((await call('GET', '/no-default/404')).status, 404)
  })

  it('a URI that is no URL once stage variables are substituted is 500 (LS test_apigateway_import > test_import_with_stage_variables > get-error-resp-from-http)', async () => {
    const res = await call('GET', '/bad-uri')
    assert.equal(res.status, 500)
    assert.equal(res.body.toString(), '{"message": "Internal server error"}')
  })

  describe('binaryMediaTypes (developer guide, "Content type conversions in API Gateway")', () => {
    let binaryApiId: string
    before(async () => {
      binaryApiId = await buildRestApi(gw, {
        name: 'http-binary',
        binaryMediaTypes: ['image/png'],
        methods: [{
          path: 'upload',
          httpMethod: 'POST',
          integration: {
            type: 'HTTP', integrationHttpMethod: 'POST', uri: `${backend.origin}/upload`,
            contentHandling: 'CONVERT_TO_TEXT',
            requestTemplates: { 'image/png': '{"size": "$input.body.length()", "data": "$input.body"}' },
          },
          responses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"stored": true}' } }],
        }, {
          path: 'download',
          httpMethod: 'GET',
          integration: { type: 'HTTP', integrationHttpMethod: 'GET', uri: `${backend.origin}/binary` },
          responses: [{ statusCode: '200', responseParameters: { 'method.response.header.Content-Type': 'integration.response.header.Content-Type' } }],
        }],
      })
    })

    const binaryCall = (method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<RawResponse> => rawRequest({
      port, method, path: `/_aws/execute-api/${binaryApiId}/test${path}`, body,
      headers: { Host: `localhost:${port}`, ...(body === undefined ? {} : { 'Content-Length': String(body.length) }), ...headers },
    })

    it('a binary request converted to text reaches the request template as base64 in $input.body', async () => {
      const { res, got } = await backendSees(() => binaryCall('POST', '/upload', { 'Content-Type': 'image/png' }, BINARY_BYTES))
      assert.equal(res.status, 200, res.body.toString())
      const base64 = BINARY_BYTES.toString('base64')
      assert.deepEqual(JSON.parse(got.body.toString()), { size: String(base64.length), data: base64 })
      assert.equal(res.body.toString(), '{"stored": true}')
    })

    it('a binary response goes to a client that accepts it as bytes, to one that accepts text as base64', async () => {
      const bytes = await binaryCall('GET', '/download', { Accept: 'image/png' })
      assert.equal(bytes.status, 200)
      assert.deepEqual(bytes.body, BINARY_BYTES)
      assert.equal(bytes.headers['content-type'], 'image/png')
      const text = await binaryCall('GET', '/download', { Accept: 'application/json' })
      assert.equal(text.body.toString(), BINARY_BYTES.toString('base64'))
    })
  })
})
