import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileHttpApiExpression, type HttpApiExpressionSources } from './http-api-expression.ts'

const withBody = (body: string): HttpApiExpressionSources => ({ body: Buffer.from(body) }) as HttpApiExpressionSources

describe('$request.body.* in HTTP API parameter mapping, against a hostile body', () => {
  it('reads only the body\'s own members: inherited ones (constructor, __proto__, toString) read as nothing', () => {
    for (const path of ['constructor', '__proto__', 'toString', 'a.constructor', 'a.hasOwnProperty']) {
      assert.equal(compileHttpApiExpression(`$request.body.${path}`)(withBody('{"a": {}}')), undefined, path)
    }
  })

  it('still reads what the body itself holds', () => {
    assert.equal(compileHttpApiExpression('$request.body.a.b')(withBody('{"a": {"b": "x"}}')), 'x')
    assert.equal(compileHttpApiExpression('$request.body.constructor')(withBody('{"constructor": "own"}')), 'own')
  })
})
