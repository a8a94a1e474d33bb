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
]
