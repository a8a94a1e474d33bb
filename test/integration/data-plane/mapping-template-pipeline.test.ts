import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { pino } from 'pino'
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { recording } from '../../helpers/recordings.ts'
import { buildRestApi, type MethodSpec } from '../../helpers/rest-api-builder.ts'

/**
 * Mapping templates in the deployed pipeline, not just the engine: what a request template writes to
 * `$context.requestOverride`/`responseOverride` reaches the response template and the client (the [LS
 * test_apigateway_integrations > test_integration_mock_with_*] recordings, reproduced through real MOCK
 * and HTTP methods); a template that fails while rendering is AWS's 500 gateway response, not a gateway
 * bug; `$context.isCanaryRequest` is the boolean false on a stage without a canary ([LS
 * test_apigateway_canary > test_invoking_canary_deployment > response-deployment-1]).
 */
const recorded = (test: string): Record<string, any> => recording('test_apigateway_integrations', test)

/** The MOCK request template of test_integration_mock_with_response_override_in_request_template, rebuilt from what its recording shows. */
const OVERRIDING_REQUEST_TEMPLATE = `#set($context.responseOverride.status = 444)
#set($context.responseOverride.header.foo = "bar")
#set($context.responseOverride.custom = "is also passed around")
{"statusCode": 200}`

const mock = (path: string, requestTemplate: string, responseTemplate: string | undefined, httpMethod = 'POST'): MethodSpec => ({
  path,
  httpMethod,
  integration: { type: 'MOCK', requestTemplates: { 'application/json': requestTemplate } },
  responses: [{ statusCode: '200', responseTemplates: responseTemplate === undefined ? undefined : { 'application/json': responseTemplate } }],
})

const INTERNAL_ERROR = '{"message": "Internal server error"}'

describe('mapping templates in the deployed pipeline', () => {
  let gw: TestGateway
  let backend: EchoBackend
  let base: string
  /** Every line the gateway logged at error level: a template failure must not be one of them. */
  const errorLog: string[] = []

  before(async () => {
    backend = await startEchoBackend()
    const sink = new Writable({ write(chunk, _encoding, done) { errorLog.push(String(chunk)); done() } })
    gw = await startTestGateway({ logger: pino({ level: 'error' }, sink) })
    const restApiId = await buildRestApi(gw, {
      name: 'template pipeline',
      methods: [
        mock('override-read', OVERRIDING_REQUEST_TEMPLATE,
          '{"statusOverride": "$context.responseOverride.status", "fooHeader": "$context.responseOverride.header.foo", "custom": "$context.responseOverride.custom"}'),
        mock('override-only', OVERRIDING_REQUEST_TEMPLATE, undefined),
        mock('request-override', `#set($body = $util.parseJson($util.base64Decode($input.path('$.data'))))
#set($context.requestOverride.path.body = $body.path)
{"statusCode": 200}`, `#set($path = $context.requestOverride.path.body)
{"response": "#if($path == 'path1')path was path one#elseif($path == 'path2')path was path two#{else}this is the else clause#end"}`),
        mock('map-assignation', `#set($paramName = "foo")
#set($context.requestOverride.querystring[$paramName] = "bar")
$context.requestOverride.querystring.put("putfoo", "putBar")
#set($context["requestOverride"].querystring["nestedfoo"] = "nestedFoo")
{"statusCode": 200}`,
        '{"value": "$context.requestOverride.querystring.foo", "value2": "$context.requestOverride.querystring.putfoo", "value3": "$context.requestOverride.querystring.nestedfoo"}'),
        {
          path: 'http-override',
          httpMethod: 'POST',
          integration: {
            type: 'HTTP',
            integrationHttpMethod: 'POST',
            uri: `${backend.origin}/echo`,
            requestTemplates: {
              'application/json': `#set($context.requestOverride.header.X-Chosen = $input.path('$.who'))
#set($context.requestOverride.querystring.kind = "override")
{"who": "$input.path('$.who')"}`,
            },
          },
          responses: [{
            statusCode: '200',
            responseTemplates: {
              'application/json': `#set($echo = $input.path('$'))
#set($context.responseOverride.status = 201)
{"chosen": "$context.requestOverride.header.X-Chosen", "kind": "$context.requestOverride.querystring.kind", "backendSaw": "$echo.headers.get('x-chosen')", "url": "$echo.url"}`,
            },
          }],
        },
        // Failures while rendering (TemplateRenderError), each AWS's 500.
        mock('parse-json', '#set($x = $util.parseJson($input.body))\n{"statusCode": 200}', '{"ok": true}'),
        mock('runaway', '{"statusCode": 200}', '#foreach($i in [1..1000])#foreach($j in [1..1000])#foreach($k in [1..1000])x#end#end#end'),
        mock('output-cap', '{"statusCode": 200}', '#set($s = "ab")#foreach($i in [1..40])#set($s = "$s$s")#end$s'),
        mock('override-twice', '#set($context.responseOverride.status = 400)\n{"statusCode": 200}', '#set($context.responseOverride.status = 401){}'),
        mock('canary', '{"statusCode": 200}',
          '{"isCanary": "$context.isCanaryRequest", "truthy": "#if($context.isCanaryRequest)yes#{else}no#end", "listed": $context.keySet().contains("isCanaryRequest")}', 'GET'),
      ],
    })
    base = gw.stageUrl(restApiId, 'test')
  })
  after(async () => {
    await gw.close()
    await backend.close()
  })

  const post = (path: string, body: unknown = {}): Promise<Response> =>
    fetch(`${base}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

  it('test_integration_mock_with_response_override_in_request_template[True]: 444, the overrides readable in the response template', async () => {
    const expected = recorded('test_integration_mock_with_response_override_in_request_template[True]').response
    const res = await post('override-read')
    assert.equal(res.status, expected.status_code)
    assert.equal(res.headers.get('foo'), 'bar')
    assert.deepEqual(await res.json(), expected.body)
  })

  it('test_integration_mock_with_response_override_in_request_template[False]: 444 and an empty body without a response template', async () => {
    const expected = recorded('test_integration_mock_with_response_override_in_request_template[False]').response
    const res = await post('override-only')
    assert.equal(res.status, expected.status_code)
    assert.equal(res.headers.get('foo'), 'bar')
    assert.equal(expected.body, "b''")
    assert.equal(await res.text(), '')
  })

  it('test_integration_mock_with_request_overrides_in_response_template: invoke-path1/2/else', async () => {
    const content = recorded('test_integration_mock_with_request_overrides_in_response_template')
    for (const [key, path] of [['invoke-path1', 'path1'], ['invoke-path2', 'path2'], ['invoke-path-else', 'other']]) {
      const res = await post('request-override', { data: Buffer.from(JSON.stringify({ path })).toString('base64') })
      assert.equal(res.status, 200, key)
      assert.deepEqual(await res.json(), content[key], key)
    }
  })

  it('test_integration_mock_with_vtl_map_assignation: every map write form reaches the response template', async () => {
    const expected = recorded('test_integration_mock_with_vtl_map_assignation').response
    const res = await post('map-assignation')
    assert.equal(res.status, expected.status_code)
    assert.deepEqual(await res.json(), expected.body)
  })

  it('HTTP: the request overrides go to the backend and stay readable in the response template, which sets the status', async () => {
    const res = await post('http-override', { who: 'ada' })
    assert.equal(res.status, 201)
    assert.deepEqual(await res.json(), { chosen: 'ada', kind: 'override', backendSaw: 'ada', url: '/echo?kind=override' })
  })

  for (const [path, what] of [
    ['parse-json', '$util.parseJson of a body that is not JSON (request template)'],
    ['runaway', 'a runaway #foreach past its budget (response template)'],
    ['output-cap', 'a string doubled past the output cap (response template)'],
    ['override-twice', 'a response override the request template already wrote'],
  ] as const) {
    it(`${what} is AWS's 500 gateway response, not a gateway bug, and the gateway keeps serving`, async () => {
      errorLog.length = 0
      const res = await fetch(`${base}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' })
      assert.equal(res.status, 500)
      assert.equal(res.headers.get('x-amzn-errortype'), 'InternalServerErrorException')
      assert.equal(await res.text(), INTERNAL_ERROR)
      assert.deepEqual(errorLog, [], 'nothing logged as an unexpected error')
      const next = await post('override-read')
      assert.equal(next.status, 444)
    })
  }

  it('$context.isCanaryRequest is the boolean false on a stage without a canary, not listed by keySet() (LS test_apigateway_sqs > test_sqs_amz_json_protocol)', async () => {
    const res = await fetch(`${base}/canary`)
    assert.equal(res.status, 200)
    // Rendered "false" as AWS recorded (response-deployment-1); falsy in #if, so a boolean, not the string.
    assert.equal(recording('test_apigateway_canary', 'TestCanaryDeployments::test_invoking_canary_deployment')['response-deployment-1'].isCanary, 'false')
    assert.deepEqual(await res.json(), { isCanary: 'false', truthy: 'no', listed: false })
  })
})
