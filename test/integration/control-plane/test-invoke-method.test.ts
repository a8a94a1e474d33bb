import assert from 'node:assert/strict'
import { GetResourcesCommand, TestInvokeMethodCommand } from '@aws-sdk/client-api-gateway'
import { before, describe, it } from 'node:test'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { gatewayForSuite } from '../../helpers/gateway.ts'
import { RecordingMatcher } from '../../helpers/openapi-recording.ts'
import { recording, sampleEvent } from '../../helpers/recordings.ts'
import { buildRestApi } from '../../helpers/rest-api-builder.ts'
import { assertRecordedError, assertRecordedOutput } from '../../helpers/sdk-recording.ts'

/**
 * TestInvokeMethod through the real SDK, matched with `[LS test_apigateway_api > TestApigatewayTestInvoke]`
 * (answers, log lines, the method's own 404s) and with the event a Lambda sees in a console test
 * (sample event: powertools-ts/apigw-rest/console-test-ui.json). No deployment is made: the test
 * runs the method as the API defines it now.
 */
const invoke = (test: string) => recording('test_apigateway_api', `TestApigatewayTestInvoke::${test}`)

/** AWS's log as the recordings keep it: one `lineNN` per line, each line's date as `DDD MMM dd hh:mm:ss UTC yyyy`. */
function recordedShape<T extends { log?: string }>(answer: T): T & { log: Record<string, string> } {
  const lines = (answer.log ?? '').split('\n')
  assert.match(lines[1], /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d \d\d:\d\d:\d\d UTC \d{4} : /)
  const log = Object.fromEntries(lines.map((line, index) => [
    `line${String(index).padStart(2, '0')}`,
    line.replace(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d UTC \d{4} : /, 'DDD MMM dd hh:mm:ss UTC yyyy : '),
  ]))
  return { ...answer, log }
}

describe('TestInvokeMethod', () => {
  const { send, gateway } = gatewayForSuite({ baseDir: REPO_ROOT, functions: { echo: { handler: 'test/fixtures/functions/proxy-parity.echoEvent' } } })
  let restApiId = ''
  let pets = ''
  let pet = ''
  let failing = ''
  let lambda = ''

  before(async () => {
    const gw = gateway()
    // The templates as the recording's test wrote them (Python's json.dumps: `{"a": "b"}`).
    const petTemplate = { 'application/json': `{"petId": "$input.params('petId')"}` }
    const mock = { type: 'MOCK' as const, requestTemplates: { 'application/json': '{"statusCode": 200}' } }
    restApiId = await buildRestApi(gw, {
      name: 'test-invoke',
      methods: [
        { path: 'pets', httpMethod: 'GET', integration: mock, responses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"pets": "all the pets"}' } }] },
        { path: 'pets/{petId}', httpMethod: 'GET', requestParameters: { 'method.request.path.petId': true }, integration: mock, responses: [{ statusCode: '200', responseTemplates: petTemplate }] },
        { path: 'pets/{petId}', httpMethod: 'POST', requestParameters: { 'method.request.path.petId': true }, integration: mock, responses: [{ statusCode: '200', responseTemplates: petTemplate }] },
        // Nothing listens on port 1: the endpoint cannot be reached.
        { path: '', httpMethod: 'GET', integration: { type: 'HTTP', integrationHttpMethod: 'GET', uri: 'http://127.0.0.1:1/' }, responses: [{ statusCode: '200' }] },
        {
          path: 'lambda', httpMethod: 'POST',
          integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:echo/invocations' },
        },
      ],
    })
    const items = (await send(new GetResourcesCommand({ restApiId }))).items!
    const id = (path: string) => items.find((item) => item.path === path)!.id!
    ;[pets, pet, failing, lambda] = [id('/pets'), id('/pets/{petId}'), id('/'), id('/lambda')]
  })

  it('runs MOCK methods as AWS does, log lines included, whatever the path [LS test_invoke_test_method]', async () => {
    const rec = invoke('test_invoke_test_method')
    const m = new RecordingMatcher()
    const cases: [string, string, string, string, string?][] = [
      ['test-invoke-method-get-pets', pets, 'GET', '/pets'],
      ['test-invoke-method-get-pets-bad-path', pets, 'GET', '/random/test'],
      ['test-invoke-method-get-pets-id', pet, 'GET', '/pets/123'],
      ['test-invoke-method-get-pets-id-no-path', pet, 'GET', '/pets/{petId}'],
      ['test-invoke-method-get-pets-id-bad-path', pet, 'GET', '/random/test'],
      ['test-invoke-method-get-with-qs', pet, 'GET', '/pets/123?foo=bar'],
      ['test-invoke-method-post-with-body', pet, 'POST', '/pets/123', '{"foo": "bar"}'],
    ]
    for (const [key, resourceId, httpMethod, pathWithQueryString, body] of cases) {
      const answer = await send(new TestInvokeMethodCommand({ restApiId, resourceId, httpMethod, pathWithQueryString, body }))
      assert.equal(typeof answer.latency, 'number')
      const { latency: _, ...rest } = recordedShape(answer)
      const { latency: __, ...expected } = rec[key]
      assertRecordedOutput(m, rest, expected, key)
    }
  })

  it('unknown method, resource or API: the recorded 404s [LS test_invoke_test_method > resource-*-not-found, rest-api-not-found]', async () => {
    const rec = invoke('test_invoke_test_method')
    await assertRecordedError(send(new TestInvokeMethodCommand({ restApiId, resourceId: pets, httpMethod: 'DELETE' })), rec['resource-method-not-found'], 'method')
    await assertRecordedError(send(new TestInvokeMethodCommand({ restApiId, resourceId: 'invalid_res', httpMethod: 'POST' })), rec['resource-id-not-found'], 'resource')
    await assertRecordedError(send(new TestInvokeMethodCommand({ restApiId: 'nope', resourceId: pet, httpMethod: 'POST' })), rec['rest-api-not-found'], 'api')
  })

  it('an endpoint that cannot be reached: 500, logged as AWS logs it [LS test_failed_invoke_test_method]', async () => {
    const answer = await send(new TestInvokeMethodCommand({ restApiId, resourceId: failing, httpMethod: 'GET' }))
    const { latency: _, ...rest } = recordedShape(answer)
    const { latency: __, ...expected } = invoke('test_failed_invoke_test_method')['test-invoke-failure']
    assertRecordedOutput(new RecordingMatcher(), rest, expected, 'test-invoke-failure')
  })

  it('a Lambda proxy method: the event names the test stage, domain, source IP and API key, the log shows the endpoint (sample event: powertools-ts/apigw-rest/console-test-ui.json)', async () => {
    const answer = await send(new TestInvokeMethodCommand({
      restApiId, resourceId: lambda, httpMethod: 'POST', pathWithQueryString: '/lambda?queryTest=value',
      headers: { 'content-type': 'application/json' }, body: '{"test": "val123"}', stageVariables: { color: 'blue' },
    }))
    assert.equal(answer.status, 200)
    const event = JSON.parse(answer.body!)
    const console = sampleEvent('powertools-ts/apigw-rest/console-test-ui.json').requestContext
    for (const key of ['stage', 'domainName', 'domainPrefix']) assert.equal(event.requestContext[key], console[key], key)
    for (const key of ['sourceIp', 'apiKey', 'apiKeyId']) assert.equal(event.requestContext.identity[key], console.identity[key], key)
    assert.equal(event.requestContext.path, '/lambda', 'no stage in a test\'s path')
    assert.deepEqual(event.stageVariables, { color: 'blue' })
    assert.deepEqual(event.queryStringParameters, { queryTest: 'value' })
    assert.equal(event.body, '{"test": "val123"}')
    assert.match(answer.headers!['X-Amzn-Trace-Id'], /^Root=1-/)
    const lines = answer.log!.split('\n').map((line) => line.replace(/^.{28} : /, ''))
    // The lines and their order as recorded: test_apigateway_basic > test_apigw_test_invoke_method_api > test_invoke_method_response_with_body.
    const recorded = Object.values(recording('test_apigateway_basic', 'TestAPIGateway::test_apigw_test_invoke_method_api').test_invoke_method_response_with_body.log as Record<string, string>)
      .map((line) => line.replace(/^DDD MMM dd hh:mm:ss UTC yyyy : /, '').replace(/[:{ ].*$/, ''))
    assert.deepEqual(lines.map((line) => line.replace(/[:{ ].*$/, '')), recorded)
    assert.ok(lines.includes('Method request query string: {queryTest=value}'))
    assert.ok(lines.includes('Method request headers: {content-type=application/json}'))
    assert.ok(lines.includes('Endpoint request URI: https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:echo/invocations'))
    assert.ok(lines.some((line) => /^Received response\. Status: 200, Integration latency: \d+ ms$/.test(line)))
  })
})
