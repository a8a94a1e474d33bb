import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GatewayError } from '../core/gateway-error.ts'
import { RegexBudget } from '../vtl/regex-budget.ts'
import { compileSelectionPattern } from './selection-pattern.ts'

describe('compileSelectionPattern (Java String.matches over the whole value)', () => {
  const matches = (pattern: string, value: string): boolean => compileSelectionPattern(pattern)?.test(value) ?? false

  it('matches the whole status code, never a part of it', () => {
    assert.equal(matches('4\\d{2}', '404'), true)
    assert.equal(matches('4', '404'), false)
    assert.equal(matches('20', '201'), false)
    assert.equal(matches('2\\d{2}|3\\d{2}', '302'), true, 'alternatives are grouped before anchoring')
  })

  it('stops "." at a line break unless the pattern says (?s), as Java does', () => {
    const message = '[BadRequest] name\nfield: x'
    assert.equal(matches('\\[BadRequest\\].*', message), false)
    assert.equal(matches('\\[BadRequest\\](\\n|.)+', message), true)
    assert.equal(matches('(?s)\\[BadRequest\\].*', message), true)
    assert.equal(matches('.+', 'one line'), true)
  })

  it('reads Java-only syntax: \\A, \\Z, \\Q...\\E, POSIX classes', () => {
    assert.equal(matches('\\AError: \\Q[x]\\E\\Z', 'Error: [x]'), true)
    assert.equal(matches('\\p{Alpha}+', 'abc'), true)
  })

  it('a pattern JavaScript cannot read never matches instead of failing the deploy', () => {
    assert.equal(compileSelectionPattern('(unclosed'), undefined)
  })

  it('is stateless between calls (no global-flag lastIndex)', () => {
    const pattern = compileSelectionPattern('.*400.*')!
    assert.equal(pattern.test('Raising 400'), true)
    assert.equal(pattern.test('Raising 400'), true)
  })
})

describe('compileSelectionPattern under a hostile pattern', () => {
  const hostile = `${'a'.repeat(33)}b`

  it('runs nested and bounded repeats in linear time with Java\'s answer', () => {
    const started = performance.now()
    assert.equal(compileSelectionPattern('^(.*a){12}$')!.test(hostile), false)
    assert.equal(compileSelectionPattern('(a+)+$')!.test(hostile), false)
    assert.equal(compileSelectionPattern('(\\n|.)+')!.test(hostile), true)
    assert.ok(performance.now() - started < 500)
  })

  it('answers AWS\'s 500 when a backtracking-only pattern outruns the selection\'s budget', () => {
    const started = performance.now()
    assert.throws(
      () => compileSelectionPattern('^(.*a){12}\\1$')!.test(hostile),
      (error: unknown) => error instanceof GatewayError && error.type === 'API_CONFIGURATION_ERROR',
    )
    assert.ok(performance.now() - started < 1000)
    // A generous budget: a loaded machine may pause any call past 100 ms; this asserts the answer, not the speed.
    assert.equal(compileSelectionPattern('(a)\\1b')!.test('aab', new RegexBudget(10_000)), true, 'backreferences still match')
  })
})
