import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../core/clock.ts'
import { seededRandom } from '../../../test/helpers/seeded-random.ts'
import { describeResponseCacheContract } from '../response-cache.contract.ts'
import { cachedSize, type CachedResponse } from '../response-cache.ts'
import { ClusterEntries, keyHash } from './cluster-entries.ts'
import { MemoryResponseCache } from './memory-response-cache.ts'

describeResponseCacheContract('memory', (clock) => new MemoryResponseCache(clock))
// Every key under one hash: each lookup walks a chain and tells the keys apart by their bytes alone.
describeResponseCacheContract('memory, every key of one hash', (clock) => new MemoryResponseCache(clock, () => 7))

const answer = (label: string, bodyBytes: number): CachedResponse =>
  ({ statusCode: 200, headers: [['x-label', label]], body: Buffer.alloc(bodyBytes, label) })

/**
 * The cache against the plainest LRU there is (a Map in recency order, evicting from its front), over thousands
 * of random gets, puts, replacements, expiries and flushes: both must hold the same answers at every step.
 */
describe('MemoryResponseCache against a reference LRU', () => {
  for (const [name, hash] of [['its own hash', keyHash], ['keys of three hashes', (key: string) => key.length % 3]] as const) {
    it(`answers as the reference does (${name})`, async () => {
      const random = seededRandom(name.length)
      const clock = new ManualClock()
      const cache = new MemoryResponseCache(clock, hash)
      const capacity = 40_000
      const reference = new Map<string, { response: CachedResponse; expiresMs: number }>()
      let referenceBytes = 0
      const forget = (key: string): void => {
        const held = reference.get(key)
        if (held === undefined) return
        reference.delete(key)
        referenceBytes -= cachedSize(held.response)
      }
      for (let step = 0; step < 4000; step++) {
        const key = `k${Math.floor(random() * 60)}${'é'.repeat(Math.floor(random() * 3))}`
        const roll = random()
        if (roll < 0.45) {
          const held = reference.get(key)
          const live = held !== undefined && held.expiresMs > clock.now()
          if (held !== undefined) {
            forget(key)
            if (live) {
              reference.set(key, held)
              referenceBytes += cachedSize(held.response)
            }
          }
          const got = await cache.get('c', key)
          assert.equal(got?.body.toString(), live ? held.response.body.toString() : undefined, `step ${step}: get ${key}`)
          if (live) assert.deepEqual(got?.headers, held.response.headers)
        } else if (roll < 0.93) {
          const response = answer(String(step % 10), Math.floor(random() * 3000))
          const ttl = random() < 0.1 ? 0 : 1 + Math.floor(random() * 5)
          forget(key)
          const stored = await cache.put('c', key, response, ttl, capacity)
          assert.equal(stored, ttl > 0, `step ${step}: put ${key}`)
          if (stored) {
            const size = cachedSize(response)
            for (const [oldest] of reference) {
              if (referenceBytes + size <= capacity) break
              forget(oldest)
            }
            reference.set(key, { response, expiresMs: clock.now() + ttl * 1000 })
            referenceBytes += size
          }
        } else if (roll < 0.99) {
          clock.advance(Math.floor(random() * 1500))
        } else {
          await cache.flush('c')
          reference.clear()
          referenceBytes = 0
        }
      }
    })
  }
})

describe('ClusterEntries', () => {
  it('tells apart keys that differ only in unpaired surrogates, even under one hash', () => {
    const entries = new ClusterEntries(() => 1)
    entries.add('q=\uD800', answer('a', 10), 20, Number.MAX_SAFE_INTEGER, 1_000)
    assert.equal(entries.get('q=\uD801', 0), undefined)
    assert.equal(entries.get('q=\uFFFD', 0), undefined)
    assert.equal(entries.get('q=\uD800', 0)?.body.toString(), 'a'.repeat(10))
  })

  it('hands out answers that outlive their entry: a chunk reused by another answer leaves them as they were', () => {
    const entries = new ClusterEntries()
    entries.add('a', answer('a', 500), 510, Number.MAX_SAFE_INTEGER, 1_000)
    const read = entries.get('a', 0)!
    entries.add('b', answer('b', 500), 510, Number.MAX_SAFE_INTEGER, 1_000)
    assert.equal(entries.get('a', 0), undefined, 'a was evicted for b, whose record takes the chunk a had')
    assert.equal(read.body.toString(), 'a'.repeat(500))
  })

  it('keeps at most 64 entries under one hash, so keys made to collide cannot make a lookup walk them all', () => {
    // Keys come from requests (cacheKeyParameters) and the hash is not secret: a hostile caller can make them collide.
    const entries = new ClusterEntries(() => 1)
    const keys = Array.from({ length: 200 }, (_, index) => `q=${index}`)
    for (const key of keys) entries.add(key, answer('x', 10), 20, Number.MAX_SAFE_INTEGER, 1_000_000_000)
    const held = keys.filter((key) => entries.get(key, 0) !== undefined)
    assert.deepEqual(held, keys.slice(-64), 'the newest 64 stay; older ones under the hash were evicted')
    assert.equal(entries.bytes, 64 * 20)
  })

  it('holds at most its bound of entries, evicting the least recently used past it', () => {
    const entries = new ClusterEntries(keyHash, 3)
    for (const key of ['a', 'b', 'c']) entries.add(key, answer(key, 1), 10, Number.MAX_SAFE_INTEGER, 1_000_000)
    entries.get('a', 0)
    entries.add('d', answer('d', 1), 10, Number.MAX_SAFE_INTEGER, 1_000_000)
    assert.deepEqual(['a', 'b', 'c', 'd'].map((key) => entries.get(key, 0) !== undefined), [true, false, true, true])
  })

  it('keeps its slabs within twice its size (or 8 MiB) whatever the mix of record sizes', () => {
    const random = seededRandom(5)
    const entries = new ClusterEntries()
    const capacity = 2 * 1024 * 1024
    let most = 0
    for (let step = 0; step < 3000; step++) {
      // Phases of small, then middling, then large records: each would keep slabs of its own class.
      const bodyBytes = step < 1000 ? 100 + Math.floor(random() * 200) : step < 2000 ? 5_000 + Math.floor(random() * 5_000) : 60_000 + Math.floor(random() * 100_000)
      const key = `k${step}`
      entries.add(key, answer('x', bodyBytes), bodyBytes + 8, Number.MAX_SAFE_INTEGER, capacity)
      assert.ok(entries.bytes <= capacity)
      most = Math.max(most, entries.slabBytes)
    }
    assert.ok(most <= 8 * 1024 * 1024 + 1024 * 1024, `slabs reached ${most} bytes`)
  })
})
