import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { recording } from '../../helpers/recordings.ts'
import { buildRestApi } from '../../helpers/rest-api-builder.ts'

/**
 * AWS (non-proxy) integrations with Lambda, through the functions host: the rendered request
 * template is the event, the function's result goes through Integration Response, and a function
 * error's `errorMessage` selects the integration response by `selectionPattern` (developer guide,
 * "Handle Lambda errors in API Gateway"; [LS test_apigateway_lambda > test_lambda_selection_patterns]).
 */
const SELECTION_RECORDED = recording('test_apigateway_lambda', 'test_lambda_selection_patterns')
const AWS_INTEGRATION_RECORDED = recording('test_apigateway_lambda', 'test_lambda_aws_integration')

const HANDLERS = 'test/fixtures/functions/lambda/non-proxy'
const lambdaUri = (name: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${name}/invocations`

describe('AWS integration (non-proxy Lambda)', () => {
  let gw: TestGateway
  let backend: EchoBackend
  let url: string

  before(async () => {
    backend = await startEchoBackend()
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        echo: { handler: `${HANDLERS}.echo` },
        selectPattern: { handler: `${HANDLERS}.selectPattern` },
        multiLineError: { handler: `${HANDLERS}.multiLineError` },
        notify: { handler: `${HANDLERS}.notify` },
        neverSettles: { handler: 'test/fixtures/functions/lambda/failures.neverSettles', timeout: 0.2 },
      },
    })
    const restApiId = await buildRestApi(gw, {
      name: 'aws-integration',
      variables: { fn: 'echo' },
      methods: [
        {
          path: 'echo',
          httpMethod: 'POST',
          integration: {
            type: 'AWS',
            integrationHttpMethod: 'POST',
            uri: lambdaUri('echo'),
            requestTemplates: {
              'application/json': '{"name": "$input.path(\'$.name\')", "query": "$input.params(\'q\')", "stage": "$context.stage"}',
            },
          },
          responses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"greeting": "Hello, $input.path(\'$.received.name\')!", "event": $input.json(\'$.received\')}' } }],
        },
        {
          path: 'passthrough',
          httpMethod: 'POST',
          // The function named by a stage variable, as AWS substitutes it per stage.
          integration: { type: 'AWS', integrationHttpMethod: 'POST', uri: lambdaUri('${stageVariables.fn}') },
          responses: [{ statusCode: '200' }],
        },
        {
          path: 'select/{statusCode}',
          httpMethod: 'GET',
          // As [LS test_apigateway_lambda > test_lambda_selection_patterns] configures it.
          integration: {
            type: 'AWS', integrationHttpMethod: 'POST', uri: lambdaUri('selectPattern'),
            requestTemplates: { 'application/json': '{"statusCode": "$input.params(\'statusCode\')"}' },
          },
          responses: [{ statusCode: '200' }, { statusCode: '405', selectionPattern: '.*400.*' }, { statusCode: '502', selectionPattern: '.*5\\d\\d.*' }],
        },
        {
          path: 'multi-line/{kind}',
          httpMethod: 'GET',
          integration: {
            type: 'AWS', integrationHttpMethod: 'POST', uri: lambdaUri('multiLineError'),
            requestTemplates: { 'application/json': '{"kind": "$input.params(\'kind\')"}' },
          },
          responses: [
            { statusCode: '200' },
            // `.` does not cross a line break: on a multi-line message this one can never match...
            { statusCode: '418', selectionPattern: '\\[BadRequest\\] teapot.*' },
            // ... while these match the whole message, as AWS recommends for multi-line errors.
            { statusCode: '400', selectionPattern: '\\[BadRequest\\] body(\\n|.)+' },
            { statusCode: '422', selectionPattern: '(?s)\\[BadRequest\\] query.*' },
          ],
        },
        {
          path: 'timeout',
          httpMethod: 'GET',
          integration: { type: 'AWS', integrationHttpMethod: 'POST', uri: lambdaUri('neverSettles') },
          // Lambda's own timeout is a function error like any other (developer guide, "Handle standard Lambda errors").
          responses: [{ statusCode: '200' }, { statusCode: '504', selectionPattern: '.*Task timed out.*', responseTemplates: { 'application/json': '{"error": "timed out"}' } }],
        },
        {
          path: 'no-default',
          httpMethod: 'GET',
          integration: { type: 'AWS', integrationHttpMethod: 'POST', uri: lambdaUri('selectPattern') },
          responses: [{ statusCode: '400', selectionPattern: '.*400.*' }],
        },
        {
          path: 'async',
          httpMethod: 'POST',
          integration: {
            type: 'AWS', integrationHttpMethod: 'POST', uri: lambdaUri('notify'),
            requestParameters: { 'integration.request.header.X-Amz-Invocation-Type': "'Event'" },
            requestTemplates: { 'application/json': `{"notifyUrl": "${backend.origin}/notified", "sent": $input.json('$')}` },
          },
          responses: [{ statusCode: '200' }],
        },
        {
          path: 'unknown-async',
          httpMethod: 'POST',
          integration: {
            type: 'AWS', integrationHttpMethod: 'POST', uri: lambdaUri('noSuchFunction'),
            requestParameters: { 'integration.request.header.X-Amz-Invocation-Type': "'Event'" },
          },
          responses: [{ statusCode: '200' }],
        },
        {
          path: 'unknown',
          httpMethod: 'GET',
          integration: { type: 'AWS', integrationHttpMethod: 'POST', uri: lambdaUri('noSuchFunction') },
          responses: [{ statusCode: '200' }],
        },
      ],
    })
    url = gw.stageUrl(restApiId, 'test')
  })
  after(async () => {
    await gw.close()
    await backend.close()
  })

  const post = (path: string, body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }): Promise<Response> =>
    fetch(`${url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })

  it('the rendered request template is the event and the result goes through the response template', async () => {
    const res = await post('/echo?q=search', { name: 'Ann', ignored: true })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'application/json')
    assert.deepEqual(await res.json(), { greeting: 'Hello, Ann!', event: { name: 'Ann', query: 'search', stage: 'test' } })
  })

  it('without a template the request body is the event and the result the body [LS test_apigateway_lambda > test_lambda_aws_integration > lambda-aws-integration]', async () => {
    const recorded = AWS_INTEGRATION_RECORDED['lambda-aws-integration']
    const res = await post('/passthrough', recorded)
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { received: recorded })
    const empty = await post('/passthrough', '', {})
    assert.deepEqual(await empty.json(), { received: {} }, 'an empty body is the event {}')
  })

  it('a mapped body that is not JSON never reaches the function: Lambda refuses it, the client gets 500', async () => {
    const res = await post('/passthrough', 'plain words', { 'Content-Type': 'text/plain' })
    assert.equal(res.status, 500)
    assert.deepEqual(await res.json(), { message: 'Internal server error' })
  })

  it('matches selectionPattern against errorMessage; a success takes the default response [LS test_apigateway_lambda > test_lambda_selection_patterns]', async () => {
    const expected: Record<string, number> = { 200: 200, 400: 405, 500: 502 }
    for (const [code, status] of Object.entries(expected)) {
      const res = await fetch(`${url}/select/${code}`)
      assert.equal(res.status, status, code)
      const body = await res.json() as any
      const recorded = SELECTION_RECORDED[`lambda-selection-pattern-${code}`]
      if (typeof recorded === 'string') {
        assert.equal(body, recorded)
        continue
      }
      // No response template: the client gets Lambda's error object, here as the Node runtime writes it.
      // The recording spells the numbers out ("Raising four hundred"), yet the function it ran raises
      // "Raising 400" (LocalStack's lambda_select_pattern.py), which `.*400.*` → 405 needs.
      assert.equal(body.errorMessage, recorded.errorMessage.replace('four hundred', '400').replace('five hundred', '500'))
      assert.equal(body.errorType, 'Error')
      assert.ok(Array.isArray(body.trace))
    }
  })

  it('a selectionPattern must match the whole multi-line errorMessage, as Java\'s String.matches does', async () => {
    const teapot = await fetch(`${url}/multi-line/teapot`)
    assert.equal(teapot.status, 200, '".*" stops at the first line break, so no pattern matches: the default response')
    assert.equal((await teapot.json() as any).errorMessage, '[BadRequest] teapot is invalid\nfield: name\nreason: missing')
    const body = await fetch(`${url}/multi-line/body`)
    assert.equal(body.status, 400)
    const query = await fetch(`${url}/multi-line/query`)
    assert.equal(query.status, 422, '(?s) lets "." cross line breaks')
  })

  it('the function\'s own timeout is a function error a selectionPattern can map', async () => {
    const res = await fetch(`${url}/timeout`)
    assert.equal(res.status, 504)
    assert.deepEqual(await res.json(), { error: 'timed out' })
  })

  it('a Lambda error that matches nothing, without a default response, is AWS\'s 500', async () => {
    const res = await fetch(`${url}/no-default`)
    assert.equal(res.status, 500)
    assert.deepEqual(await res.json(), { message: 'Internal server error' })
    assert.equal(res.headers.get('x-amzn-errortype'), 'InternalServerErrorException')
  })

  it('X-Amz-Invocation-Type \'Event\' invokes asynchronously: 200 with an empty body at once, the function runs later', async () => {
    const arrival = backend.nextRequest()
    const res = await post('/async', { order: 7 })
    assert.equal(res.status, 200)
    assert.equal(await res.text(), '')
    const notified = await arrival
    assert.equal(notified.url, '/notified')
    assert.deepEqual(JSON.parse(notified.body.toString()).sent, { order: 7 })
  })

  it('an unknown function is 500 Internal server error, called synchronously or asynchronously', async () => {
    const res = await fetch(`${url}/unknown`)
    assert.equal(res.status, 500)
    assert.deepEqual(await res.json(), { message: 'Internal server error' })
    const async = await post('/unknown-async', { any: 'thing' })
    assert.equal(async.status, 500)
    assert.deepEqual(await async.json(), { message: 'Internal server error' })
  })
})
