import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodePathValue, hasDotSegment } from './path-value-containment.ts'

describe('path value containment', () => {
  it('encodes what would end or split a segment, keeping valid escapes', () => {
    assert.equal(encodePathValue('a?b#c'), 'a%3Fb%23c')
    assert.equal(encodePathValue('a\\b'), 'a%5Cb')
    assert.equal(encodePathValue('a%2Fb%3f'), 'a%2Fb%3f')
    assert.equal(encodePathValue('100%'), '100%25')
    assert.equal(encodePathValue('%zz'), '%25zz')
    assert.equal(encodePathValue('é {x}'), '%C3%A9%20%7Bx%7D')
    assert.equal(encodePathValue('a/b:c@d'), 'a/b:c@d')
    assert.equal(encodePathValue('\ud800'), '%EF%BF%BD')
  })

  it('finds dot segments plain, encoded in any case, or behind an encoded separator', () => {
    for (const text of ['.', '..', '%2e', '%2E%2e', '.%2E', 'a/../b', 'a%2F..', 'a%5c.', '..\\x']) assert.equal(hasDotSegment(text), true, text)
    for (const text of ['...', '.a', 'a..', '%252e%252e', 'a%2Fb', '', 'x.%2e.']) assert.equal(hasDotSegment(text), false, text)
  })
})
