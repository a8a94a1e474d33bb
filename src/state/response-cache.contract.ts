import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../core/clock.ts'
import { MAX_CACHED_RESPONSE_BYTES, type CachedResponse, type ResponseCache } from './response-cache.ts'

/**
 * What every ResponseCache adapter must do (docs/architecture.md, "State": one contract suite per interface). Each
 * adapter's test calls this with a factory that returns a fresh, empty cache on the given clock.
 */
export function describeResponseCacheContract(name: string, make: (clock: ManualClock) => ResponseCache): void {
  const GB = 1024 ** 3
  const answer = (body: string | Buffer, statusCode = 200): CachedResponse =>
    ({ statusCode, headers: [['Content-Type', 'application/json'], ['X-Seen', 'a, b']], body: Buffer.isBuffer(body) ? body : Buffer.from(body) })

  describe(`ResponseCache contract: ${name}`, () => {
    it('gives back what was put — status, headers in order, body bytes — until its TTL passes', async () => {
      const clock = new ManualClock()
      const cache = make(clock)
      assert.equal(await cache.get('api/prod', 'GET|k'), undefined, 'a miss on an empty cache')
      assert.equal(await cache.put('api/prod', 'GET|k', answer('{"n":1}', 201), 2, GB), true)
      const hit = await cache.get('api/prod', 'GET|k')
      assert.equal(hit?.statusCode, 201)
      assert.deepEqual(hit?.headers.map(([n, v]) => [n, v]), [['Content-Type', 'application/json'], ['X-Seen', 'a, b']])
      assert.equal(hit?.body.toString(), '{"n":1}')
      clock.advance(1999)
      assert.notEqual(await cache.get('api/prod', 'GET|k'), undefined, 'still live just before the TTL')
      clock.advance(1)
      assert.equal(await cache.get('api/prod', 'GET|k'), undefined, 'gone at the TTL')
    })

    it('keeps keys and clusters apart; a put replaces the entry under its key', async () => {
      const cache = make(new ManualClock())
      await cache.put('api/prod', 'a', answer('A'), 300, GB)
      await cache.put('api/prod/canary', 'a', answer('canary A'), 300, GB)
      await cache.put('api/prod', 'b', answer('B'), 300, GB)
      await cache.put('api/prod', 'a', answer('A2'), 300, GB)
      assert.equal((await cache.get('api/prod', 'a'))?.body.toString(), 'A2')
      assert.equal((await cache.get('api/prod', 'b'))?.body.toString(), 'B')
      assert.equal((await cache.get('api/prod/canary', 'a'))?.body.toString(), 'canary A')
    })

    it('flush empties one cluster only', async () => {
      const cache = make(new ManualClock())
      await cache.put('api/prod', 'a', answer('A'), 300, GB)
      await cache.put('api/dev', 'a', answer('dev'), 300, GB)
      await cache.flush('api/prod')
      assert.equal(await cache.get('api/prod', 'a'), undefined)
      assert.equal((await cache.get('api/dev', 'a'))?.body.toString(), 'dev')
    })

    it('refuses an entry over 1,048,576 bytes (and drops the older one under its key); one of exactly the limit is kept', async () => {
      const cache = make(new ManualClock())
      const headerBytes = 'Content-Type'.length + 'application/json'.length + 'X-Seen'.length + 'a, b'.length
      assert.equal(await cache.put('c', 'fits', answer(Buffer.alloc(MAX_CACHED_RESPONSE_BYTES - headerBytes)), 300, GB), true)
      assert.notEqual(await cache.get('c', 'fits'), undefined)
      await cache.put('c', 'big', answer('small'), 300, GB)
      assert.equal(await cache.put('c', 'big', answer(Buffer.alloc(MAX_CACHED_RESPONSE_BYTES)), 300, GB), false)
      assert.equal(await cache.get('c', 'big'), undefined)
    })

    it('stays within the cluster size, evicting the least recently used first', async () => {
      const cache = make(new ManualClock())
      const entry = (label: string) => answer(Buffer.alloc(1000, label))
      const capacity = 3 * 1100
      for (const key of ['a', 'b', 'c']) assert.equal(await cache.put('small', key, entry(key), 300, capacity), true)
      assert.notEqual(await cache.get('small', 'a'), undefined, 'a is now the most recently used')
      await cache.put('small', 'd', entry('d'), 300, capacity)
      assert.equal(await cache.get('small', 'b'), undefined, 'b, least recently used, evicted')
      for (const key of ['a', 'c', 'd']) assert.notEqual(await cache.get('small', key), undefined, `${key} kept`)
    })

    it('a TTL of 0 stores nothing', async () => {
      const cache = make(new ManualClock())
      assert.equal(await cache.put('c', 'k', answer('x'), 0, GB), false)
      assert.equal(await cache.get('c', 'k'), undefined)
    })
  })
}
