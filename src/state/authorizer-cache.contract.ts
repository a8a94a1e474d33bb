import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../core/clock.ts'
import type { AuthorizerCache } from './authorizer-cache.ts'

const key = (identity: string, stageName = 'prod', authorizerId = 'auth01') => ({ restApiId: 'api', stageName, authorizerId, identity: [identity] })

/**
 * The behaviour every AuthorizerCache adapter must show (docs/architecture.md, "State": memory and shared adapters pass
 * one suite). Each adapter's test calls this with a factory taking the clock expiry must follow.
 */
export function describeAuthorizerCacheContract(name: string, makeCache: (clock: ManualClock) => Promise<AuthorizerCache>): void {
  describe(`AuthorizerCache contract: ${name}`, () => {
    it('keeps a result for its TTL by the injected clock, then forgets it', async () => {
      const clock = new ManualClock()
      const cache = await makeCache(clock)
      await cache.set(key('t'), { principalId: 'u', n: 1 }, 300_000)
      clock.advance(299_999)
      assert.deepEqual(await cache.get(key('t')), { principalId: 'u', n: 1 })
      clock.advance(1)
      assert.equal(await cache.get(key('t')), undefined)
    })

    it('keys by authorizer, stage and identity values; TTL 0 stores nothing', async () => {
      const cache = await makeCache(new ManualClock())
      await cache.set(key('t'), 'a', 1000)
      assert.equal(await cache.get(key('u')), undefined)
      assert.equal(await cache.get(key('t', 'dev')), undefined)
      assert.equal(await cache.get(key('t', 'prod', 'auth02')), undefined)
      await cache.set(key('zero'), 'z', 0)
      assert.equal(await cache.get(key('zero')), undefined)
      // ['a,b'] and ['a', 'b'] are different identities.
      await cache.set({ ...key(''), identity: ['a', 'b'] }, 'two', 1000)
      assert.equal(await cache.get({ ...key(''), identity: ['a,b'] }), undefined)
      assert.equal(await cache.get({ ...key(''), identity: ['a', 'b'] }), 'two')
    })

    it('a later set replaces the value and its expiry', async () => {
      const clock = new ManualClock()
      const cache = await makeCache(clock)
      await cache.set(key('t'), 'old', 1000)
      clock.advance(900)
      await cache.set(key('t'), 'new', 1000)
      clock.advance(900)
      assert.equal(await cache.get(key('t')), 'new')
    })

    it('flushStage forgets one stage only', async () => {
      const cache = await makeCache(new ManualClock())
      await cache.set(key('t', 'prod'), 'p', 1000)
      await cache.set(key('t', 'dev'), 'd', 1000)
      await cache.flushStage('api', 'prod')
      assert.equal(await cache.get(key('t', 'prod')), undefined)
      assert.equal(await cache.get(key('t', 'dev')), 'd')
    })
  })
}
