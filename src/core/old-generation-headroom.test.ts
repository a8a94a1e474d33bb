import assert from 'node:assert/strict'
import { test } from 'node:test'
import { heapGrowingPercent, OLD_GENERATION_HEADROOM_BYTES } from './old-generation-headroom.ts'

const MB = 1024 * 1024

test('a small old generation is given the headroom, at most a factor of 4', () => {
  // 40 MB live (the bench's gateway): 128 MB of room would need 320 %; V8's ceiling is 300 %.
  assert.equal(heapGrowingPercent(40 * MB), 300)
  // 64 MB live: 200 % leaves exactly the headroom.
  assert.equal(heapGrowingPercent(64 * MB), 200)
  assert.equal(heapGrowingPercent(0), 300)
})

test('a heap whose own factor already leaves the headroom is left to V8', () => {
  // At 86 MB 149 % would do; V8 picks about that itself, so its own factor stays.
  assert.equal(heapGrowingPercent(86 * MB), 0)
  assert.equal(heapGrowingPercent(OLD_GENERATION_HEADROOM_BYTES), 0)
  // A million API keys (about 400 MB live) must not be let grow by three times as much again.
  assert.equal(heapGrowingPercent(400 * MB), 0)
})
