import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { contractApi as api, contractResource as resource } from './contract-fixtures.ts'
import { ACCOUNT_SCOPE, type Store, type StoreChangeEvent, type StoreChangeListener, type StoreSubscription } from './store.ts'

/** What the change-feed cases need from an adapter's store factory beyond an empty store. */
export interface StoreContractOptions {
  /** Keep only this many of the latest revisions in the change log. */
  readonly retainRevisions?: number
  /** Where the store reports a failing change listener. */
  readonly onListenerError?: (error: unknown) => void
}

export type MakeContractStore = (options?: StoreContractOptions) => Promise<Store>

/** Two stores over the same data that share nothing in memory, as two processes would. */
export type MakeContractPeers = () => Promise<readonly [Store, Store]>

/** A watcher that keeps what it receives and lets a test wait for a revision instead of sleeping. */
function record(store: Store, since: number, onEvent?: StoreChangeListener): {
  events: StoreChangeEvent[]
  subscription: StoreSubscription
  until(revision: number): Promise<void>
} {
  const events: StoreChangeEvent[] = []
  const waiting: { revision: number; resolve: () => void }[] = []
  const subscription = store.watch(since, (event) => {
    events.push(event)
    for (const waiter of waiting) if (event.revision >= waiter.revision) waiter.resolve()
    return onEvent?.(event)
  })
  const until = (revision: number): Promise<void> =>
    events.some((event) => event.revision >= revision)
      ? Promise.resolve()
      : new Promise((resolve) => waiting.push({ revision, resolve }))
  return { events, subscription, until }
}

const write = (store: Store, id: string): Promise<void> =>
  store.transaction((tx) => tx.put('resource', 'w', id, resource(id, `/${id}`)))

// The cases wait for events rather than for time; a delivery that never comes fails the case instead of hanging the run.
const WAITS = { timeout: 10_000 }

export function describeChangeFeedContract(name: string, makeStore: MakeContractStore, makePeers?: MakeContractPeers): void {
  describe(`Store change feed: ${name}`, () => {
    it('takes one revision per transaction that wrote, whatever it wrote', WAITS, async () => {
      const store = await makeStore()
      try {
        assert.equal(await store.revision(), 0)
        await store.transaction(async (tx) => {
          await tx.insert('restapi', ACCOUNT_SCOPE, 'a1', api('a1'))
          await tx.put('resource', 'a1', 'r1', resource('r1', '/'))
          await tx.put('resource', 'a1', 'r2', resource('r2', '/b'))
        })
        assert.equal(await store.revision(), 1)
        await store.transaction((tx) => tx.delete('resource', 'a1', 'r2'))
        assert.equal(await store.revision(), 2)
      } finally {
        await store.close()
      }
    })

    it('takes no revision for read-only, rolled-back or no-op transactions', WAITS, async () => {
      const store = await makeStore()
      try {
        await store.transaction((tx) => tx.insert('restapi', ACCOUNT_SCOPE, 'a1', api('a1')))
        const watcher = record(store, 1)
        await store.transaction((tx) => tx.get('restapi', ACCOUNT_SCOPE, 'a1'))
        await assert.rejects(
          store.transaction(async (tx) => {
            await tx.put('resource', 'a1', 'r1', resource('r1', '/'))
            throw new Error('boom')
          }),
          /boom/,
        )
        await store.transaction(async (tx) => {
          assert.equal(await tx.insert('restapi', ACCOUNT_SCOPE, 'a1', api('a1')), false)
          assert.equal(await tx.delete('resource', 'a1', 'missing'), false)
          assert.equal(await tx.deleteScope('empty'), 0)
        })
        assert.equal(await store.revision(), 1)
        await store.transaction((tx) => tx.put('resource', 'a1', 'r2', resource('r2', '/b')))
        await watcher.until(2)
        // Delivery is in order, so an event for any of the transactions above would have come first.
        assert.deepEqual(watcher.events, [{ revision: 2, changes: [{ op: 'put', kind: 'resource', scope: 'a1', id: 'r2' }] }])
        watcher.subscription.close()
      } finally {
        await store.close()
      }
    })

    it('replays the whole history to a watcher from 0, a deleted scope included', WAITS, async () => {
      const store = await makeStore()
      try {
        await store.transaction(async (tx) => {
          await tx.insert('restapi', ACCOUNT_SCOPE, 'a1', api('a1'))
          await tx.put('resource', 'a1', 'r1', resource('r1', '/'))
          await tx.put('resource', 'a1', 'r2', resource('r2', '/b'))
        })
        await store.transaction((tx) => tx.delete('resource', 'a1', 'r1'))
        await store.transaction(async (tx) => {
          await tx.deleteScope('a1')
          await tx.delete('restapi', ACCOUNT_SCOPE, 'a1')
        })
        const watcher = record(store, 0)
        await watcher.until(3)
        assert.deepEqual(watcher.events, [
          {
            revision: 1,
            changes: [
              { op: 'put', kind: 'restapi', scope: ACCOUNT_SCOPE, id: 'a1' },
              { op: 'put', kind: 'resource', scope: 'a1', id: 'r1' },
              { op: 'put', kind: 'resource', scope: 'a1', id: 'r2' },
            ],
          },
          { revision: 2, changes: [{ op: 'delete', kind: 'resource', scope: 'a1', id: 'r1' }] },
          {
            revision: 3,
            changes: [
              { op: 'deleteScope', scope: 'a1' },
              { op: 'delete', kind: 'restapi', scope: ACCOUNT_SCOPE, id: 'a1' },
            ],
          },
        ])
        watcher.subscription.close()
      } finally {
        await store.close()
      }
    })

    it('lists a document written several times in one transaction once, at its last write', WAITS, async () => {
      const store = await makeStore()
      try {
        const watcher = record(store, 0)
        await store.transaction(async (tx) => {
          await tx.put('resource', 'a1', 'r1', resource('r1', '/'))
          await tx.put('resource', 'a1', 'r2', resource('r2', '/b'))
          await tx.deleteScope('a1')
          await tx.put('resource', 'a1', 'r1', resource('r1', '/again'))
          await tx.put('resource', 'a1', 'r1', resource('r1', '/and-again'))
        })
        await watcher.until(1)
        assert.deepEqual(watcher.events, [
          {
            revision: 1,
            changes: [
              { op: 'put', kind: 'resource', scope: 'a1', id: 'r2' },
              { op: 'deleteScope', scope: 'a1' },
              { op: 'put', kind: 'resource', scope: 'a1', id: 'r1' },
            ],
          },
        ])
        watcher.subscription.close()
      } finally {
        await store.close()
      }
    })

    it('shows a watcher from the current revision only what comes after, with no gap after revision()', WAITS, async () => {
      const store = await makeStore()
      try {
        await write(store, 'old')
        const since = await store.revision()
        // Committed between reading the revision and watching: must still be delivered.
        await write(store, 'between')
        const watcher = record(store, since)
        await write(store, 'after')
        await watcher.until(since + 2)
        assert.deepEqual(watcher.events, [
          { revision: since + 1, changes: [{ op: 'put', kind: 'resource', scope: 'w', id: 'between' }] },
          { revision: since + 2, changes: [{ op: 'put', kind: 'resource', scope: 'w', id: 'after' }] },
        ])
        watcher.subscription.close()
      } finally {
        await store.close()
      }
    })

    it('delivers a commit made here before the transaction settles, and never calls a listener inside watch()', WAITS, async () => {
      const store = await makeStore()
      try {
        await write(store, 'a')
        let returned = false
        const watcher = record(store, 0, () => assert.ok(returned, 'listener ran before watch() returned'))
        returned = true
        await watcher.until(1)
        await write(store, 'b')
        assert.deepEqual(watcher.events.map((event) => event.revision), [1, 2])
        watcher.subscription.close()
      } finally {
        await store.close()
      }
    })

    it('misses nothing for a watcher that starts while a transaction is open', WAITS, async () => {
      const store = await makeStore()
      try {
        await write(store, 'a')
        let release!: () => void
        let started!: () => void
        const gate = new Promise<void>((resolve) => (release = resolve))
        const inside = new Promise<void>((resolve) => (started = resolve))
        const open = store.transaction(async (tx) => {
          await tx.put('resource', 'w', 'b', resource('b', '/b'))
          started()
          await gate
        })
        await inside
        const watcher = record(store, 0)
        // Let the watcher's first read come and find the transaction still open.
        await new Promise((resolve) => setImmediate(resolve))
        release()
        await open
        await watcher.until(2)
        assert.deepEqual(watcher.events.map((event) => event.revision), [1, 2])
        watcher.subscription.close()
      } finally {
        await store.close()
      }
    })

    it('waits for an async listener before its next event, and stops at close()', WAITS, async () => {
      const store = await makeStore()
      try {
        let release!: () => void
        const gate = new Promise<void>((resolve) => (release = resolve))
        const slow = record(store, 0, (event) => (event.revision === 1 ? gate : undefined))
        const closed = record(store, 0)
        await write(store, 'a')
        await slow.until(1)
        closed.subscription.close()
        await write(store, 'b')
        assert.deepEqual(slow.events.map((event) => event.revision), [1])
        release()
        await slow.until(2)
        assert.deepEqual(slow.events.map((event) => event.revision), [1, 2])
        assert.deepEqual(closed.events.map((event) => event.revision), [1])
        slow.subscription.close()
        slow.subscription.close()
      } finally {
        await store.close()
      }
    })

    it('keeps the store and other watchers going when a listener throws or rejects', WAITS, async () => {
      const reported: unknown[] = []
      const store = await makeStore({ onListenerError: (error) => reported.push(error) })
      try {
        const throwing = record(store, 0, () => {
          throw new Error('sync failure')
        })
        const rejecting = record(store, 0, async () => {
          throw new Error('async failure')
        })
        const healthy = record(store, 0)
        await write(store, 'a')
        await write(store, 'b')
        await Promise.all([throwing.until(2), rejecting.until(2), healthy.until(2)])
        assert.deepEqual(healthy.events.map((event) => event.revision), [1, 2])
        assert.deepEqual(throwing.events.map((event) => event.revision), [1, 2])
        assert.deepEqual(rejecting.events.map((event) => event.revision), [1, 2])
        assert.equal((await store.get('resource', 'w', 'b'))?.path, '/b')
        // The rejection of revision 2 is reported once the listener's promise settles.
        while (reported.length < 4) await new Promise((resolve) => setImmediate(resolve))
        assert.deepEqual(
          reported.map((error) => (error as Error).message).sort(),
          ['async failure', 'async failure', 'sync failure', 'sync failure'],
        )
        for (const watcher of [throwing, rejecting, healthy]) watcher.subscription.close()
      } finally {
        await store.close()
      }
    })

    it('tells a watcher whose revisions were pruned to reset, then carries on from there', WAITS, async () => {
      const store = await makeStore({ retainRevisions: 2 })
      try {
        for (const id of ['a', 'b', 'c', 'd', 'e']) await write(store, id)
        const pruned = record(store, 0)
        const kept = record(store, 3)
        await Promise.all([pruned.until(5), kept.until(5)])
        assert.deepEqual(pruned.events, [{ revision: 5, reset: true }])
        assert.deepEqual(kept.events.map((event) => event.revision), [4, 5])
        await write(store, 'f')
        await pruned.until(6)
        assert.deepEqual(pruned.events.at(-1), { revision: 6, changes: [{ op: 'put', kind: 'resource', scope: 'w', id: 'f' }] })
        pruned.subscription.close()
        kept.subscription.close()
      } finally {
        await store.close()
      }
    })

    it('tells a watcher from a revision this store never reached to reset', WAITS, async () => {
      const store = await makeStore()
      try {
        await write(store, 'a')
        const ahead = record(store, 99)
        await ahead.until(1)
        assert.deepEqual(ahead.events, [{ revision: 1, reset: true }])
        ahead.subscription.close()
      } finally {
        await store.close()
      }
    })

    it('closes its subscriptions when the store closes', WAITS, async () => {
      const store = await makeStore()
      const watcher = record(store, 0)
      await store.close()
      assert.throws(() => store.watch(0, () => undefined), /closed/)
      assert.deepEqual(watcher.events, [])
    })

    if (makePeers !== undefined) {
      it('shows a watcher every commit made through another store on the same data, in order, once', WAITS, async () => {
        const [here, there] = await makePeers()
        try {
          const watcher = record(here, 0)
          await write(there, 'x1')
          await watcher.until(1)
          assert.equal(await here.revision(), 1)
          // Interleaved commits reach the watcher by both paths, its own store's and the poll.
          await write(here, 'h2')
          await write(there, 'x3')
          await write(there, 'x4')
          await write(here, 'h5')
          await write(there, 'x6')
          await watcher.until(6)
          assert.deepEqual(
            watcher.events.map((event) => [event.revision, event.changes?.map((change) => change.id)]),
            [[1, ['x1']], [2, ['h2']], [3, ['x3']], [4, ['x4']], [5, ['h5']], [6, ['x6']]],
          )
          watcher.subscription.close()
        } finally {
          await here.close()
          await there.close()
        }
      })
    }
  })
}
