import assert from 'node:assert/strict'
import type { RawReply } from './control-plane.ts'
import type { RecordingMatcher } from './openapi-recording.ts'

/**
 * Matching what the data plane sends against a recording (test/helpers/recordings.ts reads them),
 * with the snapshot conventions of test/parity/recordings/README.md.
 */

const PLACEHOLDER = /^<([^<>:]+)(?::(\d+))?>$/

/**
 * What the recording's placeholders stood for. A snapshot replaces volatile values by `<name>` or
 * `<name:n>`; the same `<name:n>` twice is the same value, `<name:1>` and `<name:2>` are different
 * ones (test/parity/recordings/README.md, caveat 1). Seed it with the values a test knows
 * (`<api-id>`, `<deployment-id:1>`) so those are checked exactly.
 */
export class Placeholders {
  readonly #values = new Map<string, unknown>()

  constructor(known: Readonly<Record<string, unknown>> = {}) {
    for (const [placeholder, value] of Object.entries(known)) this.#values.set(placeholder, value)
  }

  /** Checks `actual` against one placeholder, binding it on first sight. */
  check(placeholder: string, actual: unknown, where: string): void {
    if (this.#values.has(placeholder)) {
      assert.deepEqual(actual, this.#values.get(placeholder), `${where}: ${placeholder} stands for one value throughout`)
      return
    }
    // "Any value of the right type": placeholders replace strings and numbers, never structure.
    assert.ok(typeof actual === 'string' || typeof actual === 'number', `${where}: ${placeholder} replaced a scalar, got ${JSON.stringify(actual)}`)
    const [, name, number] = PLACEHOLDER.exec(placeholder)!
    if (number !== undefined) {
      for (const [other, value] of this.#values) {
        const match = PLACEHOLDER.exec(other)
        if (match?.[1] === name && match[2] !== undefined && value === actual) {
          assert.fail(`${where}: ${placeholder} must differ from ${other}, both are ${JSON.stringify(actual)}`)
        }
      }
      this.#values.set(placeholder, actual)
    }
  }
}

export const isPlaceholder = (value: unknown): value is string => typeof value === 'string' && PLACEHOLDER.test(value)

/**
 * Asserts that `actual` is what AWS recorded: the same keys at every level (no more, no fewer),
 * the same values, placeholders standing for any value of the right type. A JSON string on our
 * side is compared with the parsed value the snapshot shows (README caveat 2).
 */
export function assertMatchesRecording(actual: unknown, recorded: unknown, placeholders: Placeholders, where = '$'): void {
  if (isPlaceholder(recorded)) {
    placeholders.check(recorded, actual, where)
    return
  }
  if (recorded !== null && typeof recorded === 'object' && typeof actual === 'string') {
    let parsed: unknown
    assert.doesNotThrow(() => (parsed = JSON.parse(actual)), `${where}: the recording shows parsed JSON, we sent ${JSON.stringify(actual)}`)
    assertMatchesRecording(parsed, recorded, placeholders, where)
    return
  }
  if (Array.isArray(recorded)) {
    assert.ok(Array.isArray(actual), `${where}: expected a list, got ${JSON.stringify(actual)}`)
    assert.equal(actual.length, recorded.length, `${where}: list length`)
    recorded.forEach((item, i) => assertMatchesRecording(actual[i], item, placeholders, `${where}[${i}]`))
    return
  }
  if (recorded !== null && typeof recorded === 'object') {
    assert.ok(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${where}: expected an object, got ${JSON.stringify(actual)}`)
    const record = recorded as Record<string, unknown>
    const ours = actual as Record<string, unknown>
    assert.deepEqual(Object.keys(ours).sort(), Object.keys(record).sort(), `${where}: keys`)
    for (const key of Object.keys(record)) assertMatchesRecording(ours[key], record[key], placeholders, `${where}.${key}`)
    return
  }
  assert.deepEqual(actual, recorded, `${where}`)
}

/**
 * The HTTP status AWS answered to one SDK call a recording holds: botocore keeps it as
 * `ResponseMetadata.HTTPStatusCode` (test/parity/recordings/README.md, caveat 4).
 */
export function recordedStatus(answer: unknown, where = 'recorded answer'): number {
  const status = (answer as { ResponseMetadata?: { HTTPStatusCode?: unknown } } | undefined)?.ResponseMetadata?.HTTPStatusCode
  assert.ok(Number.isInteger(status), `${where}: no ResponseMetadata.HTTPStatusCode in ${JSON.stringify(answer)}`)
  return status as number
}

/**
 * A recorded SDK answer as the body AWS sent on the wire: botocore's `ResponseMetadata` dropped and
 * a collection's `items` under the JSON name the service model gives it, `item` (GetStages' member
 * is already called `item`).
 */
export function onTheWire(answer: Record<string, unknown>): Record<string, unknown> {
  const { ResponseMetadata: _metadata, items, ...body } = answer
  return items === undefined ? body : { item: items, ...body }
}

/**
 * Asserts that a raw management API reply is the recorded SDK answer: the recorded status; for a
 * recorded error, its `x-amzn-ErrorType` and the `{"message": ...}` body it came from; for an answer
 * with members, the body through `matcher` (placeholders, `datetime`, JSON strings shown parsed);
 * for an empty answer (a delete), no members.
 */
export function assertRecordedReply(matcher: RecordingMatcher, reply: RawReply, recorded: Record<string, any>, where: string): void {
  assert.equal(reply.status, recordedStatus(recorded, where), `${where}: status (${reply.text})`)
  if (recorded.Error !== undefined) {
    assert.equal(reply.errorType?.split(':')[0], recorded.Error.Code, `${where}: x-amzn-ErrorType`)
    assert.deepEqual(reply.body, { message: recorded.Error.Message }, `${where}: body`)
    return
  }
  const expected = onTheWire(recorded)
  if (Object.keys(expected).length === 0) {
    assert.ok(reply.body === undefined || Object.keys(reply.body).length === 0, `${where}: an empty answer, got ${reply.text}`)
    return
  }
  matcher.match(reply.body, expected, where)
}
