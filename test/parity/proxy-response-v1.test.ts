import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand,
  PutMethodCommand, PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { Agent, request as httpRequest } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { REPO_ROOT } from '../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { assertMatchesRecording, Placeholders } from '../helpers/parity-recording.ts'
import { recording } from '../helpers/recordings.ts'
import { headersAsSent, rawRequest, type RawResponse } from '../helpers/raw-http.ts'

/**
 * How a Lambda proxy result becomes the HTTP response: the 15 results AWS recorded in
 * `[LS test_apigateway_lambda > test_aws_proxy_response_payload_format_validation > *]`, each returned
 * by a function behind `ANY /{proxy+}` and compared with what AWS answered — status (asserted by the
 * LocalStack test; the recording keeps no status), body (the recording) and, where recorded, every
 * response header in its casing.
 */
const RECORDED = recording('test_apigateway_lambda', 'test_aws_proxy_response_payload_format_validation')
const TRACE_RECORDED = recording('test_apigateway_common', 'test_invocation_trace_id')
const NON_POST_RECORDED = recording('test_apigateway_lambda', 'test_lambda_aws_proxy_integration_non_post_method')
const functionUri = (name: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}/invocations`

/**
 * What the function returns and the status AWS answered with, as LocalStack's
 * test_aws_proxy_response_payload_format_validation sends and asserts them (its recording keeps only
 * bodies and headers).
 */
const ROWS: readonly { key: string; returns: unknown; status: number }[] = [
  { key: 'invoke-api-no-body', returns: { statusCode: 200 }, status: 200 },
  { key: 'invoke-api-with-headers', returns: { statusCode: 200, headers: { 'test-header': 'value', 'header-bool': true } }, status: 200 },
  { key: 'invoke-api-with-headers-null', returns: { statusCode: 200, headers: null }, status: 200 },
  { key: 'invoke-api-wrong-format', returns: { statusCode: 200, wrongValue: 'value' }, status: 502 },
  { key: 'invoke-api-empty-response', returns: {}, status: 502 },
  { key: 'invoke-api-b64-encoded-true', returns: { statusCode: 200, body: 'dGVzdC1kYXRh', isBase64Encoded: true }, status: 200 },
  { key: 'invoke-api-b64-encoded-false', returns: { statusCode: 200, body: 'dGVzdC1kYXRh' }, status: 200 },
  { key: 'invoke-api-multi-headers-valid', returns: { statusCode: 200, multiValueHeaders: { 'test-multi': ['value1', 'value2'] } }, status: 200 },
  {
    key: 'invoke-api-multi-headers-overwrite',
    returns: { statusCode: 200, multiValueHeaders: { 'test-multi': ['value-multi'] }, headers: { 'test-multi': 'value-solo' } },
    status: 200,
  },
  {
    key: 'invoke-api-multi-headers-overwrite-casing',
    returns: { statusCode: 200, multiValueHeaders: { 'tesT-Multi': ['value-multi'] }, headers: { 'test-multi': 'value-solo' } },
    status: 200,
  },
  { key: 'invoke-api-multi-headers-invalid', returns: { statusCode: 200, multiValueHeaders: { 'test-multi-invalid': 'value1' } }, status: 502 },
  { key: 'invoke-api-invalid-status-code', returns: { statusCode: 'test' }, status: 502 },
  { key: 'invoke-api-status-code-str', returns: { statusCode: '201' }, status: 201 },
  { key: 'invoke-api-just-string', returns: 'justAString', status: 502 },
  { key: 'invoke-api-only-headers', returns: { headers: { 'test-header': 'value' } }, status: 200 },
]

/**
 * AWS's execution-failure body: a space after the colon, 36 bytes — the Content-Length of
 * [LS test_apigateway_integrations > test_apigateway_header_remapping_http[HTTP] > content-length].
 */
const INTERNAL_SERVER_ERROR = '{"message": "Internal server error"}'
/**
 * Added by CloudFront in front of an EDGE endpoint; a REGIONAL-like gateway has none of them
 * ([LS test_apigateway_integrations > test_apigateway_header_remapping_aws[AWS_PROXY] > no-param-integration]).
 */
const CLOUDFRONT_HEADER = /^(via|x-amz-cf-id|x-amz-cf-pop|x-cache)$/i
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('parity: REST Lambda proxy response, payload 1.0 (LS test_apigateway_lambda > test_aws_proxy_response_payload_format_validation)', () => {
  let gw: TestGateway
  let port: number
  let restApiId: string

  before(async () => {
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        returner: { handler: 'test/fixtures/functions/proxy-parity.returnRequested' },
        echo: { handler: 'test/fixtures/functions/proxy-parity.echoEvent' },
        thrower: { handler: 'test/fixtures/functions/proxy-parity.throwError' },
        tracer: { handler: 'test/fixtures/functions/proxy-parity.traceIds' },
        ids: { handler: 'test/fixtures/functions/proxy-parity.requestIds' },
      },
    })
    port = Number(new URL(gw.url).port)
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'proxy-response', endpointConfiguration: { types: ['REGIONAL'] } }))
    restApiId = api.id!
    const root = api.rootResourceId!
    const lambdaProxy = async (pathPart: string, functionName: string, integrationHttpMethod = 'POST') => {
      const resource = await send(new CreateResourceCommand({ restApiId, parentId: root, pathPart }))
      await send(new PutMethodCommand({ restApiId, resourceId: resource.id!, httpMethod: 'ANY', authorizationType: 'NONE' }))
      await send(new PutIntegrationCommand({
        restApiId, resourceId: resource.id!, httpMethod: 'ANY', type: 'AWS_PROXY', integrationHttpMethod, uri: functionUri(functionName),
      }))
    }
    await lambdaProxy('{proxy+}', 'returner')
    await lambdaProxy('get-integration-method', 'echo', 'GET')
    await lambdaProxy('throws', 'thrower')
    await lambdaProxy('trace', 'tracer')
    await lambdaProxy('ids', 'ids')
    const mock = await send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: 'mock' }))
    await send(new PutMethodCommand({ restApiId, resourceId: mock.id!, httpMethod: 'GET', authorizationType: 'NONE' }))
    await send(new PutMethodResponseCommand({ restApiId, resourceId: mock.id!, httpMethod: 'GET', statusCode: '200' }))
    await send(new PutIntegrationCommand({
      restApiId, resourceId: mock.id!, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' },
    }))
    await send(new PutIntegrationResponseCommand({
      restApiId, resourceId: mock.id!, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"mocked": true}' },
    }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'stage' }))
  })
  after(() => gw.close())

  const call = (path: string, init: { method?: string; body?: string } = {}): Promise<RawResponse> => rawRequest({
    port,
    method: init.method ?? 'GET',
    path,
    headers: { Host: `${restApiId}.execute-api.localhost:${port}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: init.body,
  })

  /** The response headers as sent, in their casing: AWS sends `Connection: keep-alive` and no `Keep-Alive` (every recording here). */
  const responseHeaders = (res: RawResponse): Record<string, string> => headersAsSent(res.rawHeaders)

  const placeholders = new Placeholders()
  for (const row of ROWS) {
    it(`${JSON.stringify(row.returns)} → ${row.status} [LS test_apigateway_lambda > test_aws_proxy_response_payload_format_validation > ${row.key}]`, async () => {
      const res = await call('/stage/anything', { method: 'POST', body: JSON.stringify({ result: row.returns }) })
      assert.equal(res.status, row.status)
      const recorded = RECORDED[row.key]
      const body = res.body.toString('utf8')
      if (typeof recorded.content === 'string') {
        assert.equal(body, recorded.content)
      } else {
        assert.deepEqual(recorded.content, { message: 'Internal server error' })
        assert.equal(body, INTERNAL_SERVER_ERROR)
        assert.equal(res.headers['content-length'], '36')
        assert.equal(res.headers['content-type'], 'application/json')
        assert.equal(res.headers['x-amzn-errortype'], 'InternalServerErrorException')
      }
      if (recorded.headers !== undefined) {
        const expected = Object.fromEntries(Object.entries(recorded.headers as Record<string, string>).filter(([name]) => !CLOUDFRONT_HEADER.test(name)))
        assertMatchesRecording(responseHeaders(res), expected, placeholders, 'headers')
      }
      assert.match(String(res.headers['x-amzn-requestid']), UUID)
      assert.equal(typeof res.headers['x-amz-apigw-id'], 'string')
    })
  }

  it('the table above lists the same 15 results as the recording', () => {
    assert.deepEqual(ROWS.map((row) => row.key).sort(), Object.keys(RECORDED).sort())
  })

  it('without binaryMediaTypes, isBase64Encoded leaves the body as the function wrote it, whatever the Accept (LS test_apigateway_lambda > test_aws_proxy_response_payload_format_validation > invoke-api-b64-encoded-true)', async () => {
    const res = await rawRequest({
      port, method: 'POST', path: '/stage/anything',
      headers: { Host: `${restApiId}.execute-api.localhost:${port}`, Accept: 'application/octet-stream', 'Content-Type': 'application/json' },
      body: JSON.stringify({ result: { statusCode: 200, body: 'dGVzdC1kYXRh', isBase64Encoded: true } }),
    })
    assert.equal(res.body.toString('utf8'), 'dGVzdC1kYXRh')
  })

  it('X-Amzn-Trace-Id is on AWS_PROXY answers but not on MOCK ones [LS test_apigateway_common > test_invocation_trace_id > normal-req-headers-MOCK / normal-req-headers-AWS_PROXY]', async () => {
    const names = (res: RawResponse): string[] => Object.keys(responseHeaders(res)).map((name) => name.toLowerCase()).sort()
    const recordedNames = (key: string): string[] => Object.keys(TRACE_RECORDED[key]).filter((name) => !CLOUDFRONT_HEADER.test(name)).sort()

    const mock = await call('/stage/mock')
    assert.equal(mock.status, 200)
    assert.equal(mock.body.toString(), '{"mocked": true}')
    assert.deepEqual(names(mock), recordedNames('normal-req-headers-MOCK'))
    assert.equal(mock.headers['x-amzn-trace-id'], undefined)

    const proxy = await call('/stage/anything', { method: 'POST', body: JSON.stringify({ result: { statusCode: 200, body: 'x' } }) })
    assert.equal(proxy.status, 200)
    assert.deepEqual(names(proxy), recordedNames('normal-req-headers-AWS_PROXY'))
    assert.match(String(proxy.headers['x-amzn-trace-id']), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/)
    assert.notEqual(proxy.headers['x-amzn-requestid'], mock.headers['x-amzn-requestid'])
  })

  it('headers API Gateway owns come back from a Lambda proxy result as x-amzn-Remapped-*, as from an HTTP_PROXY backend [LS test_apigateway_integrations > test_apigateway_header_remapping_http[HTTP_PROXY] > no-param-integration; WWW-Authenticate: users\' reports, serverless-offline issue 236]', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const result = {
        statusCode: 401,
        headers: {
          Connection: 'close', Date: 'Thu, 01 Jan 1970 00:00:00 GMT', Server: 'my-framework', 'x-amzn-RequestId': 'from-the-handler',
          'WWW-Authenticate': 'Basic realm="api"', 'Transfer-Encoding': 'chunked', 'X-Own': 'kept',
        },
        body: 'no',
      }
      const first = await keptAliveRequest(agent, JSON.stringify({ result }))
      assert.equal(first.status, 401)
      const sent = headersAsSent(first.rawHeaders)
      assert.equal(sent['x-amzn-Remapped-Connection'], 'close')
      assert.equal(sent['x-amzn-Remapped-Date'], 'Thu, 01 Jan 1970 00:00:00 GMT')
      assert.equal(sent['x-amzn-Remapped-Server'], 'my-framework')
      assert.equal(sent['x-amzn-Remapped-x-amzn-RequestId'], 'from-the-handler')
      assert.equal(sent['x-amzn-Remapped-WWW-Authenticate'], 'Basic realm="api"')
      assert.equal(sent['X-Own'], 'kept')
      assert.equal(sent.Connection, 'keep-alive')
      assert.match(sent['x-amzn-RequestId'], UUID)
      assert.notEqual(sent.Date, 'Thu, 01 Jan 1970 00:00:00 GMT')
      for (const name of ['WWW-Authenticate', 'Server', 'Transfer-Encoding', 'Keep-Alive']) assert.equal(first.headers[name.toLowerCase()], undefined, name)
      // The handler's `Connection: close` did not close the client's connection: the next request reuses it.
      const second = await keptAliveRequest(agent, JSON.stringify({ result: { statusCode: 200, body: 'again' } }))
      assert.equal(second.status, 200)
      assert.equal(second.socket, first.socket)
    } finally {
      agent.destroy()
    }
  })

  const keptAliveRequest = (agent: Agent, body: string): Promise<RawResponse & { socket: unknown }> => new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1', port, method: 'POST', path: '/stage/anything', agent,
      headers: { Host: `${restApiId}.execute-api.localhost:${port}`, 'Content-Type': 'application/json' },
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, headers: res.headers, body: Buffer.concat(chunks), socket: req.socket }))
    })
    req.on('error', reject)
    req.end(body)
  })

  it('the function\'s context.awsRequestId is Lambda\'s own id, not API Gateway\'s requestContext.requestId (Lambda developer guide, context object)', async () => {
    const answer = await call('/stage/ids')
    const { lambda, apiGateway } = JSON.parse(answer.body.toString()) as { lambda: string; apiGateway: string }
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
    assert.match(lambda, uuid)
    assert.match(apiGateway, uuid)
    assert.notEqual(lambda, apiGateway)
    assert.equal(answer.headers['x-amzn-requestid'], apiGateway, 'the answer carries API Gateway\'s id')
  })

  it('a client\'s X-Amzn-Trace-Id is honoured: a full one comes back as given, a Root alone gets a Parent, and the function sees the same [LS test_apigateway_common > test_invocation_trace_id > trace-id-req-headers-AWS_PROXY / trace-id-small-req-headers-AWS_PROXY]', async () => {
    // The headers LocalStack's test sent to AWS; its assertions are the ones made here on the answer.
    const full = 'Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1'
    const small = 'Root=1-3152b799-8954dae64eda91bc9a23a7e8'
    const traced = (trace: string): Promise<RawResponse> => rawRequest({
      port, method: 'GET', path: '/stage/trace', headers: { Host: `${restApiId}.execute-api.localhost:${port}`, 'x-amzn-trace-id': trace },
    })
    const withFull = await traced(full)
    assert.equal(withFull.status, 200)
    assert.equal(withFull.headers['x-amzn-trace-id'], full)
    assert.deepEqual(JSON.parse(withFull.body.toString()), { env: full, header: full })

    const withRoot = await traced(small)
    const answered = String(withRoot.headers['x-amzn-trace-id'])
    assert.ok(answered.includes(small))
    assert.match(answered.split(';')[1], /^Parent=[0-9a-f]{16}$/)
    assert.notEqual(answered.split(';')[1], 'Parent=7fa8c0f79203be72')
    assert.deepEqual(JSON.parse(withRoot.body.toString()), { env: answered, header: answered })

    // Without one, the function still gets the request's own.
    const none = await call('/stage/trace')
    assert.deepEqual(JSON.parse(none.body.toString()), { env: none.headers['x-amzn-trace-id'], header: none.headers['x-amzn-trace-id'] })
  })

  it('an AWS_PROXY integration whose integrationHttpMethod is GET fails when called with 500 [LS test_apigateway_lambda > test_lambda_aws_proxy_integration_non_post_method > invocation-payload-with-get-proxy-method]', async () => {
    const res = await call('/stage/get-integration-method')
    assert.equal(res.status, 500)
    assert.deepEqual(JSON.parse(res.body.toString()), NON_POST_RECORDED['invocation-payload-with-get-proxy-method'])
    assert.equal(res.body.toString(), INTERNAL_SERVER_ERROR)
    assert.equal(res.headers['x-amzn-errortype'], 'InternalServerErrorException')
  })

  it('a function that throws is a 502 Internal server error (developer guide, "Handle Lambda errors in API Gateway")', async () => {
    const res = await call('/stage/throws', { method: 'POST', body: '{}' })
    assert.equal(res.status, 502)
    assert.equal(res.body.toString(), INTERNAL_SERVER_ERROR)
    assert.equal(res.headers['content-type'], 'application/json')
    assert.equal(res.headers['x-amzn-errortype'], 'InternalServerErrorException')
    // The function's error never leaks to the client.
    assert.doesNotMatch(res.body.toString(), /on purpose/)
  })
})
