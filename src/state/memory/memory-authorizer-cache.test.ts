import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../core/clock.ts'
import { MemoryAuthorizerCache } from './memory-authorizer-cache.ts'

const key = (identity: string, stageName = 'prod', authorizerId = 'auth01') => ({ restApiId: 'api', stageName, authorizerId, identity: [identity] })

describe('MemoryAuthorizerCache', () => {
  it('keeps a result for its TTL by the injected clock, then forgets it', async () => {
    const clock = new ManualClock()
    const cache = new MemoryAuthorizerCache(clock)
    await cache.set(key('t'), { ok: 1 }, 300_000)
    clock.advance(299_999)
    assert.deepEqual(await cache.get(key('t')), { ok: 1 })
    clock.advance(1)
    assert.equal(await cache.get(key('t')), undefined)
  })

  it('keys by authorizer, stage and identity values; TTL 0 stores nothing', async () => {
    const cache = new MemoryAuthorizerCache(new ManualClock())
    await cache.set(key('t'), 'a', 1000)
    assert.equal(await cache.get(key('u')), undefined)
    assert.equal(await cache.get(key('t', 'dev')), undefined)
    assert.equal(await cache.get(key('t', 'prod', 'auth02')), undefined)
    await cache.set(key('zero'), 'z', 0)
    assert.equal(await cache.get(key('zero')), undefined)
    // ['a,b'] and ['a', 'b'] are different identities.
    await cache.set({ ...key(''), identity: ['a', 'b'] }, 'two', 1000)
    assert.equal(await cache.get({ ...key(''), identity: ['a,b'] }), undefined)
  })

  it('flushStage forgets one stage only', async () => {
    const cache = new MemoryAuthorizerCache(new ManualClock())
    await cache.set(key('t', 'prod'), 'p', 1000)
    await cache.set(key('t', 'dev'), 'd', 1000)
    await cache.flushStage('api', 'prod')
    assert.equal(await cache.get(key('t', 'prod')), undefined)
    assert.equal(await cache.get(key('t', 'dev')), 'd')
  })

  it('stays bounded: past 10,000 entries the oldest goes', async () => {
    const cache = new MemoryAuthorizerCache(new ManualClock())
    for (let i = 0; i <= 10_000; i++) await cache.set(key(String(i)), i, 1000)
    assert.equal(await cache.get(key('0')), undefined)
    assert.equal(await cache.get(key('10000')), 10_000)
  })
})
