/**
 * Versioned schema migrations for the SQLite store. Append only: a released migration is never
 * edited, so a data directory written by any earlier version can be brought forward.
 */
export const SQLITE_MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'documents by kind, scope and id',
    sql: `
      CREATE TABLE documents (
        seq   INTEGER PRIMARY KEY AUTOINCREMENT,
        kind  TEXT NOT NULL,
        scope TEXT NOT NULL,
        id    TEXT NOT NULL,
        body  TEXT NOT NULL,
        UNIQUE (kind, scope, id)
      );
      CREATE INDEX documents_scope ON documents (scope);
    `,
  },
  {
    version: 2,
    description: 'store revision and change log',
    // A data directory that already holds documents has a history the log never saw: it starts at
    // revision 1 with revision 1 counted as pruned, so a watcher from 0 is told to reload everything.
    sql: `
      CREATE TABLE store_revision (
        singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
        revision       INTEGER NOT NULL,
        pruned_through INTEGER NOT NULL
      );
      INSERT INTO store_revision (singleton, revision, pruned_through)
        SELECT 1, history, history FROM (SELECT EXISTS (SELECT 1 FROM documents) AS history);
      CREATE TABLE changes (
        revision INTEGER NOT NULL,
        seq      INTEGER NOT NULL,
        op       TEXT NOT NULL CHECK (op IN ('put', 'delete', 'deleteScope')),
        kind     TEXT,
        scope    TEXT NOT NULL,
        id       TEXT,
        PRIMARY KEY (revision, seq)
      ) WITHOUT ROWID;
    `,
  },
]
