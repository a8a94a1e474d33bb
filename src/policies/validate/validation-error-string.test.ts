import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createDraft04Ajv } from './draft-04.ts'
import { validationErrorString } from './validation-error-string.ts'

function errorString(schema: object, data: unknown): string {
  const validate = createDraft04Ajv().compile(schema)
  assert.equal(validate(data), false)
  return JSON.parse(`"${validationErrorString(validate.errors ?? [])}"`)
}

describe('validationErrorString', () => {
  it('gathers missing and extra properties into one message each, sorted', () => {
    assert.equal(errorString({ required: ['enumField', 'arrayField'] }, {}), '[object has missing required properties (["arrayField","enumField"])]')
    assert.equal(errorString({ properties: { a: {} }, additionalProperties: false }, { c: 1, b: 2 }),
      '[object instance has properties which are not allowed by the schema: ["b","c"]]')
  })

  it('words type, bounds and lengths like the Java validator', () => {
    assert.equal(errorString({ type: 'object' }, 'x'), '[instance type (string) does not match any allowed primitive type (allowed: ["object"])]')
    assert.equal(errorString({ type: 'string' }, 3), '[instance type (integer) does not match any allowed primitive type (allowed: ["string"])]')
    assert.equal(errorString({ minimum: 18 }, 5), '[numeric instance is lower than the required minimum (minimum: 18, found: 5)]')
    assert.equal(errorString({ maxLength: 3 }, 'abcd'), '[string "abcd" is too long (length: 4, maximum allowed: 3)]')
    assert.equal(errorString({ minItems: 2 }, [1]), '[array is too short: must have at least 2 elements but instance has 1 elements]')
  })

  it('lists several failures like a Java list', () => {
    assert.equal(errorString({ properties: { a: { type: 'string' }, b: { type: 'number' } } }, { a: 1, b: 'x' }),
      '[instance type (integer) does not match any allowed primitive type (allowed: ["string"]), instance type (string) does not match any allowed primitive type (allowed: ["number"])]')
  })

  it('reports a failed oneOf once, not what failed in each branch', () => {
    const schema = { properties: { s: { oneOf: [{ type: 'null' }, { required: ['x'] }] } } }
    assert.equal(errorString(schema, { s: {} }), '[instance failed to match exactly one schema (matched 0 out of 2)]')
  })

  it('JSON-escapes the result so it fits inside a JSON string', () => {
    const validate = createDraft04Ajv().compile({ enum: ['a'] })
    validate('x')
    assert.equal(validationErrorString(validate.errors ?? []), '[instance value (\\"x\\") not found in enum (possible values: [\\"a\\"])]')
  })
})
