import assert from 'node:assert/strict'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { it } from 'node:test'
import { Client } from 'pg'
import { describeWithPostgres } from '../../../test/helpers/postgres-server.ts'
import { contractApi as api } from '../contract-fixtures.ts'
import { describeStoreContract } from '../store.contract.ts'
import { ACCOUNT_SCOPE, type StoreChangeEvent } from '../store.ts'
import { POSTGRES_MIGRATIONS } from './migrations.ts'
import { PostgresStore } from './postgres-store.ts'

const WAITS = { timeout: 20_000 }

async function query<R extends object>(url: string, text: string): Promise<R[]> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<R>(text)).rows
  } finally {
    await client.end()
  }
}

describeWithPostgres('PostgresStore', (postgres) => {
  describeStoreContract(
    'postgres',
    async (options) => PostgresStore.open({ url: await postgres.freshDatabase(), ...options }),
    async () => {
      // Two pools on one database share nothing in memory, as two nodes would. The poll is slowed
      // down so that the notifications, not the poll, carry the commits across.
      const url = await postgres.freshDatabase()
      return [await PostgresStore.open({ url, pollIntervalMs: 60_000 }), await PostgresStore.open({ url, pollIntervalMs: 60_000 })]
    },
  )

  it('migrates once when ten stores start at once on a fresh database', WAITS, async () => {
    const url = await postgres.freshDatabase()
    const stores = await Promise.all(Array.from({ length: 10 }, () => PostgresStore.open({ url })))
    try {
      const applied = await query<{ version: number }>(url, 'SELECT version FROM gatehouse_schema_migrations ORDER BY version')
      assert.deepEqual(applied.map((row) => row.version), POSTGRES_MIGRATIONS.map((migration) => migration.version))
      await stores[3].transaction((tx) => tx.insert('restapi', ACCOUNT_SCOPE, 'a1', api('a1')))
      assert.deepEqual(await Promise.all(stores.map((store) => store.revision())), Array(10).fill(1))
    } finally {
      await Promise.all(stores.map((store) => store.close()))
    }
  })

  it('refuses a database migrated by a newer Gatehouse, naming both schema versions and never the password', WAITS, async () => {
    const url = await postgres.freshDatabase()
    await (await PostgresStore.open({ url })).close()
    await query(url, "INSERT INTO gatehouse_schema_migrations (version, description) VALUES (999, 'future')")
    const password = new URL(url).password
    await assert.rejects(PostgresStore.open({ url }), (error: Error) => {
      assert.match(error.message, /migrated by a newer Gatehouse \(schema 999, this one knows \d+\).*--database-url/)
      assert.match(error.message, /127\.0\.0\.1:\d+\/gatehouse_test_/)
      assert.ok(!error.message.includes(password))
      return true
    })
  })

  it('gives exactly one of two stores inserting the same id at once the document, the other false', WAITS, async () => {
    const url = await postgres.freshDatabase()
    const [first, second] = [await PostgresStore.open({ url }), await PostgresStore.open({ url })]
    try {
      for (let round = 0; round < 10; round++) {
        const id = `same-${round}`
        const outcomes = await Promise.all([first, second].map((store, n) =>
          store.transaction((tx) => tx.insert('restapi', ACCOUNT_SCOPE, id, api(id, `by-${n}`)))))
        assert.deepEqual(outcomes.toSorted(), [false, true], `round ${round}: ${outcomes}`)
        const winner = outcomes.indexOf(true)
        assert.equal((await second.get('restapi', ACCOUNT_SCOPE, id))?.name, `by-${winner}`)
      }
      assert.equal((await first.list('restapi', ACCOUNT_SCOPE)).length, 10)
      assert.equal(await first.revision(), 10, 'one revision per insert that won; none for one that lost')
    } finally {
      await first.close()
      await second.close()
    }
  })

  it('serialises read-modify-write transactions of two stores on one database', WAITS, async () => {
    const url = await postgres.freshDatabase()
    const [first, second] = [await PostgresStore.open({ url }), await PostgresStore.open({ url })]
    try {
      await first.transaction((tx) => tx.put('restapi', ACCOUNT_SCOPE, 'n', api('n', '0')))
      const increment = (store: PostgresStore) => store.transaction(async (tx) => {
        const current = await tx.get('restapi', ACCOUNT_SCOPE, 'n')
        await tx.put('restapi', ACCOUNT_SCOPE, 'n', api('n', String(Number(current?.name) + 1)))
      })
      await Promise.all(Array.from({ length: 20 }, (_, n) => increment(n % 2 === 0 ? first : second)))
      assert.equal((await first.get('restapi', ACCOUNT_SCOPE, 'n'))?.name, '20')
    } finally {
      await first.close()
      await second.close()
    }
  })

  it('leaves nothing of a transaction whose connection is killed half-way', WAITS, async () => {
    const url = await postgres.freshDatabase()
    const store = await PostgresStore.open({ url })
    try {
      await assert.rejects(store.transaction(async (tx) => {
        await tx.insert('restapi', ACCOUNT_SCOPE, 'half', api('half'))
        await tx.put('resource', 'half', 'root', { id: 'root', path: '/' })
        // Another session ends this one, as a lost connection would.
        await query(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'gatehouse' AND state = 'idle in transaction'")
        await tx.put('resource', 'half', 'r1', { id: 'r1', path: '/r1' })
      }))
      assert.equal(await store.get('restapi', ACCOUNT_SCOPE, 'half'), undefined)
      assert.deepEqual(await store.list('resource', 'half'), [])
      assert.equal(await store.revision(), 0)
      // The store carries on with a new connection.
      await store.transaction((tx) => tx.insert('restapi', ACCOUNT_SCOPE, 'whole', api('whole')))
      assert.equal((await store.get('restapi', ACCOUNT_SCOPE, 'whole'))?.id, 'whole')
    } finally {
      await store.close()
    }
  })

  it('catches up a watcher whose notification connection was cut, without waiting for the poll', WAITS, async () => {
    const url = await postgres.freshDatabase()
    const reported: string[] = []
    const logger = { warn: (message: string) => reported.push(message), info: (message: string) => reported.push(message) }
    const [here, there] = [await PostgresStore.open({ url, pollIntervalMs: 60_000, logger: logger as never }), await PostgresStore.open({ url })]
    try {
      const events: StoreChangeEvent[] = []
      let seen: (revision: number) => void = () => {}
      const subscription = here.watch(0, (event) => {
        events.push(event)
        seen(event.revision)
      })
      const until = (revision: number) => new Promise<void>((resolve) => {
        if (events.some((event) => event.revision >= revision)) return resolve()
        seen = (reached) => reached >= revision && resolve()
      })
      await there.transaction((tx) => tx.insert('restapi', ACCOUNT_SCOPE, 'a1', api('a1')))
      await until(1)
      // Cut the listening connection, commit while it is down: the notification is lost for good.
      await query(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()")
      await there.transaction((tx) => tx.insert('restapi', ACCOUNT_SCOPE, 'a2', api('a2')))
      await until(2)
      assert.deepEqual(events.map((event) => [event.revision, event.changes?.map((change) => change.id)]), [[1, ['a1']], [2, ['a2']]])
      assert.match(reported[0], /change feed lost PostgreSQL at 127\.0\.0\.1:\d+\/gatehouse_test_\w+ \(terminating connection/)
      subscription.close()
    } finally {
      await here.close()
      await there.close()
    }
  })

  it('waits for a PostgreSQL that is not there yet, naming host:port and never the password, then opens', WAITS, async () => {
    const url = new URL(await postgres.freshDatabase())
    const target = { host: url.hostname, port: Number(url.port) }
    const proxy = await listenOnFreePort()
    const { port } = proxy.address() as { port: number }
    proxy.close()
    url.hostname = '127.0.0.1'
    url.port = String(port)
    const retries: string[] = []
    let forwarder: Server | undefined
    const logger = {
      warn(message: string) {
        retries.push(message)
        // PostgreSQL "comes up" once the first refusal was reported.
        forwarder ??= forward(port, target)
      },
      info() {},
    }
    const store = await PostgresStore.open({ url: url.toString(), logger: logger as never, connectTimeoutMs: 15_000 })
    try {
      assert.match(retries[0], new RegExp(`PostgreSQL at 127\\.0\\.0\\.1:${port}/gatehouse_test_\\w+ is not reachable \\(ECONNREFUSED\\); retrying in \\d+ ms`))
      assert.ok(retries.every((message) => !message.includes(url.password)))
      assert.equal(await store.revision(), 0)
    } finally {
      await store.close()
      await new Promise((resolve) => forwarder?.close(resolve))
    }
  })

  it('gives up on a PostgreSQL that never comes, after the time it was given, with a message naming the fix', WAITS, async () => {
    const proxy = await listenOnFreePort()
    const { port } = proxy.address() as { port: number }
    await new Promise((resolve) => proxy.close(resolve))
    const retries: string[] = []
    const logger = { warn: (message: string) => retries.push(message), info() {} }
    await assert.rejects(
      PostgresStore.open({ url: `postgres://gatehouse:s3cret-pw@127.0.0.1:${port}/nowhere`, logger: logger as never, connectTimeoutMs: 1_000 }),
      (error: Error) => {
        assert.match(error.message, new RegExp(`cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}/nowhere after \\d+ s \\(ECONNREFUSED\\): start it, or pass another --database-url`))
        assert.ok(!error.message.includes('s3cret-pw'))
        return true
      },
    )
    assert.ok(retries.length >= 2, `retried with backoff: ${retries.join('; ')}`)
  })
})

function listenOnFreePort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })
}

/** A TCP forwarder from `port` to the real server: PostgreSQL appearing where it was expected. */
function forward(port: number, target: { host: string; port: number }): Server {
  const sockets = new Set<Socket>()
  const server = createServer((incoming) => {
    const outgoing = createConnection(target)
    for (const socket of [incoming, outgoing]) {
      sockets.add(socket)
      socket.on('error', () => socket.destroy())
      socket.on('close', () => sockets.delete(socket))
    }
    incoming.pipe(outgoing).pipe(incoming)
  })
  const close = server.close.bind(server)
  server.close = (callback?: (error?: Error) => void) => {
    for (const socket of sockets) socket.destroy()
    return close(callback)
  }
  server.listen(port, '127.0.0.1')
  return server
}
