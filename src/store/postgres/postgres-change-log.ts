import type { DocumentKind, StoreChange, StoreChangeEvent } from '../store.ts'

/** What the change log's queries run on: a pool (any connection) or the transaction's own client. */
interface Queryable {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[] }>
}

/** The channel every commit notifies, carrying its revision. */
export const CHANGES_CHANNEL = 'gatehouse_changes'

interface ChangeRow {
  latest: string
  pruned_through: string
  revision: string | null
  op: StoreChange['op'] | null
  kind: string | null
  scope: string | null
  id: string | null
}

/**
 * Inside the open write transaction, just before it commits: takes the next revision for `changes`,
 * records them, prunes what is older than the latest `retainRevisions`, and notifies the other
 * nodes. All in one statement (PostgreSQL docs, "Data-Modifying Statements in WITH"); the revision
 * row is the one the transaction locked when it began, so every node agrees on one order. The
 * notification is delivered only if and when the transaction commits (PostgreSQL docs, "NOTIFY").
 */
export async function appendChanges(client: Queryable, changes: readonly StoreChange[], retainRevisions: number): Promise<number> {
  const { rows } = await client.query<{ revision: string }>(
    `WITH bumped AS (
       UPDATE gatehouse_revision
          SET revision = revision + 1, pruned_through = greatest(pruned_through, revision + 1 - $1::bigint)
        RETURNING revision, pruned_through
     ), recorded AS (
       INSERT INTO gatehouse_changes (revision, seq, op, kind, scope, id)
       SELECT bumped.revision, change.ordinality - 1, change.op, change.kind, change.scope, change.id
         FROM bumped, unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS change (op, kind, scope, id, ordinality)
     ), pruned AS (
       DELETE FROM gatehouse_changes USING bumped WHERE gatehouse_changes.revision <= bumped.pruned_through
     )
     SELECT revision, pg_notify($6, revision::text) FROM bumped`,
    [
      retainRevisions,
      changes.map((change) => change.op),
      changes.map((change) => change.kind ?? null),
      changes.map((change) => change.scope),
      changes.map((change) => change.id ?? null),
      CHANGES_CHANNEL,
    ],
  )
  return Number(rows[0].revision)
}

/** The latest committed revision. */
export async function readRevision(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ revision: string }>('SELECT revision FROM gatehouse_revision')
  return Number(rows[0].revision)
}

/**
 * Every committed transaction after `since`, oldest first; a single reset when some of them are
 * pruned, or when `since` is ahead of this store (it counts another history). One statement, so one
 * snapshot: no commit or prune can land between reading the revision and reading the log.
 */
export async function readChangesSince(db: Queryable, since: number): Promise<StoreChangeEvent[]> {
  const { rows } = await db.query<ChangeRow>(
    `SELECT r.revision AS latest, r.pruned_through, c.revision, c.op, c.kind, c.scope, c.id
       FROM gatehouse_revision r
       LEFT JOIN gatehouse_changes c ON c.revision > $1::bigint AND $1::bigint >= r.pruned_through AND $1::bigint <= r.revision
      ORDER BY c.revision, c.seq`,
    [since],
  )
  const latest = Number(rows[0].latest)
  const prunedThrough = Number(rows[0].pruned_through)
  if (since === latest) return []
  if (since > latest || since < prunedThrough) return [{ revision: latest, reset: true }]
  const events: { revision: number; changes: StoreChange[] }[] = []
  for (const row of rows) {
    if (row.revision === null) continue
    const revision = Number(row.revision)
    let last = events.at(-1)
    if (last?.revision !== revision) events.push((last = { revision, changes: [] }))
    last.changes.push(toChange(row))
  }
  return events
}

function toChange(row: ChangeRow): StoreChange {
  if (row.op === 'deleteScope') return { op: 'deleteScope', scope: row.scope as string }
  return { op: row.op as 'put' | 'delete', kind: row.kind as DocumentKind, scope: row.scope as string, id: row.id as string }
}
