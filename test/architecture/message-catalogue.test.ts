import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, it } from 'node:test'

const CONTROL_PLANE = resolve(import.meta.dirname, '../../src/apis/rest/control-plane')

/**
 * A ManagementError whose message is written where it is thrown: `badRequest('...')`,
 * `notFound(`...`)`, `conflict("...")`, `new ManagementError('Code', '...')` or
 * `validationError(['...'])`, the literal possibly on the next line.
 */
const INLINE_MESSAGE = /\b(?:badRequest|notFound|conflict|validationError\(\[|new ManagementError\(\s*'[A-Za-z]+',)\(?\s*['"`]/g

/**
 * Files whose texts have not moved to messages.ts yet. The list only shrinks: a file named here
 * that has no inline message any more fails the test too, so it is taken off when it is done.
 */
const NOT_YET_IN_CATALOGUE = new Set([
  'api-key-import.ts', 'api-key.ts', 'authorizer-rules.ts', 'cache-rules.ts', 'gateway-response.ts', 'integration-rules.ts',
  'integration.ts', 'lookups.ts', 'mapping-expression-rules.ts', 'method-response.ts', 'method-rules.ts', 'resource-policy.ts',
  'rest-api-update.ts', 'rest-api.ts', 'stage-method-settings.ts', 'stage-rules.ts', 'stage-update.ts', 'stage-variable-rules.ts',
  'stage.ts', 'usage-plan-rules.ts', 'usage-plan-update.ts', 'usage.ts',
])

const operationFiles = (): string[] =>
  readdirSync(CONTROL_PLANE).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== 'messages.ts')

describe('AWS message texts live in src/apis/rest/control-plane/messages.ts', () => {
  it('no operation file throws a ManagementError with an inline string or template literal', () => {
    const inline = operationFiles()
      .filter((name) => !NOT_YET_IN_CATALOGUE.has(name))
      .flatMap((name) => [...readFileSync(join(CONTROL_PLANE, name), 'utf8').matchAll(INLINE_MESSAGE)].map((match) => `${name}: ${match[0]}`))
    assert.deepEqual(inline, [], 'write the text in messages.ts, with its source, and use it from there')
  })

  it('every file still waiting for the catalogue has an inline message left', () => {
    const done = [...NOT_YET_IN_CATALOGUE].filter((name) => !readFileSync(join(CONTROL_PLANE, name), 'utf8').match(INLINE_MESSAGE))
    assert.deepEqual(done, [], 'take these files off NOT_YET_IN_CATALOGUE')
  })

  it('sees an inline message when there is one', () => {
    const samples = ["throw badRequest('x')", 'throw notFound(`Invalid ${id}`)', "conflict(\n  'taken')", "new ManagementError('ConflictException', 'x')", "validationError([`Value ${v}`])"]
    for (const sample of samples) assert.match(sample, new RegExp(INLINE_MESSAGE.source), sample)
    assert.doesNotMatch('throw badRequest(REST_MESSAGES.noMethods)', new RegExp(INLINE_MESSAGE.source))
  })
})
