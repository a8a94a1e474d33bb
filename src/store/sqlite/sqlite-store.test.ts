import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { DatabaseSync } from 'node:sqlite'
import { after, describe, it } from 'node:test'
import { describeStoreContract } from '../store.contract.ts'
import { SqliteStore } from './sqlite-store.ts'
import { SQLITE_MIGRATIONS } from './migrations.ts'

describeStoreContract('sqlite in memory', async (options) => new SqliteStore({ filename: ':memory:', ...options }))

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-store-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
describeStoreContract(
  'sqlite file',
  async (options) => new SqliteStore({ filename: join(dir, `contract-${n++}`, 'gatehouse.db'), ...options }),
  async () => {
    // A short poll keeps the test quick; the watcher still waits for the event, not for a time.
    const filename = join(dir, `contract-${n++}`, 'gatehouse.db')
    return [new SqliteStore({ filename, pollIntervalMs: 10 }), new SqliteStore({ filename, pollIntervalMs: 10 })]
  },
)

describe('SqliteStore on disk', () => {
  it('keeps data across restarts and records applied migrations', async () => {
    const filename = join(dir, 'restart', 'gatehouse.db')
    const first = new SqliteStore({ filename })
    await first.transaction((tx) =>
      tx.insert('model', 'a1', 'Empty', { id: 'm1', name: 'Empty', contentType: 'application/json' }),
    )
    await first.close()
    const second = new SqliteStore({ filename })
    assert.equal((await second.get('model', 'a1', 'Empty'))?.id, 'm1')
    assert.equal(await second.revision(), 1)
    await second.close()
    const db = new DatabaseSync(filename)
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => r.version)
    db.close()
    assert.deepEqual(versions, SQLITE_MIGRATIONS.map((m) => m.version))
  })

  it('tells a watcher from 0 to reset on data written before the change log existed', async () => {
    const filename = join(dir, 'before-change-log', 'gatehouse.db')
    mkdirSync(dirname(filename), { recursive: true })
    const db = new DatabaseSync(filename)
    const [first] = SQLITE_MIGRATIONS
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)')
    db.exec(first.sql)
    db.prepare("INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, 'then')").run(first.version, first.description)
    db.prepare("INSERT INTO documents (kind, scope, id, body) VALUES ('model', 'a1', 'Empty', '{}')").run()
    db.close()
    const store = new SqliteStore({ filename })
    try {
      assert.equal(await store.revision(), 1)
      const event = await new Promise((resolve) => {
        const subscription = store.watch(0, (received) => {
          subscription.close()
          resolve(received)
        })
      })
      assert.deepEqual(event, { revision: 1, reset: true })
    } finally {
      await store.close()
    }
  })

  it('opens a fresh file while another process is migrating it: waits for that process, then finds nothing left to apply', async () => {
    // The workers of `serve --workers N` open one fresh data directory at once. The other process here takes the
    // write lock, applies the migrations, and commits 200 ms after it is told to go; this one reads the applied
    // versions in between, finds them all pending, and must not apply them a second time.
    const filename = join(dir, 'two-processes', 'gatehouse.db')
    mkdirSync(dirname(filename), { recursive: true })
    const other = spawn(process.execPath, ['--input-type=module', '-e', `
      import { createInterface } from 'node:readline'
import { DatabaseSync } from 'node:sqlite'
      const db = new DatabaseSync(process.env.FILE)
      db.exec('PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;')
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)')
      db.exec('BEGIN IMMEDIATE')
      for (const m of JSON.parse(process.env.MIGRATIONS)) {
        db.exec(m.sql)
        db.prepare("INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, 'other')").run(m.version, m.description)
      }
      console.log('locked')
      process.stdin.once('data', () => setTimeout(() => { db.exec('COMMIT'); console.log('committed'); process.exit(0) }, 200))
    `], { env: { ...process.env, FILE: filename, MIGRATIONS: JSON.stringify(SQLITE_MIGRATIONS) }, stdio: ['pipe', 'pipe', 'inherit'] })
    const output = createInterface({ input: other.stdout! })
    const lines = output[Symbol.asyncIterator]()
    assert.equal((await lines.next()).value, 'locked')
    other.stdin!.write('go\n')
    const store = new SqliteStore({ filename })
    try {
      assert.equal((await lines.next()).value, 'committed')
      await store.transaction((tx) => tx.put('model', 'a1', 'Empty', { id: 'm1', name: 'Empty', contentType: 'application/json', schema: '{}' }))
      assert.equal((await store.get('model', 'a1', 'Empty'))?.id, 'm1')
    } finally {
      await store.close()
    }
    const db = new DatabaseSync(filename)
    const rows = db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all() as { version: number; applied_at: string }[]
    db.close()
    assert.deepEqual(rows.map((row) => [row.version, row.applied_at]), SQLITE_MIGRATIONS.map((m) => [m.version, 'other']))
  })

  it('refuses a data directory written by a newer schema, naming the fix', () => {
    const filename = join(dir, 'newer', 'gatehouse.db')
    new SqliteStore({ filename }).close()
    const db = new DatabaseSync(filename)
    db.prepare("INSERT INTO schema_migrations (version, description, applied_at) VALUES (999, 'future', 'now')").run()
    db.close()
    assert.throws(() => new SqliteStore({ filename }), /newer Gatehouse.*--data-dir/)
  })
})

describe('SqliteStore.forEachDocument', () => {
  it('visits what list answers, in the same order, waiting for a transaction in progress to commit', async () => {
    const store = new SqliteStore({ filename: ':memory:' })
    try {
      const key = (id: string) => ({ id, value: `value-${id}`, name: id, enabled: true, createdDate: 0, lastUpdatedDate: 0, stageKeys: [] })
      await store.transaction(async (tx) => {
        for (const id of ['b', 'a', 'c']) await tx.insert('api-key', '', id, key(id))
        await tx.insert('restapi', '', 'other-kind', { id: 'other-kind', name: 'x', createdDate: 0 } as never)
      })
      let release = (): void => {}
      const held = new Promise<void>((done) => (release = done))
      let started = (): void => {}
      const begun = new Promise<void>((done) => (started = done))
      const open = store.transaction(async (tx) => {
        await tx.insert('api-key', '', 'd', key('d'))
        started()
        await held
      })
      await begun
      const visited: string[] = []
      const visiting = store.forEachDocument('api-key', '', (doc) => visited.push(doc.id))
      await new Promise((done) => setImmediate(done))
      const whileOpen = [...visited]
      release()
      await open
      assert.deepEqual(whileOpen, [], 'nothing is read while the transaction is open')
      await visiting
      assert.deepEqual(visited, (await store.list('api-key', '')).map((doc) => doc.id))
      assert.deepEqual(visited, ['b', 'a', 'c', 'd'])
    } finally {
      await store.close()
    }
  })
})
