import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileTemplate } from '../../src/vtl/compile-template.ts'
import type { TemplateInput } from '../../src/vtl/template-input.ts'
import { recording } from '../helpers/recordings.ts'

/**
 * Non-proxy Lambda integrations with mapping templates, from test_apigateway_lambda.snapshot.json.
 * The Lambda functions echo (or wrap) what they receive; only the template side is exercised here.
 */
const recorded = (test: string): Record<string, any> => recording('test_apigateway_lambda', test)

const input = (body: string, querystring: Record<string, string> = {}): TemplateInput => ({
  body,
  params: { path: {}, querystring, header: {} },
  context: {},
  stageVariables: {},
})

describe('parity: Lambda (AWS) integration templates (LS test_apigateway_lambda)', () => {
  it('test_lambda_aws_integration_with_request_template > lambda-aws-integration-1/2: $input.params from the query string', () => {
    const content = recorded('test_lambda_aws_integration_with_request_template')
    // The snapshot shows the template string parsed as JSON (README caveat 2); re-serialised it is the same template.
    const template = JSON.stringify(content['put-integration'].requestTemplates['application/json'])
    const echo = (querystring: Record<string, string>): unknown => JSON.parse(compileTemplate(template).render(input('', querystring)).body)
    assert.deepEqual(echo({ param1: 'foobar' }), content['lambda-aws-integration-1'])
    assert.deepEqual(echo({ param1: 'foobar', Signature: '1' }), content['lambda-aws-integration-2'])
  })

  it('test_lambda_aws_integration_response_with_mapping_templates > response-template-202/400: status set by the response template', () => {
    const content = recorded('test_lambda_aws_integration_response_with_mapping_templates')
    // Same logic as the recording's response template: pass the Lambda result through, pick the status from it.
    const template = compileTemplate(`#set($root = $input.path('$'))
$input.json("$")
#if($root.toString().contains("customerror"))
  #set($context.responseOverride.status = 400)
#else
  #set($context.responseOverride.status = 202)
#end
`)
    for (const key of ['response-template-202', 'response-template-400']) {
      const expected = content[key]
      const lambdaResult = JSON.stringify(expected.body)
      const output = template.render(input(lambdaResult))
      assert.equal(output.responseOverride.status, expected.statusCode, key)
      assert.deepEqual(JSON.parse(output.body), expected.body, key)
    }
  })
})
