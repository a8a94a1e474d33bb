import assert from 'node:assert/strict'

/**
 * Matching what the SDK answers against the import/export recordings (test/helpers/recordings.ts
 * reads them), with the snapshot conventions of test/parity/recordings/README.md: placeholders
 * (`<id:3>` is one value throughout a test, `<id:3>` and `<id:4>` differ), `datetime`, `<region>`
 * and friends inside strings, JSON strings shown parsed, key order not significant, and
 * `required` lists sorted by the recording tool.
 */

const PLACEHOLDER = /^<([^<>:]+)(?::(\d+))?>$/
const VOLATILE = new Set(['datetime', 'timestamp', 'date'])

export class RecordingMatcher {
  readonly #bound = new Map<string, unknown>()

  /** Asserts that `actual` (an SDK output, `$metadata` ignored) is what `expected` recorded. */
  match(actual: unknown, expected: unknown, where: string): void {
    if (typeof expected === 'string') return this.#matchString(actual, expected, where)
    if (expected !== null && typeof expected === 'object' && typeof actual === 'string') {
      let parsed: unknown
      try {
        parsed = JSON.parse(actual)
      } catch {
        assert.fail(`${where}: expected JSON text, got ${JSON.stringify(actual)}`)
      }
      return this.match(parsed, expected, where)
    }
    if (Array.isArray(expected)) {
      assert.ok(Array.isArray(actual), `${where}: expected a list, got ${JSON.stringify(actual)}`)
      assert.equal(actual.length, expected.length, `${where}: list length (${JSON.stringify(actual)})`)
      const sorted = where.endsWith('.required')
      const a = sorted ? [...actual].sort() : actual
      const e = sorted ? [...expected].sort() : expected
      e.forEach((item, index) => this.match(a[index], item, `${where}[${index}]`))
      return
    }
    if (expected !== null && typeof expected === 'object') {
      assert.ok(actual !== null && typeof actual === 'object', `${where}: expected an object, got ${JSON.stringify(actual)}`)
      const own = (value: object) => Object.keys(value).filter((key) => key !== '$metadata' && key !== 'ResponseMetadata' && (value as any)[key] !== undefined).sort()
      assert.deepEqual(own(actual), own(expected), `${where}: keys`)
      for (const key of own(expected)) this.match((actual as any)[key], (expected as any)[key], `${where}.${key}`)
      return
    }
    assert.deepEqual(actual, expected, where)
  }

  #matchString(actual: unknown, expected: string, where: string): void {
    if (VOLATILE.has(expected)) {
      assert.ok(actual !== undefined && actual !== null, `${where}: a ${expected}`)
      return
    }
    const whole = PLACEHOLDER.exec(expected)
    if (whole !== null) {
      assert.ok(typeof actual === 'string' || typeof actual === 'number', `${where}: ${expected} stands for a scalar, got ${JSON.stringify(actual)}`)
      if (this.#bound.has(expected)) {
        assert.equal(actual, this.#bound.get(expected), `${where}: ${expected} is one value throughout`)
        return
      }
      for (const [other, value] of this.#bound) {
        const match = PLACEHOLDER.exec(other)!
        if (match[1] === whole[1] && value === actual) assert.fail(`${where}: ${expected} and ${other} must differ (${String(actual)})`)
      }
      this.#bound.set(expected, actual)
      return
    }
    if (expected.includes('<')) {
      const pattern = expected.split(/<[^<>]+>/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?')
      assert.match(String(actual), new RegExp(`^${pattern}$`), where)
      return
    }
    assert.equal(actual, expected, where)
  }
}
