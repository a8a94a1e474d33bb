/**
 * Versioned schema migrations for the PostgreSQL store. Append only: a released migration is never
 * edited, so a database written by any earlier version can be brought forward.
 *
 * Every table is prefixed `gatehouse_`, so the store can live in a database (or schema) that holds
 * other things too.
 */
export const POSTGRES_MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'documents by kind, scope and id; store revision and change log',
    // Bodies are `text`, not `jsonb`: jsonb reorders an object's keys, and a document must read back
    // exactly as it was written (PostgreSQL docs, "JSON Types").
    // `seq` gives `list` its creation order; an upsert keeps the row, so a replaced document keeps
    // its place.
    sql: `
      CREATE TABLE gatehouse_documents (
        seq   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind  text NOT NULL,
        scope text NOT NULL,
        id    text NOT NULL,
        body  text NOT NULL,
        UNIQUE (kind, scope, id)
      );
      CREATE INDEX gatehouse_documents_list ON gatehouse_documents (kind, scope, seq);
      CREATE INDEX gatehouse_documents_scope ON gatehouse_documents (scope);
      CREATE TABLE gatehouse_revision (
        singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        revision       bigint NOT NULL,
        pruned_through bigint NOT NULL
      );
      INSERT INTO gatehouse_revision (singleton, revision, pruned_through) VALUES (true, 0, 0);
      CREATE TABLE gatehouse_changes (
        revision bigint NOT NULL,
        seq      integer NOT NULL,
        op       text NOT NULL CHECK (op IN ('put', 'delete', 'deleteScope')),
        kind     text,
        scope    text NOT NULL,
        id       text,
        PRIMARY KEY (revision, seq)
      );
    `,
  },
]
