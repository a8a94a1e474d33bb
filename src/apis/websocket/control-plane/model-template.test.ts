import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileTemplate } from '../../../vtl/compile-template.ts'
import { modelTemplate } from './model-template.ts'

const render = (template: string, body: unknown): unknown =>
  JSON.parse(compileTemplate(template).render({ body: JSON.stringify(body), params: { path: {}, querystring: {}, header: {} }, context: {}, stageVariables: {} }).body)

describe('modelTemplate', () => {
  it('maps a model\'s members from the input: strings quoted, numbers and booleans bare, arrays and nested objects', () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' }, age: { type: 'integer' }, admin: { type: 'boolean' },
        address: { type: 'object', properties: { city: { type: 'string' } } },
        tags: { type: 'array', items: { type: 'string' } },
        pets: { type: 'array', items: { type: 'object', properties: { kind: { type: 'string' }, legs: { type: 'number' } } } },
        anything: { $ref: 'https://example/models/Other' },
      },
    }
    const template = modelTemplate(JSON.stringify(schema))
    assert.ok(template.startsWith("#set($inputRoot = $input.path('$'))\n{\n  \"name\" : \"$inputRoot.name\""))
    const input = { name: 'ada', age: 36, admin: true, address: { city: 'London' }, tags: ['a', 'b'], pets: [{ kind: 'cat', legs: 4 }], anything: { x: [1] } }
    assert.deepEqual(render(template, input), input)
  })

  it('hostile schemas: not JSON, deep nesting, odd member names and a top-level array give a template that parses', () => {
    let deep: Record<string, unknown> = { type: 'string' }
    for (let i = 0; i < 50; i++) deep = { type: 'object', properties: { a: deep } }
    for (const schema of ['{not json', JSON.stringify(deep), JSON.stringify({ type: 'object', properties: { 'x"}#end': { type: 'string' }, ok: { type: 'number' } } }), '{"type":"array","items":{"type":"integer"}}']) {
      assert.doesNotThrow(() => compileTemplate(modelTemplate(schema)), schema.slice(0, 40))
    }
    assert.deepEqual(render(modelTemplate('{"type":"array","items":{"type":"integer"}}'), [1, 2, 3]), [1, 2, 3])
  })
})
