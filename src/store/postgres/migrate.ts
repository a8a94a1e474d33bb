import type { Pool } from 'pg'
import { POSTGRES_MIGRATIONS } from './migrations.ts'

/**
 * The advisory lock every Gatehouse holds while it migrates, so that nodes starting at once migrate
 * one after another: the first applies what is missing, the others then find nothing to do. Its key
 * spells "gate"; any fixed number would do, as long as every version uses the same one.
 */
const MIGRATION_LOCK_KEY = 0x67617465

/**
 * Brings the database's schema up to the newest migration this version knows, under the migration
 * lock. A database migrated by a newer Gatehouse is refused: this version cannot know what the newer
 * schema means, and writing to it could corrupt what the newer version relies on.
 */
export async function migratePostgres(pool: Pool, endpoint: string): Promise<void> {
  const client = await pool.connect()
  try {
    // A session-level lock, waited for: held across the migrations' own transactions, released when
    // the session ends (PostgreSQL docs, "Advisory Locks"), so a node that dies mid-way frees it.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
    await client.query(
      'CREATE TABLE IF NOT EXISTS gatehouse_schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    )
    const { rows } = await client.query<{ version: number }>('SELECT version FROM gatehouse_schema_migrations')
    const applied = new Set(rows.map((row) => row.version))
    const newest = Math.max(0, ...applied)
    const known = Math.max(0, ...POSTGRES_MIGRATIONS.map((migration) => migration.version))
    if (newest > known) {
      throw new Error(
        `the database at ${endpoint} was migrated by a newer Gatehouse (schema ${newest}, this one knows ${known}): upgrade Gatehouse or pass another --database-url`,
      )
    }
    for (const migration of POSTGRES_MIGRATIONS) {
      if (applied.has(migration.version)) continue
      await client.query('BEGIN')
      try {
        await client.query(migration.sql)
        await client.query('INSERT INTO gatehouse_schema_migrations (version, description) VALUES ($1, $2)', [migration.version, migration.description])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw error
      }
    }
  } finally {
    // Ending the session is what releases the lock, whatever state the connection is in.
    client.release(true)
  }
}
