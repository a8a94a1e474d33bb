import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ConnectionEndpoint, ConnectionRecord, ConnectionRegistry } from './connection-registry.ts'

const record = (connectionId: string): ConnectionRecord => ({
  connectionId, apiId: 'api', stage: 'dev', domainName: 'api.execute-api.localhost', connectedAt: 1_000, lastActiveAt: 1_000, sourceIp: '127.0.0.1', userAgent: 'test',
})

function recordingEndpoint(): ConnectionEndpoint & { sent: string[]; closed: [number, string][] } {
  const sent: string[] = []
  const closed: [number, string][] = []
  return { sent, closed, send: (data) => sent.push(data.toString()), close: (code, reason) => closed.push([code, reason]) }
}

/** The behaviour every ConnectionRegistry adapter must show (docs/architecture.md, "State"). */
export function describeConnectionRegistryContract(name: string, makeRegistry: () => Promise<ConnectionRegistry>): void {
  describe(`ConnectionRegistry contract: ${name}`, () => {
    it('finds a connection added, moves LastActiveAt on touch, forgets it once removed', async () => {
      const registry = await makeRegistry()
      await registry.add(record('c1='), recordingEndpoint())
      assert.deepEqual(await registry.get('c1='), record('c1='))
      await registry.touch('c1=', 5_000)
      assert.equal((await registry.get('c1='))?.lastActiveAt, 5_000)
      assert.equal((await registry.get('c1='))?.connectedAt, 1_000)
      await registry.remove('c1=')
      assert.equal(await registry.get('c1='), undefined)
    })

    it('posts to and disconnects the connection\'s own endpoint; an unknown id is gone', async () => {
      const registry = await makeRegistry()
      const mine = recordingEndpoint()
      const other = recordingEndpoint()
      await registry.add(record('mine='), mine)
      await registry.add(record('other='), other)
      assert.equal(await registry.post('mine=', Buffer.from('hello')), true)
      assert.equal(await registry.disconnect('mine=', 1000, 'bye'), true)
      assert.deepEqual(mine.sent, ['hello'])
      assert.deepEqual(mine.closed, [[1000, 'bye']])
      assert.deepEqual(other.sent, [])
      assert.equal(await registry.post('nobody=', Buffer.from('x')), false)
      assert.equal(await registry.disconnect('nobody=', 1000, ''), false)
    })
  })
}
