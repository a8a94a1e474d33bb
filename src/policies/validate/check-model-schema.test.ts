import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkModelSchema, EMPTY_MODEL_SCHEMA, invalidModelMessage, referencedModelNames } from './check-model-schema.ts'
import { modelUrl, parseModelReference } from './model-reference.ts'

const context = (otherModels: Record<string, string> = {}) => ({ restApiId: 'api1', modelName: 'Pet', otherModels: new Map(Object.entries(otherModels)) })
const check = (schema: unknown, otherModels?: Record<string, string>) =>
  checkModelSchema(typeof schema === 'string' ? schema : JSON.stringify(schema), context(otherModels))
const INVALID = 'Invalid model schema specified'

describe('checkModelSchema (CreateModel/UpdateModel)', () => {
  it('accepts the schemas of the recordings (LS test_model_lifecycle, ..._with_ref_one_ofmodels)', () => {
    assert.equal(check({
      title: 'Calc output', type: 'object',
      properties: { a: { type: 'number' }, op: { description: 'operation of +, -, * or /', type: 'string' } }, required: ['a', 'op'],
    }), undefined)
    assert.equal(check({ $schema: 'http://json-schema.org/draft-04/schema#', title: 'Empty Schema', type: 'object' }), undefined)
    const status = JSON.stringify({ type: 'object', properties: { Status: { type: 'string' } } })
    assert.equal(check({
      type: 'object', properties: { status: { oneOf: [{ type: 'null' }, { $ref: modelUrl('api1', 'StatusModel') }] } }, required: ['status'],
    }, { StatusModel: status }), undefined)
  })

  it('refuses text that is not a JSON object, and an empty object', () => {
    assert.equal(check('{"type": "object"'), invalidModelMessage([INVALID]))
    assert.equal(check('[1]'), invalidModelMessage([INVALID]))
    assert.equal(check('{}'), EMPTY_MODEL_SCHEMA)
  })

  it('refuses what the draft-4 meta-schema refuses, one entry per keyword', () => {
    assert.equal(check({ type: 'Object' }), invalidModelMessage([INVALID]))
    assert.equal(check({ type: 'object', properties: { a: { type: 'string', minLength: '1', maxLength: '5' } } }), invalidModelMessage([INVALID, INVALID]))
    assert.equal(check({ type: 'object', required: [] }), invalidModelMessage([INVALID]))
  })

  it('refuses keywords draft 4 does not have, wherever a schema sits', () => {
    assert.equal(
      check({ type: 'object', properties: { updatedOn: { type: 'string', example: 'x' } } }),
      `Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified. Unsupported keyword(s): ["example"]]`,
    )
    assert.equal(check({ type: 'object', nullable: true, discriminator: 'x' }), invalidModelMessage([`${INVALID}. Unsupported keyword(s): ["discriminator","nullable"]`]))
    // Property names are not keywords.
    assert.equal(check({ type: 'object', properties: { example: { type: 'string' } } }), undefined)
  })

  it('accepts $ref to a model of the same API, or to itself; refuses others', () => {
    assert.equal(check({ type: 'array', items: { $ref: modelUrl('api1', 'Tag') } }, { Tag: '{"type": "string"}' }), undefined)
    assert.equal(check({ type: 'object', properties: { next: { $ref: modelUrl('api1', 'Pet') } } }), undefined)
    assert.equal(check({ type: 'object', definitions: { a: { type: 'string' } }, properties: { a: { $ref: '#/definitions/a' } } }), undefined)
    assert.equal(
      check({ type: 'array', items: { $ref: modelUrl('api1', 'Missing') } }),
      invalidModelMessage([INVALID, `Referenced model does not exist: ${modelUrl('api1', 'Missing')}`]),
    )
    assert.equal(check({ type: 'array', items: { $ref: modelUrl('other', 'Tag') } }, { Tag: '{"type": "string"}' })?.includes('Referenced model does not exist'), true)
    assert.equal(check({ type: 'array', items: { $ref: 'Tag' } }), invalidModelMessage([INVALID, 'Model reference must be in canonical form']))
  })

  it('refuses what only compiling finds: a local $ref to nothing, a pattern that is no regex', () => {
    assert.equal(check({ type: 'object', properties: { a: { $ref: '#/definitions/nothing' } } }), invalidModelMessage([INVALID]))
    assert.equal(check({ type: 'string', pattern: '([a-z' }), invalidModelMessage([INVALID]))
  })

  it('accepts Java-style patterns JavaScript only refuses under the u flag', () => {
    assert.equal(check({ type: 'string', pattern: '^[a-z\\-]+$' }), undefined)
  })
})

describe('model references', () => {
  it('parses the canonical form, with or without a fragment', () => {
    assert.deepEqual(parseModelReference(modelUrl('abc', 'Pet')), { restApiId: 'abc', modelName: 'Pet' })
    assert.deepEqual(parseModelReference(`${modelUrl('abc', 'Pet')}#/definitions/x`), { restApiId: 'abc', modelName: 'Pet' })
    assert.equal(parseModelReference('https://example.com/models/Pet'), undefined)
  })

  it('lists the models a schema refers to in its API', () => {
    const schema = JSON.stringify({ oneOf: [{ $ref: modelUrl('api1', 'A') }, { items: { $ref: modelUrl('api1', 'B') } }, { $ref: modelUrl('x', 'C') }] })
    assert.deepEqual([...referencedModelNames(schema, 'api1')].sort(), ['A', 'B'])
    assert.deepEqual([...referencedModelNames('not json', 'api1')], [])
  })
})
