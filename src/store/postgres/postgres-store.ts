import { Pool, type PoolClient, type PoolConfig } from 'pg'
import type { Logger } from '../../core/logger.ts'
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
import { ChangeNotifications } from './change-notifications.ts'
import { ConnectionHealth, type PostgresLink } from './connection-health.ts'
import { describeDatabaseEndpoint } from './database-endpoint.ts'
import { migratePostgres } from './migrate.ts'
import { appendChanges, readChangesSince, readRevision } from './postgres-change-log.ts'
import { isUnreachable, reachPostgres } from './reach-postgres.ts'

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (the password never reaches a message). */
  readonly url: string
  /**
   * How often a watched store asks the database for a newer revision, in case a notification was
   * lost (default 1,000 ms). Notifications normally arrive first; commits through this store reach
   * its watchers at once.
   */
  readonly pollIntervalMs?: number
  /** How many of the latest revisions the change log keeps for watchers that fall behind (default 10,000). */
  readonly retainRevisions?: number
  /** Where a change listener's failure is reported (default: a process warning). */
  readonly onListenerError?: (error: unknown) => void
  /** Where connection trouble is reported: unreachable at start, the change feed lost and regained. */
  readonly logger?: Logger
  /** How long `open` waits for an unreachable PostgreSQL before giving up (default 60 s). */
  readonly connectTimeoutMs?: number
  /** Connections in the pool (default 10). */
  readonly poolSize?: number
}

const DEFAULT_POLL_INTERVAL_MS = 1_000
const DEFAULT_RETAIN_REVISIONS = 10_000
const DEFAULT_CONNECT_TIMEOUT_MS = 60_000

/**
 * A transaction left open by a node that hangs would hold the writer lock for every node; the
 * server ends such a session after this long (PostgreSQL docs, "Client Connection Defaults",
 * idle_in_transaction_session_timeout), which rolls its transaction back.
 */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000

/**
 * The shared store on PostgreSQL, for several gateway nodes on one database.
 *
 * Writes are as strict as the SQLite store's: every transaction first locks the one revision row
 * (`SELECT ... FOR UPDATE`), so transactions run one at a time across every node, and a read inside
 * one sees everything committed before it (PostgreSQL docs, "Read Committed Isolation Level": each
 * statement sees what was committed before it began). A refused request rolls back; a connection
 * lost mid-way is rolled back by the server; either way nothing half-written is left.
 *
 * The change feed: each writing transaction takes the next revision and NOTIFYs it on commit;
 * every node LISTENs, and reads the change log from its watchers' revisions when told, when it
 * (re)starts listening, and on a slow poll, so a node that missed a notification still converges.
 *
 * Losing PostgreSQL later is not fatal: what the catalog already holds (compiled deployments, keys,
 * the account) keeps being served, `health()` says `degraded` from when, and the poll and the
 * LISTEN connection keep trying; the first read that works catches every watcher up by revision.
 */
export class PostgresStore implements Store {
  readonly #pool: Pool
  readonly #clientConfig: PoolConfig
  readonly #endpoint: string
  readonly #subscriptions: ChangeSubscriptions
  readonly #pollIntervalMs: number
  readonly #retainRevisions: number
  readonly #logger: Logger | undefined
  #notifications: ChangeNotifications | undefined
  #poll: NodeJS.Timeout | undefined
  #catchingUp: Promise<void> | undefined
  #catchUpAgain = false
  readonly #health: ConnectionHealth
  #queue: Promise<unknown> = Promise.resolve()
  #closed = false

  /**
   * Connects (waiting, with backoff, while PostgreSQL cannot be reached), brings the schema up to
   * date, and returns the store.
   */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const store = new PostgresStore(options)
    try {
      await reachPostgres(() => migratePostgres(store.#pool, store.#endpoint), {
        endpoint: store.#endpoint,
        timeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        onRetry: (message) => store.#warn(message),
      })
    } catch (error) {
      await store.close()
      throw error
    }
    return store
  }

  /** Use `open`: a store whose schema was not migrated cannot serve. */
  protected constructor(options: PostgresStoreOptions) {
    const retainRevisions = options.retainRevisions ?? DEFAULT_RETAIN_REVISIONS
    if (!Number.isInteger(retainRevisions) || retainRevisions < 1) {
      throw new Error(`retainRevisions must be a positive integer, got ${retainRevisions}`)
    }
    this.#retainRevisions = retainRevisions
    this.#endpoint = describeDatabaseEndpoint(options.url)
    this.#health = new ConnectionHealth(this.#endpoint, options.url)
    this.#clientConfig = {
      connectionString: options.url,
      application_name: 'gatehouse',
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    }
    this.#pool = new Pool({ ...this.#clientConfig, max: options.poolSize ?? 10 })
    // An idle connection the server drops is replaced on next use; without a listener it would crash the process.
    this.#pool.on('error', (error) => this.#lost('database', error))
    this.#pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS
    this.#subscriptions = new ChangeSubscriptions(options.onListenerError ?? warnListenerError, () => void this.#stopFeed())
    this.#logger = options.logger
  }

  /** `host:port/database` of the store, for messages. */
  get endpoint(): string {
    return this.#endpoint
  }

  async get<K extends DocumentKind>(kind: K, scope: string, id: string): Promise<DocumentTypes[K] | undefined> {
    return this.#observe(readDocument(this.#pool, kind, scope, id))
  }

  async list<K extends DocumentKind>(kind: K, scope: string): Promise<DocumentTypes[K][]> {
    return this.#observe(listDocuments(this.#pool, kind, scope))
  }

  async revision(): Promise<number> {
    return this.#observe(readRevision(this.#pool))
  }

  /** Ok, or degraded since when and why (GET /_gatehouse/health). */
  health(): StoreHealth {
    const cursors = [...this.#subscriptions].map((subscription) => subscription.cursor)
    const health = this.#health.snapshot()
    return cursors.length === 0 ? health : { ...health, revision: Math.min(...cursors) }
  }

  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.#closed) throw new Error('the store is closed')
      const client = await this.#pool.connect()
      const changes = new TransactionChanges()
      let committed: StoreChangeEvent | undefined
      let broken: Error | undefined
      // A checked-out client has no error listener of the pool's: a connection the server ends
      // between two statements would otherwise be an uncaught 'error'. The next statement fails.
      const onLost = (error: Error): void => {
        broken = error
      }
      client.on('error', onLost)
      try {
        await client.query('BEGIN')
        // The writer lock, held to COMMIT or ROLLBACK: one transaction at a time on the whole database.
        await client.query('SELECT revision FROM gatehouse_revision FOR UPDATE')
        const result = await work(changes.recording(this.#transaction(client)))
        const revision = changes.size > 0 ? await appendChanges(client, changes.list(), this.#retainRevisions) : undefined
        // COMMIT of a transaction a failed statement aborted answers ROLLBACK, not an error.
        const outcome = await client.query('COMMIT')
        if (outcome.command !== 'COMMIT') throw new Error('the transaction was rolled back by PostgreSQL')
        if (revision !== undefined) committed = { revision, changes: changes.list() }
        return result
      } catch (error) {
        // If even ROLLBACK fails the connection is unusable: it is dropped, and the server rolls back.
        broken ??= await client.query('ROLLBACK').then(() => undefined, (rollbackError: unknown) => toError(rollbackError))
        throw error
      } finally {
        client.off('error', onLost)
        client.release(broken)
        this.#publish(committed)
      }
    }
    // One transaction of this process at a time: the others would only wait for the lock holding a connection each.
    const result = this.#observe(this.#queue.then(run, run))
    this.#queue = result.catch(() => undefined)
    return result
  }

  watch(since: number, listener: StoreChangeListener): StoreSubscription {
    if (this.#closed) throw new Error('the store is closed')
    const subscription = this.#subscriptions.add(since, listener)
    this.#startFeed()
    // What is already committed is read after `watch` returns (the read is asynchronous anyway).
    this.#catchUp()
    return subscription
  }

  async close(): Promise<void> {
    await this.#queue
    if (this.#closed) return
    this.#closed = true
    this.#subscriptions.closeAll()
    await this.#stopFeed()
    await this.#catchingUp
    await this.#pool.end()
  }

  /** The transaction's reads and writes on its connection; `TransactionChanges.recording` notes what they changed. */
  #transaction(connection: PoolClient): StoreTransaction {
    const client = serialized(connection)
    return {
      get: (kind, scope, id) => readDocument(client, kind, scope, id),
      list: (kind, scope) => listDocuments(client, kind, scope),
      insert: async (kind, scope, id, doc) => {
        const { rowCount } = await client.query(
          'INSERT INTO gatehouse_documents (kind, scope, id, body) VALUES ($1, $2, $3, $4) ON CONFLICT (kind, scope, id) DO NOTHING',
          [kind, scope, id, JSON.stringify(doc)],
        )
        return rowCount === 1
      },
      put: async (kind, scope, id, doc) => {
        await client.query(
          'INSERT INTO gatehouse_documents (kind, scope, id, body) VALUES ($1, $2, $3, $4) ON CONFLICT (kind, scope, id) DO UPDATE SET body = excluded.body',
          [kind, scope, id, JSON.stringify(doc)],
        )
      },
      delete: async (kind, scope, id) => {
        const { rowCount } = await client.query('DELETE FROM gatehouse_documents WHERE kind = $1 AND scope = $2 AND id = $3', [kind, scope, id])
        return rowCount === 1
      },
      deleteScope: async (scope) => {
        const { rowCount } = await client.query('DELETE FROM gatehouse_documents WHERE scope = $1', [scope])
        return rowCount ?? 0
      },
    }
  }

  /**
   * After a transaction ends: hands its commit straight to watchers that are up to date, before
   * `transaction()` settles. Watchers that missed a commit by another node, or started during the
   * transaction, read what they lack from the log.
   */
  #publish(committed: StoreChangeEvent | undefined): void {
    if (this.#subscriptions.size === 0) return
    if (this.#subscriptions.publish(committed)) this.#catchUp()
  }

  /**
   * Reads the log for every watcher behind the latest revision. One read at a time: a request
   * during a read runs another after it, so nothing asked for is lost and a stale read never
   * overtakes a newer one.
   */
  #catchUp(): void {
    if (this.#closed || this.#subscriptions.size === 0) return
    if (this.#catchingUp !== undefined) {
      this.#catchUpAgain = true
      return
    }
    this.#catchingUp = (async () => {
      do {
        this.#catchUpAgain = false
        try {
          await this.#catchUpOnce()
          this.#regained('database')
        } catch (error) {
          // The cursors stay where they were; the next notification, reconnection or poll tries again.
          this.#lost('database', error)
          return
        }
      } while (this.#catchUpAgain && !this.#closed)
    })().finally(() => {
      this.#catchingUp = undefined
    })
  }

  async #catchUpOnce(): Promise<void> {
    const latest = await readRevision(this.#pool)
    for (const [cursor, subscriptions] of this.#subscriptions.behind(latest)) {
      const events = await readChangesSince(this.#pool, cursor)
      for (const subscription of subscriptions) {
        // A commit here moved it on while the log was read: what was read may be stale for it.
        if (subscription.cursor !== cursor) {
          this.#catchUpAgain = true
          continue
        }
        for (const event of events) subscription.offer(event)
      }
    }
  }

  #startFeed(): void {
    if (this.#notifications !== undefined) return
    this.#notifications = new ChangeNotifications({
      client: this.#clientConfig,
      onListening: () => {
        this.#regained('feed')
        this.#catchUp()
      },
      onNotification: (revision) => {
        // Its own commits come back too; only a watcher still short of the revision needs a read.
        if ([...this.#subscriptions].some((subscription) => subscription.cursor < revision)) this.#catchUp()
      },
      onLost: (error) => this.#lost('feed', error),
    })
    this.#poll = setInterval(() => this.#catchUp(), this.#pollIntervalMs)
    this.#poll.unref()
  }

  async #stopFeed(): Promise<void> {
    clearInterval(this.#poll)
    this.#poll = undefined
    const notifications = this.#notifications
    this.#notifications = undefined
    await notifications?.close()
    // Nobody watches: a feed that is not kept is no trouble.
    this.#regained('feed')
  }

  /** Settles as `work` does, noting whether PostgreSQL answered: a refused write is an answer, a lost connection is not. */
  #observe<T>(work: Promise<T>): Promise<T> {
    return work.then(
      (value) => {
        this.#regained('database')
        return value
      },
      (error: unknown) => {
        if (isUnreachable(error)) this.#lost('database', error)
        throw error
      },
    )
  }

  #lost(link: PostgresLink, error: unknown): void {
    if (this.#closed) return
    if (!this.#health.failed(link, error)) return
    this.#warn(`the store's change feed lost PostgreSQL at ${this.#endpoint} (${this.#health.lastError}); serving the configuration already loaded, retrying, then catching up`)
  }

  #regained(link: PostgresLink): void {
    if (!this.#health.worked(link) || this.#closed) return
    if (this.#logger !== undefined) this.#logger.info(`PostgreSQL at ${this.#endpoint} answers again; the store's change feed is catching up`)
  }

  #warn(message: string): void {
    if (this.#logger !== undefined) this.#logger.warn(message)
    else process.emitWarning(message)
  }
}

interface Queryable {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>
}

/**
 * One connection's queries one after another: work inside a transaction may read several things at
 * once (`Promise.all`), and node-postgres deprecates a query sent while another runs on the client
 * (node-postgres docs, "Client": queries are queued, a pattern removed in pg 9).
 */
function serialized(client: PoolClient): Queryable {
  let last: Promise<unknown> = Promise.resolve()
  return {
    query<R extends object>(text: string, values?: unknown[]) {
      const next = last.then(() => client.query<R>(text, values))
      last = next.catch(() => undefined)
      return next
    },
  }
}

async function readDocument<K extends DocumentKind>(db: Queryable, kind: K, scope: string, id: string): Promise<DocumentTypes[K] | undefined> {
  const { rows } = await db.query<{ body: string }>('SELECT body FROM gatehouse_documents WHERE kind = $1 AND scope = $2 AND id = $3', [kind, scope, id])
  return rows.length === 0 ? undefined : (JSON.parse(rows[0].body) as DocumentTypes[K])
}

async function listDocuments<K extends DocumentKind>(db: Queryable, kind: K, scope: string): Promise<DocumentTypes[K][]> {
  const { rows } = await db.query<{ body: string }>('SELECT body FROM gatehouse_documents WHERE kind = $1 AND scope = $2 ORDER BY seq', [kind, scope])
  return rows.map((row) => JSON.parse(row.body) as DocumentTypes[K])
}

const toError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)))
