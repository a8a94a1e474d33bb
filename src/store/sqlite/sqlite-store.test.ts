import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, describe, it } from 'node:test'
import { describeStoreContract } from '../store.contract.ts'
import { SqliteStore } from './sqlite-store.ts'
import { SQLITE_MIGRATIONS } from './migrations.ts'

describeStoreContract('sqlite in memory', async () => new SqliteStore({ filename: ':memory:' }))

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-store-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
describeStoreContract('sqlite file', async () => new SqliteStore({ filename: join(dir, `contract-${n++}`, 'gatehouse.db') }))

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
    await second.close()
    const db = new DatabaseSync(filename)
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => r.version)
    db.close()
    assert.deepEqual(versions, SQLITE_MIGRATIONS.map((m) => m.version))
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
