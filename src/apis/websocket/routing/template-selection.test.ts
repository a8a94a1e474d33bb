import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileTemplateSelection } from './template-selection.ts'

// Developer guide, "Setting up data transformations for WebSocket APIs", "Template selection expressions".
describe('compileTemplateSelection', () => {
  const response = { statusCode: 404, headers: [['X-Kind', 'a'], ['x-kind', 'b']] as [string, string][] }

  it('reads ${request.body.x}, composed with text; an absent path is ""', () => {
    assert.equal(compileTemplateSelection('${request.body.kind}')({ message: '{"kind":"greeting"}' }), 'greeting')
    assert.equal(compileTemplateSelection('v-${request.body.a.b}-${request.body.none}')({ message: '{"a":{"b":2}}' }), 'v-2-')
    assert.equal(compileTemplateSelection('$request.body.kind')({ message: 'not json' }), '')
  })

  it('reads the integration response: status code, last header value, every header value', () => {
    assert.equal(compileTemplateSelection('${integration.response.statuscode}')({ message: '', response }), '404')
    assert.equal(compileTemplateSelection('${integration.response.header.x-kind}')({ message: '', response }), 'b')
    assert.equal(compileTemplateSelection('${integration.response.multivalueheader.X-KIND}')({ message: '', response }), 'a,b')
  })

  it('takes \\$default and static text literally, and an unknown variable as ""', () => {
    assert.equal(compileTemplateSelection('\\$default')({ message: '{}' }), '$default')
    assert.equal(compileTemplateSelection('application/json')({ message: '{}' }), 'application/json')
    assert.equal(compileTemplateSelection('${context.connectionId}')({ message: '{}' }), '')
  })

  it('hostile messages: deep JSON, prototype names and huge text select nothing unexpected', () => {
    const select = compileTemplateSelection('${request.body.constructor}|${request.body.__proto__}')
    assert.equal(select({ message: '{}' }), '|')
    assert.equal(select({ message: '['.repeat(100_000) }), '|')
    assert.equal(compileTemplateSelection('${request.body.k}')({ message: JSON.stringify({ k: 'x'.repeat(1_000_000) }) }).length, 1_000_000)
  })
})
