import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileTemplate, TemplateRenderError } from '../../src/vtl/compile-template.ts'
import type { TemplateInput } from '../../src/vtl/template-input.ts'
import { recording } from '../helpers/recordings.ts'

/**
 * MOCK integrations whose templates write `$context.requestOverride` / `$context.responseOverride`
 * ([LS test_apigateway_integrations > test_integration_mock_with_*]). The request template's overrides
 * reach the response template through `contextOverrides`, as the data plane passes them. The
 * templates are ours, rebuilt from what the recorded responses show (LocalStack's test source is not
 * among the recordings).
 */
const recorded = (test: string): Record<string, any> => recording('test_apigateway_integrations', test)

const input = (body: string, context: Record<string, unknown> = {}): TemplateInput => ({
  body,
  params: { path: {}, querystring: {}, header: {} },
  context,
  stageVariables: {},
})

/** Request template, then response template with the request template's overrides in `$context`. */
function invokeMock(requestTemplate: string, responseTemplate: string | undefined, clientBody: string) {
  const request = compileTemplate(requestTemplate).render(input(clientBody))
  const response = responseTemplate === undefined ? undefined : compileTemplate(responseTemplate).render(input(request.body, { ...request.contextOverrides }))
  return { request, response }
}

const OVERRIDING_REQUEST_TEMPLATE = `#set($context.responseOverride.status = 444)
#set($context.responseOverride.header.foo = "bar")
#set($context.responseOverride.custom = "is also passed around")
{"statusCode": 200}`

describe('parity: overrides in MOCK templates (LS test_apigateway_integrations)', () => {
  it('test_integration_mock_with_response_override_in_request_template[True] > response: status 444, values readable in the response template', () => {
    const expected = recorded('test_integration_mock_with_response_override_in_request_template[True]').response
    const { request, response } = invokeMock(
      OVERRIDING_REQUEST_TEMPLATE,
      '{"statusOverride": "$context.responseOverride.status", "fooHeader": "$context.responseOverride.header.foo", "custom": "$context.responseOverride.custom"}',
      '',
    )
    assert.equal(request.responseOverride.status, expected.status_code)
    assert.deepEqual(request.responseOverride.header, { foo: 'bar' })
    assert.deepEqual(JSON.parse(response!.body), expected.body)
  })

  it('test_integration_mock_with_response_override_in_request_template[False] > response: status 444 without a response template', () => {
    const expected = recorded('test_integration_mock_with_response_override_in_request_template[False]').response
    const { request } = invokeMock(OVERRIDING_REQUEST_TEMPLATE, undefined, '')
    assert.equal(request.responseOverride.status, expected.status_code)
    // With no response template the data plane sends an empty body (recorded b'').
    assert.equal(expected.body, "b''")
  })

  it('test_integration_mock_with_request_overrides_in_response_template > invoke-path1/2/else', () => {
    const content = recorded('test_integration_mock_with_request_overrides_in_response_template')
    const requestTemplate = `#set($body = $util.parseJson($util.base64Decode($input.path('$.data'))))
#set($context.requestOverride.path.body = $body.path)
{"statusCode": 200}`
    const responseTemplate = `#set($path = $context.requestOverride.path.body)
{"response": "#if($path == 'path1')path was path one#elseif($path == 'path2')path was path two#{else}this is the else clause#end"}`
    const cases: [string, string][] = [['invoke-path1', 'path1'], ['invoke-path2', 'path2'], ['invoke-path-else', 'other']]
    for (const [key, path] of cases) {
      const data = Buffer.from(JSON.stringify({ path })).toString('base64')
      const { response } = invokeMock(requestTemplate, responseTemplate, JSON.stringify({ data }))
      assert.deepEqual(JSON.parse(response!.body), content[key], key)
    }
  })

  it('test_integration_mock_with_vtl_map_assignation > response: every map write form', () => {
    const expected = recorded('test_integration_mock_with_vtl_map_assignation').response
    const requestTemplate = `#set($paramName = "foo")
#set($context.requestOverride.querystring[$paramName] = "bar")
$context.requestOverride.querystring.put("putfoo", "putBar")
#set($context["requestOverride"].querystring["nestedfoo"] = "nestedFoo")
{"statusCode": 200}`
    const responseTemplate = '{"value": "$context.requestOverride.querystring.foo", "value2": "$context.requestOverride.querystring.putfoo", "value3": "$context.requestOverride.querystring.nestedfoo"}'
    const { request, response } = invokeMock(requestTemplate, responseTemplate, '')
    assert.deepEqual(request.requestOverride.querystring, { foo: 'bar', putfoo: 'putBar', nestedfoo: 'nestedFoo' })
    assert.equal(request.responseOverride.status ?? 200, expected.status_code)
    assert.deepEqual(JSON.parse(response!.body), expected.body)
  })

  it('refuses a second write of the same override (developer guide: "may only be written ... once"; 5XX)', () => {
    const template = compileTemplate('#set($context.responseOverride.status = 400)#set($context.responseOverride.status = 401)')
    assert.throws(() => template.render(input('')), (e: unknown) => e instanceof TemplateRenderError && e.reason === 'DUPLICATE_OVERRIDE')
    const header = compileTemplate('#set($context.requestOverride.header.x = "1")$context.requestOverride.header.put("x", "2")')
    assert.throws(() => header.render(input('')), (e: unknown) => e instanceof TemplateRenderError && e.reason === 'DUPLICATE_OVERRIDE')
  })
})
