import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateStageCommand, PutIntegrationCommand, PutMethodCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { DEFAULT_AWS_ENVIRONMENT } from '../../src/core/aws-environment.ts'
import { REPO_ROOT } from '../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { assertMatchesRecording, Placeholders } from '../helpers/parity-recording.ts'
import { recording } from '../helpers/recordings.ts'
import { rawRequest } from '../helpers/raw-http.ts'

/**
 * The payload 1.0 event AWS_PROXY sends to Lambda, for all 11 URL variants AWS recorded in
 * `[LS test_apigateway_lambda > test_lambda_aws_proxy_integration > *]`: the same API (`ANY /{proxy+}`
 * and `/hardcoded`, stage `stage`), the same requests, and the recorded event compared key by key.
 *
 * The recording was made on an EDGE endpoint; Gatehouse behaves like a REGIONAL one (whose events carry
 * no CloudFront headers: [LS test_apigateway_integrations >
 * test_apigateway_header_remapping_aws[AWS_PROXY] > no-param-integration]), so the CloudFront headers
 * (`CloudFront-*`, `Via`, `X-Amz-Cf-Id`) are taken out of what we expect — and every other recorded
 * header must be there, and nothing more.
 */
const RECORDED = recording('test_apigateway_lambda', 'test_lambda_aws_proxy_integration')
const STAGE = 'stage'
const functionUri = (name: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}/invocations`

/** What LocalStack's test sends with every GET (python-requests' defaults plus its own headers). */
const GET_HEADERS = {
  Accept: '*/*',
  'Accept-Encoding': 'gzip, deflate',
  // The test sends `authorization`; the recorded event has `Authorization` (AWS canonicalises it).
  authorization: 'random-value',
  'User-Agent': 'python-requests/testing',
  'tEsT-HEADeR': 'aValUE',
}

interface Variant {
  readonly key: string
  readonly method: 'GET' | 'POST'
  /** The request target below the host, exactly as sent. */
  readonly target: string
  readonly headers: Record<string, string>
  readonly body?: string
}

const VARIANTS: readonly Variant[] = [
  { key: 'invocation-payload-without-trailing-slash', method: 'GET', target: '/stage/proxy-value', headers: GET_HEADERS },
  { key: 'invocation-payload-with-trailing-slash', method: 'GET', target: '/stage/proxy-value/', headers: GET_HEADERS },
  { key: 'invocation-payload-with-double-slash', method: 'GET', target: '/stage/proxy-value//double-slash', headers: GET_HEADERS },
  { key: 'invocation-payload-with-prepended-slash-to-stage', method: 'GET', target: '//stage/proxy-value', headers: GET_HEADERS },
  { key: 'invocation-payload-with-prepended-slash', method: 'GET', target: '/stage//proxy-value', headers: GET_HEADERS },
  { key: 'invocation-payload-without-trailing-slash-and-query-params', method: 'GET', target: '/stage/proxy-value?urlparam=test', headers: GET_HEADERS },
  { key: 'invocation-payload-with-trailing-slash-and-query-params', method: 'GET', target: '/stage/proxy-value/?urlparam=test', headers: GET_HEADERS },
  {
    key: 'invocation-payload-with-path-encoded-email',
    method: 'GET',
    target: '/stage/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com',
    headers: GET_HEADERS,
  },
  {
    key: 'invocation-payload-with-params-encoding',
    method: 'GET',
    // python-requests sends the space as %20; the `#` is left in on purpose — all after it must be ignored.
    target: '/stage/proxy-value/api?' + [
      'dateTimeOffset=2023-06-12T18:05:10.123456+00:00',
      'email=test%2Balias@gmail.com',
      'plus=test+alias@gmail.com',
      'url=https://www.google.com/',
      'whitespace=foo%20bar',
      'zhash=abort/#',
      'ignored=this-does-not-appear-after-the-hash',
    ].join('&'),
    headers: GET_HEADERS,
  },
  {
    key: 'invocation-payload-with-params-encoding-multi',
    method: 'POST',
    target: '/stage/proxy-value?category=electronics&category=books&price=10&price=20&price=30',
    headers: {
      Accept: '*/*',
      'Accept-Encoding': 'gzip, deflate',
      'Content-Type': 'application/json;charset=utf-8',
      // As the recorded test sends it, to check the casing AWS gives it.
      aUThorization: 'Bearer token123;API key456',
      'User-Agent': 'python-requests/testing',
    },
    // Python's json.dumps, as the recorded test sends it (a space after the colon).
    body: '{"message": "hello world"}',
  },
  { key: 'invocation-hardcoded', method: 'GET', target: '/stage//hardcoded', headers: GET_HEADERS },
]

const EDGE_ONLY_HEADER = /^(CloudFront-.*|Via|X-Amz-Cf-Id)$/

/**
 * The recorded event as a REGIONAL endpoint would have sent it: CloudFront's headers gone,
 * `multiValueHeaders` rebuilt from `headers` (the snapshot's transformer flattened some of its lists
 * to strings — README caveat 1 — and no header here repeats), and the snapshot's stand-in account
 * `111111111111` replaced by ours.
 */
function expectedEvent(recorded: Record<string, any>): Record<string, any> {
  const headers = Object.fromEntries(Object.entries(recorded.headers as Record<string, string>).filter(([name]) => !EDGE_ONLY_HEADER.test(name)))
  return {
    ...recorded,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    // AWS's Host and domainName are one name (`<host:1>`) as it listens on 443; ours has a port, which
    // the Host keeps and domainName leaves out.
    requestContext: { ...recorded.requestContext, accountId: DEFAULT_AWS_ENVIRONMENT.accountId, domainName: '<domain-name>' },
  }
}

describe('parity: REST Lambda proxy event, payload 1.0 (LS test_apigateway_lambda > test_lambda_aws_proxy_integration)', () => {
  let gw: TestGateway
  let port: number
  let restApiId: string
  let host: string
  let placeholders: Placeholders

  before(async () => {
    gw = await startTestGateway({ baseDir: REPO_ROOT, functions: { echo: { handler: 'test/fixtures/functions/proxy-parity.echoEvent' } } })
    port = Number(new URL(gw.url).port)
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'proxy-event', endpointConfiguration: { types: ['REGIONAL'] } }))
    restApiId = api.id!
    const proxy = await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: '{proxy+}' }))
    const hardcoded = await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'hardcoded' }))
    for (const resourceId of [proxy.id!, hardcoded.id!]) {
      await send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'ANY', authorizationType: 'NONE' }))
      await send(new PutIntegrationCommand({
        restApiId, resourceId, httpMethod: 'ANY', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: functionUri('echo'),
      }))
    }
    const deployment = await send(new CreateDeploymentCommand({ restApiId, stageName: STAGE }))
    await send(new CreateStageCommand({ restApiId, stageName: 'withvars', deploymentId: deployment.id!, variables: { color: 'blue', size: 'L' } }))
    host = `${restApiId}.execute-api.localhost:${port}`
    // The values a test knows for the recording's placeholders; the rest are bound on first sight.
    placeholders = new Placeholders({
      '<api-id>': restApiId,
      '<host:1>': host,
      '<domain-name>': `${restApiId}.execute-api.localhost`,
      '<deployment-id:1>': deployment.id,
      '<resource-id:1>': proxy.id,
      '<resource-id:2>': hardcoded.id,
      '<source-ip:1>': '127.0.0.1',
      // One hop, plain HTTP, on the gateway's own port (AWS shows `<client>, <edge>`, 443, https).
      '<X-Forwarded-For>': '127.0.0.1',
      '<X-Forwarded-Port>': String(port),
      '<X-Forwarded-Proto>': 'http',
    })
  })
  after(() => gw.close())

  /** Calls the API by host name, as AWS is called, and returns the event the function received. */
  async function invoke(variant: Pick<Variant, 'method' | 'target' | 'headers' | 'body'>, hostHeader = host): Promise<Record<string, any>> {
    const res = await rawRequest({ port, method: variant.method, path: variant.target, headers: { Host: hostHeader, ...variant.headers }, body: variant.body })
    assert.equal(res.status, 200, res.body.toString())
    return JSON.parse(res.body.toString('utf8'))
  }

  for (const variant of VARIANTS) {
    it(`${variant.method} ${variant.target} [LS test_apigateway_lambda > test_lambda_aws_proxy_integration > ${variant.key}]`, async () => {
      const started = Date.now()
      const event = await invoke(variant)
      const finished = Date.now()
      assertMatchesRecording(event, expectedEvent(RECORDED[variant.key]), placeholders, 'event')

      // What the placeholders hid, checked for the form AWS gives it ([EV powertools-ts/apigw-rest/authorizer-request.json]).
      const context = event.requestContext
      assert.equal(Object.keys(context.identity).length, 12)
      assert.match(context.requestId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      assert.match(context.extendedRequestId, /^[A-Za-z0-9+/]+=*$/)
      assert.match(context.requestTime, /^\d{2}\/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/)
      assert.ok(Number.isInteger(context.requestTimeEpoch) && context.requestTimeEpoch >= started && context.requestTimeEpoch <= finished,
        'requestTimeEpoch is the request time in milliseconds')
      assert.match(event.headers['X-Amzn-Trace-Id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/)
    })
  }

  it('the recording covers the 11 variants, and the rules drawn from them hold', async () => {
    assert.deepEqual(VARIANTS.map((v) => v.key).sort(), Object.keys(RECORDED).sort())
    // Spelled out, so a wrong recording reading cannot hide them: null, never {} (invocation-hardcoded) ...
    const plain = await invoke(VARIANTS[0])
    assert.equal(plain.queryStringParameters, null)
    assert.equal(plain.multiValueQueryStringParameters, null)
    assert.equal(plain.stageVariables, null)
    assert.equal(plain.body, null)
    assert.equal((await invoke(VARIANTS[10])).pathParameters, null)
    // ... form-decoded query, last value wins, every value in multiValue* (invocation-payload-with-params-encoding[-multi]).
    const multi = await invoke(VARIANTS[9])
    assert.deepEqual(multi.queryStringParameters, { category: 'books', price: '30' })
    assert.deepEqual(multi.multiValueQueryStringParameters, { category: ['electronics', 'books'], price: ['10', '20', '30'] })
    assert.equal(multi.body, '{"message": "hello world"}')
    const encoded = await invoke(VARIANTS[8])
    assert.equal(encoded.queryStringParameters.plus, 'test alias@gmail.com')
    assert.equal(encoded.queryStringParameters.email, 'test+alias@gmail.com')
    assert.equal(encoded.queryStringParameters.zhash, 'abort/')
    assert.equal('ignored' in encoded.queryStringParameters, false)
  })

  it('extendedRequestId has AWS\'s form: 15 base64 characters and one `=`, like "ZhFsxGQDDoEEMig=" (EV powertools-ts/apigw-rest/authorizer-request.json)', async () => {
      const event = await invoke(VARIANTS[0])
      assert.match(event.requestContext.extendedRequestId, /^[A-Za-z0-9+/]{15}=$/)
    })

  it('stageVariables is an object once the stage has variables (null only when absent: invocation-hardcoded)', async () => {
    const event = await invoke({ ...VARIANTS[0], target: '/withvars/proxy-value' })
    assert.deepEqual(event.stageVariables, { color: 'blue', size: 'L' })
    assert.equal(event.requestContext.stage, 'withvars')
    assert.equal(event.requestContext.path, '/withvars/proxy-value')
  })

  it('the path forms that need no DNS give the same path, resource and parameters as the host form', async () => {
    const byHost = await invoke(VARIANTS[7])
    for (const prefix of [`/_aws/execute-api/${restApiId}`, `/restapis/${restApiId}`]) {
      const target = prefix.startsWith('/restapis')
        ? `${prefix}/stage/_user_request_/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com`
        : `${prefix}/stage/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com`
      const event = await invoke({ ...VARIANTS[7], target }, `localhost:${port}`)
      for (const key of ['resource', 'path', 'pathParameters', 'httpMethod', 'queryStringParameters'] as const) {
        assert.deepEqual(event[key], byHost[key], `${prefix}: ${key}`)
      }
      assert.equal(event.requestContext.path, byHost.requestContext.path)
      assert.equal(event.requestContext.apiId, restApiId)
      assert.deepEqual([event.requestContext.domainName, event.requestContext.domainPrefix], ['localhost', 'localhost'], 'no port: AWS\'s domainName is a name')
    }
    assert.equal(byHost.requestContext.domainName, `${restApiId}.execute-api.localhost`)
    assert.equal(byHost.requestContext.domainPrefix, restApiId)
  })
})
