import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileTemplate } from '../../src/vtl/compile-template.ts'
import { recording } from '../helpers/recordings.ts'

/**
 * [LS test_apigateway_canary > test_invoking_canary_deployment]: a MOCK response
 * template reading `$stageVariables` and `$context.isCanaryRequest`. Merging the canary's
 * `stageVariableOverrides` over the stage variables is the data plane's job; here the engine gets
 * the merged variables and must render the recorded body. The template is ours.
 */
const recorded = recording('test_apigateway_canary', 'TestCanaryDeployments::test_invoking_canary_deployment')

const TEMPLATE = `{
  "statusCode": 200,
  "message": "$message",
  "variable": "$stageVariables.testVar",
  "nonExistingDefault": "$stageVariables.noStageVar",
  "nonOverridden": "$stageVariables.defaultVar",
  "isCanary": "$context.isCanaryRequest"
}`

const render = (message: string, stageVariables: Record<string, string>, isCanaryRequest: boolean): unknown =>
  JSON.parse(compileTemplate(`#set($message = "${message}")\n${TEMPLATE}`).render({
    body: '',
    params: { path: {}, querystring: {}, header: {} },
    context: { isCanaryRequest },
    stageVariables,
  }).body)

describe('parity: $stageVariables (LS test_apigateway_canary > test_invoking_canary_deployment)', () => {
  const stage = recorded['update-stage']

  it('response-deployment-1: stage variables, an undefined one as "", isCanaryRequest false', () => {
    assert.deepEqual(render('default deployment', stage.variables, false), recorded['response-deployment-1'])
  })

  it('response-canary-deployment: canary overrides merged over the stage variables, isCanaryRequest true', () => {
    const merged = { ...stage.variables, ...stage.canarySettings.stageVariableOverrides }
    assert.deepEqual(render('canary deployment', merged, true), recorded['response-canary-deployment'])
  })
})
