import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import { ChangeSubscriptions, warnListenerError } from '../change-subscription.ts'
import type {
  DocumentKind,
  DocumentTypes,
  Store,
  StoreChangeEvent,
  StoreChangeListener,
  StoreSubscription,
  StoreTransaction,
} from '../store.ts'
import type { StoreHealth } from '../store-health.ts'
import { TransactionChanges } from '../transaction-changes.ts'
import { SQLITE_MIGRATIONS } from './migrations.ts'
import { SqliteChangeLog } from './sqlite-change-log.ts'

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' for `--in-memory`. */
  readonly filename: string
  /**
   * How often a watched store asks the file whether another process committed (default 200 ms).
   * Commits through this store reach its watchers at once, without waiting for the poll.
   */
  readonly pollIntervalMs?: number
  /** How many of the latest revisions the change log keeps for watchers that fall behind (default 10,000). */
  readonly retainRevisions?: number
  /** Where a change listener's failure is reported (default: a process warning). */
  readonly onListenerError?: (error: unknown) => void
}

const DEFAULT_POLL_INTERVAL_MS = 200
const DEFAULT_RETAIN_REVISIONS = 10_000

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
  readonly #changeLog: SqliteChangeLog
  readonly #subscriptions: ChangeSubscriptions
  readonly #pollIntervalMs: number
  readonly #onListenerError: (error: unknown) => void
  // Nothing but this connection can write an in-memory database, so there is nothing to poll for.
  readonly #shared: boolean
  #poll: NodeJS.Timeout | undefined
  #dataVersion = 0
  #queue: Promise<unknown> = Promise.resolve()
  #inTransaction = false
  #closed = false

  constructor(options: SqliteStoreOptions) {
    if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true })
    this.#db = new DatabaseSync(options.filename)
    // The busy timeout first: switching a new file to WAL takes a lock, and processes opening one data
    // directory at once (the workers of `serve --workers N`) would otherwise fail at once with
    // "database is locked" instead of waiting their turn.
    this.#db.exec('PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;')
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
    this.#changeLog = new SqliteChangeLog(this.#db, options.retainRevisions ?? DEFAULT_RETAIN_REVISIONS)
    this.#pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS
    this.#onListenerError = options.onListenerError ?? warnListenerError
    this.#subscriptions = new ChangeSubscriptions(this.#onListenerError, () => this.#stopPolling())
    this.#shared = options.filename !== ':memory:'
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

  async forEachDocument<K extends DocumentKind>(kind: K, scope: string, visit: (doc: DocumentTypes[K]) => void): Promise<void> {
    while (this.#inTransaction) await this.#queue
    // Synchronous to the end, as #readAll is: no transaction can begin on the connection while it runs.
    for (const row of this.#list.iterate(kind, scope) as Iterable<{ body: string }>) visit(JSON.parse(row.body) as DocumentTypes[K])
  }

  #read<K extends DocumentKind>(kind: K, scope: string, id: string): DocumentTypes[K] | undefined {
    const row = this.#get.get(kind, scope, id) as { body: string } | undefined
    return row === undefined ? undefined : (JSON.parse(row.body) as DocumentTypes[K])
  }

  #readAll<K extends DocumentKind>(kind: K, scope: string): DocumentTypes[K][] {
    return (this.#list.all(kind, scope) as { body: string }[]).map((row) => JSON.parse(row.body) as DocumentTypes[K])
  }

  async revision(): Promise<number> {
    while (this.#inTransaction) await this.#queue
    return this.#changeLog.revision()
  }

  /** A file on this machine (or memory) cannot be lost the way a database server can. */
  health(): StoreHealth {
    return { backend: 'sqlite', status: 'ok' }
  }

  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.#closed) throw new Error('the store is closed')
      this.#db.exec('BEGIN IMMEDIATE')
      this.#inTransaction = true
      const changes = new TransactionChanges()
      let committed: StoreChangeEvent | undefined
      try {
        const result = await work(changes.recording(this.#transaction()))
        // The revision is taken under the write lock BEGIN IMMEDIATE holds, so every process on the
        // file agrees on one order; it rolls back with the writes if the commit fails.
        const revision = changes.size > 0 ? this.#changeLog.append(changes.list()) : undefined
        this.#db.exec('COMMIT')
        if (revision !== undefined) committed = { revision, changes: changes.list() }
        return result
      } catch (error) {
        this.#db.exec('ROLLBACK')
        throw error
      } finally {
        this.#inTransaction = false
        this.#publish(committed)
      }
    }
    const result = this.#queue.then(run, run)
    this.#queue = result.catch(() => undefined)
    return result
  }

  watch(since: number, listener: StoreChangeListener): StoreSubscription {
    if (this.#closed) throw new Error('the store is closed')
    const subscription = this.#subscriptions.add(since, listener)
    this.#startPolling()
    // What is already committed is read after `watch` returns, so a listener never runs before
    // its caller holds the subscription.
    queueMicrotask(() => this.#catchUpReporting())
    return subscription
  }

  async close(): Promise<void> {
    await this.#queue
    if (this.#closed) return
    this.#closed = true
    this.#subscriptions.closeAll()
    this.#stopPolling()
    this.#db.close()
  }

  /** The transaction's reads and writes on the connection; `TransactionChanges.recording` notes what they changed. */
  #transaction(): StoreTransaction {
    return {
      get: async (kind, scope, id) => this.#read(kind, scope, id),
      list: async (kind, scope) => this.#readAll(kind, scope),
      insert: async (kind, scope, id, doc) => {
        return this.#insert.run(kind, scope, id, JSON.stringify(doc)).changes === 1
      },
      put: async (kind, scope, id, doc) => {
        this.#upsert.run(kind, scope, id, JSON.stringify(doc))
      },
      delete: async (kind, scope, id) => {
        return this.#delete.run(kind, scope, id).changes === 1
      },
      deleteScope: async (scope) => {
        return Number(this.#deleteScope.run(scope).changes)
      },
    }
  }

  /** After a transaction ends: hands its commit straight to watchers that are up to date. */
  #publish(committed: StoreChangeEvent | undefined): void {
    if (this.#subscriptions.size === 0) return
    // Watchers that missed a commit by another process, or that started during the transaction,
    // read what they lack from the log.
    if (this.#subscriptions.publish(committed)) this.#catchUpReporting()
  }

  #catchUpReporting(): void {
    try {
      this.#catchUp()
    } catch (error) {
      // A failed read leaves the cursors where they were; the next commit or poll tries again.
      this.#onListenerError(error)
    }
  }

  #catchUp(): void {
    // Inside a transaction this connection would read uncommitted writes; its end calls here again.
    if (this.#closed || this.#inTransaction || this.#subscriptions.size === 0) return
    const latest = this.#changeLog.revision()
    for (const [cursor, subscriptions] of this.#subscriptions.behind(latest)) {
      const events = this.#changeLog.readSince(cursor)
      for (const subscription of subscriptions) for (const event of events) subscription.offer(event)
    }
  }

  #startPolling(): void {
    if (!this.#shared || this.#poll !== undefined) return
    // Taken before the first catch-up read, so a commit landing between the two is seen by one of them.
    this.#dataVersion = this.#changeLog.dataVersion()
    this.#poll = setInterval(() => this.#pollOnce(), this.#pollIntervalMs)
    this.#poll.unref()
  }

  #stopPolling(): void {
    clearInterval(this.#poll)
    this.#poll = undefined
  }

  #pollOnce(): void {
    if (this.#closed || this.#inTransaction) return
    try {
      const version = this.#changeLog.dataVersion()
      if (version === this.#dataVersion) return
      this.#dataVersion = version
    } catch (error) {
      this.#onListenerError(error)
      return
    }
    this.#catchUpReporting()
  }
}

function migrate(db: DatabaseSync): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)')
  if (pendingMigrations(db).length === 0) return
  // Processes opening one fresh data directory at once (the workers of `serve --workers N`) all find the
  // migrations pending. The write lock comes first and the applied versions are read again under it, so the
  // second process waits for the first (busy_timeout) and then finds nothing left to apply.
  db.exec('BEGIN IMMEDIATE')
  try {
    const now = new Date().toISOString()
    for (const migration of pendingMigrations(db)) {
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.description, now)
    }
    db.exec('COMMIT')
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
}

/** The migrations this file still lacks, oldest first; refuses a file a newer Gatehouse wrote. */
function pendingMigrations(db: DatabaseSync): typeof SQLITE_MIGRATIONS {
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  )
  const newest = Math.max(0, ...applied)
  const known = Math.max(0, ...SQLITE_MIGRATIONS.map((m) => m.version))
  if (newest > known) {
    throw new Error(`the data directory was written by a newer Gatehouse (schema ${newest}, this one knows ${known}): upgrade Gatehouse or pass another --data-dir`)
  }
  return SQLITE_MIGRATIONS.filter((migration) => !applied.has(migration.version))
}
