import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readLambdaAuthorizerOutput } from './lambda-authorizer-output.ts'

const policyDocument = { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }] }

describe('reading a Lambda authorizer output (developer guide, "Output from an API Gateway Lambda authorizer")', () => {
  it('takes the documented shape: context values stringified, usageIdentifierKey kept (sample event: lambda-go/apigw-custom-auth-response.json)', () => {
    const output = readLambdaAuthorizerOutput({
      principalId: 'user', policyDocument, context: { stringKey: 'value', numberKey: 1, booleanKey: true }, usageIdentifierKey: 'k'.repeat(20),
    })
    assert.ok(output !== undefined)
    assert.equal(output.principalId, 'user')
    assert.deepEqual(output.context, { stringKey: 'value', numberKey: '1', booleanKey: 'true' })
    assert.equal(output.usageIdentifierKey, 'k'.repeat(20))
    assert.equal(output.statements.length, 1)
  })

  it('Statement, Action and Resource may be single values or lists', () => {
    const single = readLambdaAuthorizerOutput({ principalId: 'u', policyDocument: { Statement: { Action: ['execute-api:Invoke'], Effect: 'Deny', Resource: ['a', 'b'] } } })
    assert.equal(single?.statements[0].effect, 'Deny')
    assert.equal(single?.statements[0].resources.length, 2)
  })

  it('refuses what AWS refuses: no principalId, no policy, a bad Effect, objects or arrays in context', () => {
    for (const bad of [
      undefined, 'Allow', [], { policyDocument }, { principalId: 'u' }, { principalId: 'u', policyDocument: {} },
      { principalId: 'u', policyDocument: { Statement: [{ Action: 'execute-api:Invoke', Effect: 'allow', Resource: '*' }] } },
      { principalId: 'u', policyDocument: { Statement: [{ Effect: 'Allow', Resource: '*' }] } },
      { principalId: 'u', policyDocument, context: { nested: { a: 1 } } },
      { principalId: 'u', policyDocument, context: { list: [1] } },
      { principalId: 'u', policyDocument, context: 'text' },
      { principalId: 'u', policyDocument, usageIdentifierKey: 5 },
    ]) {
      assert.equal(readLambdaAuthorizerOutput(bad), undefined, JSON.stringify(bad))
    }
  })
})
