import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { seededRandom } from '../../../test/helpers/seeded-random.ts'
import { ChunkStore } from './chunk-store.ts'

describe('ChunkStore', () => {
  it('gives every live chunk bytes of its own, through thousands of allocations and frees of every size', () => {
    const random = seededRandom(17)
    const store = new ChunkStore()
    const live = new Map<number, { length: number; fill: number }>()
    for (let step = 0; step < 6000; step++) {
      if (live.size > 0 && random() < 0.45) {
        const handles = [...live.keys()]
        const handle = handles[Math.floor(random() * handles.length)]
        const { length, fill } = live.get(handle)!
        assert.ok(store.view(handle, length).every((byte) => byte === fill), 'a chunk kept its bytes until freed')
        store.free(handle)
        live.delete(handle)
        continue
      }
      // Mostly small records, some past the largest class (a slab of their own).
      const length = random() < 0.05 ? 131_072 + Math.floor(random() * 300_000) : 1 + Math.floor(random() * 20_000)
      const handle = store.allocate(length)
      assert.equal(live.has(handle), false, 'a handle is not given out twice')
      const fill = step % 251
      store.view(handle, length).fill(fill)
      live.set(handle, { length, fill })
    }
    for (const [handle, { length, fill }] of live) assert.ok(store.view(handle, length).every((byte) => byte === fill))
  })

  it('releases slabs whose chunks are all free, keeping one per size class', () => {
    const store = new ChunkStore()
    const handles = Array.from({ length: 5000 }, (_, index) => store.allocate(100 + (index % 3) * 2000))
    const large = store.allocate(500_000)
    const held = store.slabBytes
    assert.ok(held >= 5000 * 100 + 500_000)
    for (const handle of [...handles, large]) store.free(handle)
    // Three classes were used: what is left is their last slabs, a small part of what was held.
    assert.ok(store.slabBytes > 0 && store.slabBytes < held / 4, `${store.slabBytes} of ${held}`)
    assert.equal(store.growthFor(100), 0, 'the class keeps a slab with room')
  })

  it('says what a record would add in slabs before storing it', () => {
    const store = new ChunkStore()
    assert.ok(store.growthFor(100) > 0)
    const handle = store.allocate(100)
    assert.equal(store.growthFor(100), 0, 'its first slab has room for more')
    assert.equal(store.growthFor(200_000), 200_000, 'a record past the largest class takes a slab of its size')
    store.free(handle)
  })
})
