import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { DocumentKind, StoreChange, StoreChangeEvent } from '../store.ts'

interface ChangeRow {
  revision: number
  op: StoreChange['op']
  kind: DocumentKind | null
  scope: string
  id: string | null
}

/**
 * The store revision and the log of recent changes, in the same file as the documents so that a
 * change and its revision commit or roll back with the writes they describe, and so that every
 * process on the file sees one sequence. Only the latest `retainRevisions` revisions are kept: the
 * log serves watchers that are a little behind; one further behind gets a reset.
 */
export class SqliteChangeLog {
  readonly #db: DatabaseSync
  readonly #bump: StatementSync
  readonly #record: StatementSync
  readonly #prune: StatementSync
  readonly #state: StatementSync
  readonly #since: StatementSync
  readonly #dataVersion: StatementSync

  constructor(db: DatabaseSync, retainRevisions: number) {
    if (!Number.isInteger(retainRevisions) || retainRevisions < 1) {
      throw new Error(`retainRevisions must be a positive integer, got ${retainRevisions}`)
    }
    this.#db = db
    // The revision lives in its own row, not as max(revision) of the log, because the log is pruned.
    this.#bump = db.prepare(
      `UPDATE store_revision SET revision = revision + 1, pruned_through = max(pruned_through, revision + 1 - ${retainRevisions})
       RETURNING revision, pruned_through`,
    )
    this.#record = db.prepare('INSERT INTO changes (revision, seq, op, kind, scope, id) VALUES (?, ?, ?, ?, ?, ?)')
    this.#prune = db.prepare('DELETE FROM changes WHERE revision <= ?')
    this.#state = db.prepare('SELECT revision, pruned_through FROM store_revision')
    this.#since = db.prepare('SELECT revision, op, kind, scope, id FROM changes WHERE revision > ? ORDER BY revision, seq')
    this.#dataVersion = db.prepare('PRAGMA data_version')
  }

  /** Inside the open write transaction, just before it commits: takes the next revision for `changes`. */
  append(changes: readonly StoreChange[]): number {
    const { revision, pruned_through } = this.#bump.get() as { revision: number; pruned_through: number }
    changes.forEach((change, seq) => this.#record.run(revision, seq, change.op, change.kind ?? null, change.scope, change.id ?? null))
    this.#prune.run(pruned_through)
    return revision
  }

  /** The latest committed revision (call outside a write transaction on this connection). */
  revision(): number {
    return (this.#state.get() as { revision: number }).revision
  }

  /**
   * Every committed transaction after `since`, oldest first; a single reset when some of them are
   * pruned, or when `since` is ahead of this store (it counts another history). Call outside a write
   * transaction on this connection.
   */
  readSince(since: number): StoreChangeEvent[] {
    // One read transaction, so another process cannot commit or prune between the two reads.
    this.#db.exec('BEGIN')
    try {
      const { revision, pruned_through } = this.#state.get() as { revision: number; pruned_through: number }
      if (since === revision) return []
      if (since > revision || since < pruned_through) return [{ revision, reset: true }]
      const events: { revision: number; changes: StoreChange[] }[] = []
      for (const row of this.#since.all(since) as unknown as ChangeRow[]) {
        let last = events.at(-1)
        if (last?.revision !== row.revision) events.push((last = { revision: row.revision, changes: [] }))
        last.changes.push(toChange(row))
      }
      return events
    } finally {
      this.#db.exec('COMMIT')
    }
  }

  /** Changes when another connection commits to the file: a cheap "anything new?" for the poll. */
  dataVersion(): number {
    return (this.#dataVersion.get() as { data_version: number }).data_version
  }
}

function toChange(row: ChangeRow): StoreChange {
  if (row.op === 'deleteScope') return { op: 'deleteScope', scope: row.scope }
  return { op: row.op, kind: row.kind as DocumentKind, scope: row.scope, id: row.id as string }
}
