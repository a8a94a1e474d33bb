import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Redis } from 'ioredis'
import { silentLogger } from '../../core/logger.ts'
import { connectTestRedis, deleteKeysWithPrefix, uniqueKeyPrefix } from '../../../test/helpers/redis.ts'
import { describeWithRedis } from '../../../test/helpers/redis-server.ts'
import { within } from '../../../test/helpers/within.ts'
import { describeConnectionRegistryContract } from '../connection-registry.contract.ts'
import type { ConnectionRecord } from '../connection-registry.ts'
import { RedisConnectionRegistry } from './redis-connection-registry.ts'

const record = (connectionId: string): ConnectionRecord => ({
  connectionId, apiId: 'api', stage: 'dev', domainName: 'api.execute-api.localhost', connectedAt: 1_000, lastActiveAt: 1_000, sourceIp: '127.0.0.1',
})

describeWithRedis('Redis connection registry', (redis) => {
  const runPrefix = uniqueKeyPrefix('connections')
  const registries: RedisConnectionRegistry[] = []
  let admin: Redis
  let made = 0
  const open = async (keyPrefix: string, heartbeatMs?: number): Promise<RedisConnectionRegistry> => {
    const registry = await RedisConnectionRegistry.open({ url: redis.url, keyPrefix, logger: silentLogger, heartbeatMs })
    registries.push(registry)
    return registry
  }

  before(async () => {
    admin = await connectTestRedis(redis.url)
  })
  after(async () => {
    for (const registry of registries) await registry.close()
    await deleteKeysWithPrefix(admin, runPrefix)
    admin.disconnect()
  })

  describeConnectionRegistryContract('redis', () => open(`${runPrefix}${made++}:`))

  it('a post or a close through one node reaches the socket another node holds', async () => {
    const prefix = `${runPrefix}${made++}:`
    const [a, b] = [await open(prefix), await open(prefix)]
    const sent: string[] = []
    const closed: [number, string][] = []
    await a.add(record('far='), { send: (data) => sent.push(data.toString()), close: (code, reason) => closed.push([code, reason]) })
    assert.deepEqual(await b.get('far='), record('far='))
    await b.touch('far=', 9_000)
    assert.equal((await a.get('far='))?.lastActiveAt, 9_000)
    assert.equal(await b.post('far=', Buffer.from('across')), true)
    assert.equal(await b.disconnect('far=', 1000, 'bye'), true)
    await within(5_000, 'the frame and the close on node A', (async () => {
      while (sent.length === 0 || closed.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    })())
    assert.deepEqual(sent, ['across'])
    assert.deepEqual(closed, [[1000, 'bye']])
    await a.remove('far=')
    assert.equal(await b.post('far=', Buffer.from('late')), false)
    assert.equal(await b.touch('far=', 10_000), undefined)
    assert.equal(await b.get('far='), undefined, 'a touch after the removal leaves nothing behind')
  })

  it('a node that stops without closing its connections: one survivor removes them and reports each once', async () => {
    const prefix = `${runPrefix}${made++}:`
    const dying = await open(prefix, 50)
    const survivors = [await open(prefix, 50), await open(prefix, 50)]
    const lost: string[] = []
    for (const survivor of survivors) survivor.onLost((lostRecord) => lost.push(lostRecord.connectionId))
    await dying.add(record('x='), { send: () => {}, close: () => {} })
    await dying.add(record('y='), { send: () => {}, close: () => {} })
    await dying.close()
    await within(5_000, 'both connections reported lost', (async () => {
      while (lost.length < 2) await new Promise((resolve) => setTimeout(resolve, 10))
    })())
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.deepEqual(lost.sort(), ['x=', 'y='])
    assert.equal(await survivors[0].get('x='), undefined)
    assert.equal(await survivors[1].post('y=', Buffer.from('z')), false)
  })
})
