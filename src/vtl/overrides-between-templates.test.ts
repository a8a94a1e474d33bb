import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileTemplate } from './compile-template.ts'
import type { TemplateInput } from './template-input.ts'

const input = (body: string, context: Record<string, unknown>): TemplateInput =>
  ({ body, context, params: { path: {}, querystring: {}, header: {} }, stageVariables: {} })

/**
 * What a request template writes to `$context.*Override` is what the response template starts from
 * (recorded: test_apigateway_integrations > test_integration_mock_with_request_overrides_in_response_template). A response template that never names `$context` (rendered without building it) must
 * hand those overrides on unchanged, exactly as one that reads them does.
 */
describe('overrides carried from the request template to the response template', () => {
  const request = compileTemplate(
    '#set($context.responseOverride.status = 444)#set($context.responseOverride.header.foo = "bar")'
    + '#set($context.requestOverride.header.X-Up = "1"){"statusCode": 200}',
  )
  const rendered = request.render(input('', { requestId: 'r-1' }))

  it('a response template that reads $context sees them and keeps them', () => {
    const reading = compileTemplate('$context.responseOverride.status $context.requestOverride.header.X-Up').render(input('{}', { requestId: 'r-1', ...rendered.contextOverrides }))
    assert.equal(reading.body, '444 1')
    assert.deepEqual(reading.responseOverride, { header: { foo: 'bar' }, status: 444 })
    assert.deepEqual(reading.requestOverride, { header: { 'X-Up': '1' }, querystring: {}, path: {} })
  })

  it('a response template that never names $context keeps them too', () => {
    const plain = compileTemplate('{"ok": true}').render(input('{}', { requestId: 'r-1', ...rendered.contextOverrides }))
    assert.equal(plain.body, '{"ok": true}')
    assert.deepEqual(plain.responseOverride, { header: { foo: 'bar' }, status: 444 })
    assert.deepEqual(plain.requestOverride, { header: { 'X-Up': '1' }, querystring: {}, path: {} })
    assert.deepEqual(plain.contextOverrides, rendered.contextOverrides)
  })

  it('with nothing seeded, both kinds of template report empty overrides', () => {
    for (const source of ['{"ok": true}', '$context.requestId']) {
      const output = compileTemplate(source).render(input('{}', { requestId: 'r-2' }))
      assert.deepEqual(output.responseOverride, { header: {} })
      assert.deepEqual(output.requestOverride, { header: {}, querystring: {}, path: {} })
      assert.deepEqual(output.contextOverrides, { requestOverride: { path: {}, header: {}, querystring: {} }, responseOverride: { header: {} } })
    }
  })
})

/** Text alone is rendered once, when compiled; it must come out exactly as the interpreter renders it on every request. */
describe('a template of text alone', () => {
  const source = '{"statusCode": 200,\n  "note": "\\$input.body stays text"} ## a comment\n#* block *#tail\n'
  it('renders as the same text followed by a directive renders, whatever the request', () => {
    const interpreted = compileTemplate(`${source}#set($unused = 1)`).render(input('{"a": 1}', { requestId: 'r-3' })).body
    for (const body of ['{"a": 1}', '']) assert.equal(compileTemplate(source).render(input(body, { requestId: 'r-4' })).body, interpreted)
  })
})
