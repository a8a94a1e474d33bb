import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import type { DocumentKind, DocumentTypes, Store, StoreTransaction } from '../store.ts'
import { SQLITE_MIGRATIONS } from './migrations.ts'

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' for `--in-memory`. */
  readonly filename: string
}

/**
 * The embedded store on node:sqlite. node:sqlite is synchronous, so every statement is short and
 * indexed; transactions are queued so that two async units of work never interleave inside one
 * SQLite transaction on the shared connection.
 */
export class SqliteStore implements Store {
  readonly #db: DatabaseSync
  readonly #get: StatementSync
  readonly #list: StatementSync
  readonly #insert: StatementSync
  readonly #upsert: StatementSync
  readonly #delete: StatementSync
  readonly #deleteScope: StatementSync
  #queue: Promise<unknown> = Promise.resolve()
  #inTransaction = false
  #closed = false

  constructor(options: SqliteStoreOptions) {
    if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true })
    this.#db = new DatabaseSync(options.filename)
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;')
    migrate(this.#db)
    this.#get = this.#db.prepare('SELECT body FROM documents WHERE kind = ? AND scope = ? AND id = ?')
    this.#list = this.#db.prepare('SELECT body FROM documents WHERE kind = ? AND scope = ? ORDER BY seq')
    this.#insert = this.#db.prepare(
      'INSERT INTO documents (kind, scope, id, body) VALUES (?, ?, ?, ?) ON CONFLICT (kind, scope, id) DO NOTHING',
    )
    this.#upsert = this.#db.prepare(
      'INSERT INTO documents (kind, scope, id, body) VALUES (?, ?, ?, ?) ON CONFLICT (kind, scope, id) DO UPDATE SET body = excluded.body',
    )
    this.#delete = this.#db.prepare('DELETE FROM documents WHERE kind = ? AND scope = ? AND id = ?')
    this.#deleteScope = this.#db.prepare('DELETE FROM documents WHERE scope = ?')
  }

  async get<K extends DocumentKind>(kind: K, scope: string, id: string): Promise<DocumentTypes[K] | undefined> {
    // One connection serves both: wait for an open transaction to end, then read at once (no await
    // between the check and the read, or a transaction could begin in the gap).
    while (this.#inTransaction) await this.#queue
    return this.#read(kind, scope, id)
  }

  async list<K extends DocumentKind>(kind: K, scope: string): Promise<DocumentTypes[K][]> {
    while (this.#inTransaction) await this.#queue
    return this.#readAll(kind, scope)
  }

  #read<K extends DocumentKind>(kind: K, scope: string, id: string): DocumentTypes[K] | undefined {
    const row = this.#get.get(kind, scope, id) as { body: string } | undefined
    return row === undefined ? undefined : (JSON.parse(row.body) as DocumentTypes[K])
  }

  #readAll<K extends DocumentKind>(kind: K, scope: string): DocumentTypes[K][] {
    return (this.#list.all(kind, scope) as { body: string }[]).map((row) => JSON.parse(row.body) as DocumentTypes[K])
  }

  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.#closed) throw new Error('the store is closed')
      this.#db.exec('BEGIN IMMEDIATE')
      this.#inTransaction = true
      try {
        const result = await work(this.#transaction())
        this.#db.exec('COMMIT')
        return result
      } catch (error) {
        this.#db.exec('ROLLBACK')
        throw error
      } finally {
        this.#inTransaction = false
      }
    }
    const result = this.#queue.then(run, run)
    this.#queue = result.catch(() => undefined)
    return result
  }

  async close(): Promise<void> {
    await this.#queue
    if (this.#closed) return
    this.#closed = true
    this.#db.close()
  }

  #transaction(): StoreTransaction {
    return {
      get: async (kind, scope, id) => this.#read(kind, scope, id),
      list: async (kind, scope) => this.#readAll(kind, scope),
      insert: async (kind, scope, id, doc) => this.#insert.run(kind, scope, id, JSON.stringify(doc)).changes === 1,
      put: async (kind, scope, id, doc) => {
        this.#upsert.run(kind, scope, id, JSON.stringify(doc))
      },
      delete: async (kind, scope, id) => this.#delete.run(kind, scope, id).changes === 1,
      deleteScope: async (scope) => Number(this.#deleteScope.run(scope).changes),
    }
  }
}

function migrate(db: DatabaseSync): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)')
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  )
  const newest = Math.max(0, ...applied)
  const known = Math.max(0, ...SQLITE_MIGRATIONS.map((m) => m.version))
  if (newest > known) {
    throw new Error(`the data directory was written by a newer Gatehouse (schema ${newest}, this one knows ${known}): upgrade Gatehouse or pass another --data-dir`)
  }
  for (const migration of SQLITE_MIGRATIONS) {
    if (applied.has(migration.version)) continue
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.description,
        new Date().toISOString(),
      )
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }
}
