import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManagementError } from '../../core/management-error.ts'
import { input, readInput } from './members.ts'

const CREATE_THING = input('createThingInput', {
  name: { type: 'string', required: true, length: { max: 5 } },
  kind: { type: 'string', enum: ['A', 'B'] },
  config: { type: 'object', members: { types: { type: 'string-list', enum: ['X', 'Y'] }, size: { type: 'integer', range: { min: 0 } } } },
  code: { type: 'string', pattern: '[1-5]\\d\\d' },
  enabled: { type: 'boolean', default: false },
  labels: { type: 'string-list', default: [] },
  templates: { type: 'string-map', nullValues: true },
  Renamed: { type: 'string', wire: 'renamed' },
})

function refusal(body: Record<string, unknown>): [string, string] {
  try {
    readInput(body, CREATE_THING)
  } catch (error) {
    assert.ok(error instanceof ManagementError)
    return [error.code, error.message]
  }
  assert.fail('read without a refusal')
}

describe('readInput', () => {
  it('reads typed members, with defaults for absent ones (copied, never shared) and wire names', () => {
    const read = readInput({ name: 'n', kind: 'B', config: { types: ['X'] }, templates: { 'a/b': null }, renamed: 'r' }, CREATE_THING)
    assert.deepEqual(read, { name: 'n', kind: 'B', config: { types: ['X'] }, templates: { 'a/b': null }, Renamed: 'r', enabled: false, labels: [] })
    read.labels.push('changed')
    assert.deepEqual(readInput({ name: 'n' }, CREATE_THING).labels, [])
  })

  it('refuses a member of the wrong JSON type with Coral\'s SerializationException, before any constraint', () => {
    assert.deepEqual(refusal({ enabled: 'yes' }), ['SerializationException', 'class java.lang.String can not be converted to an Boolean'])
    assert.deepEqual(refusal({ name: 'n', config: { size: '1' } }), ['SerializationException', 'class java.lang.String can not be converted to an Integer'])
    assert.deepEqual(refusal({ name: 'n', templates: { a: 1 } }), ['SerializationException', 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String'])
  })

  it('reports every constraint failure together, in declaration order, named as Coral names them', () => {
    assert.deepEqual(refusal({ kind: 'C', config: { types: ['X', 'Z'], size: -1 }, code: '600' }), ['ValidationException',
      "5 validation errors detected: Value null at 'createThingInput.name' failed to satisfy constraint: Member must not be null; " +
      "Value 'C' at 'createThingInput.kind' failed to satisfy constraint: Member must satisfy enum value set: [A, B]; " +
      "Value '[X, Z]' at 'createThingInput.config.types' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [X, Y]]; " +
      "Value '-1' at 'createThingInput.config.size' failed to satisfy constraint: Member must have value greater than or equal to 0; " +
      "Value '600' at 'createThingInput.code' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d"])
    assert.deepEqual(refusal({ name: 'toolong' }), ['ValidationException',
      "1 validation error detected: Value 'toolong' at 'createThingInput.name' failed to satisfy constraint: Member must have length less than or equal to 5"])
  })

  it('takes null as absent, as Coral does', () => {
    assert.deepEqual(refusal({ name: null }), ['ValidationException',
      "1 validation error detected: Value null at 'createThingInput.name' failed to satisfy constraint: Member must not be null"])
    assert.equal(readInput({ name: 'n', kind: null }, CREATE_THING).kind, undefined)
  })
})
