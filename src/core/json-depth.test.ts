import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { exceedsJsonDepth } from './json-depth.ts'

describe('exceedsJsonDepth', () => {
  it('counts objects and arrays, not scalars', () => {
    assert.equal(exceedsJsonDepth('text', 0), false)
    assert.equal(exceedsJsonDepth({}, 0), true)
    assert.equal(exceedsJsonDepth({ a: [1, { b: null }] }, 3), false)
    assert.equal(exceedsJsonDepth({ a: [1, { b: {} }] }, 3), true)
  })

  it('checks input far deeper than the stack could walk', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)
    assert.equal(exceedsJsonDepth(deep, 512), true)
    assert.equal(exceedsJsonDepth(deep, 200_000), false)
  })
})
