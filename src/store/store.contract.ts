import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { contractApi as api, contractResource as resource } from './contract-fixtures.ts'
import { describeChangeFeedContract, type MakeContractPeers, type MakeContractStore } from './change-feed.contract.ts'
import { ACCOUNT_SCOPE } from './store.ts'

/**
 * The behaviour every Store adapter must show. Each adapter's test calls this with a factory that
 * returns a fresh, empty store, and, where the adapter can share its data between instances, one
 * that returns two stores over the same fresh data.
 */
export function describeStoreContract(name: string, makeStore: MakeContractStore, makePeers?: MakeContractPeers): void {
  describeChangeFeedContract(name, makeStore, makePeers)
  describe(`Store contract: ${name}`, () => {
    it('reads back what a committed transaction wrote', async () => {
      const store = await makeStore()
      try {
        await store.transaction(async (tx) => {
          assert.equal(await tx.insert('restapi', ACCOUNT_SCOPE, 'a1', api('a1')), true)
        })
        assert.deepEqual(await store.get('restapi', ACCOUNT_SCOPE, 'a1'), api('a1'))
        assert.equal(await store.get('restapi', ACCOUNT_SCOPE, 'missing'), undefined)
      } finally {
        await store.close()
      }
    })

    it('refuses to insert over an existing id, and put replaces while keeping creation order', async () => {
      const store = await makeStore()
      try {
        await store.transaction(async (tx) => {
          await tx.insert('resource', 'a1', 'r1', resource('r1', '/'))
          await tx.insert('resource', 'a1', 'r2', resource('r2', '/b'))
          await tx.insert('resource', 'a1', 'r3', resource('r3', '/c'))
          assert.equal(await tx.insert('resource', 'a1', 'r2', resource('r2', '/other')), false)
          await tx.put('resource', 'a1', 'r1', resource('r1', '/moved'))
        })
        const listed = await store.list('resource', 'a1')
        assert.deepEqual(listed.map((r) => [r.id, r.path]), [['r1', '/moved'], ['r2', '/b'], ['r3', '/c']])
      } finally {
        await store.close()
      }
    })

    it('rolls back everything a failed transaction wrote', async () => {
      const store = await makeStore()
      try {
        await store.transaction(async (tx) => {
          await tx.insert('restapi', ACCOUNT_SCOPE, 'keep', api('keep'))
        })
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.insert('restapi', ACCOUNT_SCOPE, 'lost', api('lost'))
            await tx.put('restapi', ACCOUNT_SCOPE, 'keep', api('keep', 'renamed'))
            await tx.delete('restapi', ACCOUNT_SCOPE, 'keep')
            throw new Error('boom')
          }),
          /boom/,
        )
        assert.equal(await store.get('restapi', ACCOUNT_SCOPE, 'lost'), undefined)
        assert.equal((await store.get('restapi', ACCOUNT_SCOPE, 'keep'))?.name, 'keep')
      } finally {
        await store.close()
      }
    })

    it('keeps scopes apart and deletes a whole scope', async () => {
      const store = await makeStore()
      try {
        await store.transaction(async (tx) => {
          await tx.insert('resource', 'a1', 'r1', resource('r1', '/'))
          await tx.insert('resource', 'a2', 'r1', resource('r1', '/'))
          await tx.insert('stage', 'a1', 'prod', {
            stageName: 'prod', deploymentId: 'd1', createdDate: 1, lastUpdatedDate: 1, cacheClusterEnabled: false,
            cacheClusterStatus: 'NOT_AVAILABLE', methodSettings: {}, tracingEnabled: false,
          })
        })
        const removed = await store.transaction((tx) => tx.deleteScope('a1'))
        assert.equal(removed, 2)
        assert.deepEqual(await store.list('resource', 'a1'), [])
        assert.deepEqual(await store.list('stage', 'a1'), [])
        assert.equal((await store.list('resource', 'a2')).length, 1)
        assert.equal(await store.transaction((tx) => tx.delete('resource', 'a2', 'nope')), false)
      } finally {
        await store.close()
      }
    })

    it('serialises concurrent transactions, and outside reads see only committed data', async () => {
      const store = await makeStore()
      try {
        await store.transaction((tx) => tx.put('restapi', ACCOUNT_SCOPE, 'n', api('n', '0')))
        let release!: () => void
        let started!: () => void
        const gate = new Promise<void>((resolve) => (release = resolve))
        const inside = new Promise<void>((resolve) => (started = resolve))
        const slow = store.transaction(async (tx) => {
          await tx.put('restapi', ACCOUNT_SCOPE, 'n', api('n', 'uncommitted'))
          started()
          await gate
          await tx.put('restapi', ACCOUNT_SCOPE, 'n', api('n', '1'))
        })
        // Read-modify-write increments that would lose updates if transactions interleaved.
        const increments = Array.from({ length: 5 }, () =>
          store.transaction(async (tx) => {
            const current = await tx.get('restapi', ACCOUNT_SCOPE, 'n')
            await tx.put('restapi', ACCOUNT_SCOPE, 'n', api('n', String(Number(current?.name) + 1)))
          }),
        )
        await inside
        const outside = store.get('restapi', ACCOUNT_SCOPE, 'n')
        release()
        await Promise.all([slow, ...increments])
        assert.notEqual((await outside)?.name, 'uncommitted')
        assert.equal((await store.get('restapi', ACCOUNT_SCOPE, 'n'))?.name, '6')
      } finally {
        await store.close()
      }
    })

    it('returns copies: mutating a read document does not change the store', async () => {
      const store = await makeStore()
      try {
        await store.transaction((tx) => tx.insert('restapi', ACCOUNT_SCOPE, 'c', api('c')))
        const read = await store.get('restapi', ACCOUNT_SCOPE, 'c')
        assert.ok(read)
        read.name = 'mutated'
        assert.equal((await store.get('restapi', ACCOUNT_SCOPE, 'c'))?.name, 'c')
      } finally {
        await store.close()
      }
    })
  })
}
