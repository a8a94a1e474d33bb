import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../core/clock.ts'
import { describeAuthorizerCacheContract } from '../authorizer-cache.contract.ts'
import { MemoryAuthorizerCache } from './memory-authorizer-cache.ts'

describeAuthorizerCacheContract('memory', async (clock) => new MemoryAuthorizerCache(clock))

const key = (identity: string) => ({ restApiId: 'api', stageName: 'prod', authorizerId: 'auth01', identity: [identity] })

describe('MemoryAuthorizerCache', () => {
  it('stays bounded: past 10,000 entries the oldest goes', async () => {
    const cache = new MemoryAuthorizerCache(new ManualClock())
    for (let i = 0; i <= 10_000; i++) await cache.set(key(String(i)), i, 1000)
    assert.equal(await cache.get(key('0')), undefined)
    assert.equal(await cache.get(key('10000')), 10_000)
  })
})
