import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileSubstitutionTemplate } from './substitution-template.ts'

describe('compileSubstitutionTemplate (gateway response templates)', () => {
  const variables = {
    context: { stage: 'prod', error: { messageString: '"Missing Authentication Token"', responseType: 'MISSING_AUTHENTICATION_TOKEN' } },
    stageVariables: { team: 'pets' },
  }
  it('renders the default template of every gateway response (recorded: test_apigateway_api > test_gateway_response_crud)', () => {
    assert.equal(compileSubstitutionTemplate('{"message":$context.error.messageString}').render(variables), '{"message":"Missing Authentication Token"}')
  })
  it('substitutes $context and $stageVariables, braced or not, and nothing else', () => {
    const template = compileSubstitutionTemplate('{"type":"$context.error.responseType","stage":"${context.stage}","team":"$stageVariables.team","x":"#if(1)$input.body#end","none":"$context.nothing.here"}')
    assert.equal(template.render(variables), '{"type":"MISSING_AUTHENTICATION_TOKEN","stage":"prod","team":"pets","x":"#if(1)$input.body#end","none":""}')
  })
})
