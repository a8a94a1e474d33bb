import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { allocateId } from './allocate-id.ts'

describe('allocateId', () => {
  it('draws again while the id is taken, and answers the first one claimed', async () => {
    const drawn = ['aaa', 'bbb', 'ccc']
    const taken = new Set(['aaa', 'bbb'])
    const id = await allocateId(() => drawn.shift()!, async (candidate) => !taken.has(candidate))
    assert.equal(id, 'ccc')
    assert.deepEqual(drawn, [])
  })

  it('reports a store that refuses every id instead of looping forever', async () => {
    await assert.rejects(allocateId(() => 'x', async () => false), /no free id/)
  })
})
