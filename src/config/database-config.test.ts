import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { ConfigError, loadConfig } from './config.ts'

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-database-config-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const load = (flags: Record<string, string | boolean>, env: NodeJS.ProcessEnv = {}, yaml?: string) => {
  if (yaml !== undefined) writeFileSync(join(dir, 'gatehouse.yaml'), yaml)
  return loadConfig({ explicitFile: false, env, flags, cwd: dir })
}

describe('PostgreSQL store configuration (--database-url, GATEHOUSE_DATABASE_URL, gatehouse.yaml databaseUrl)', () => {
  it('is off by default: the SQLite file in dataDir', () => {
    assert.equal(load({}).databaseUrl, undefined)
  })

  it('takes the URL from gatehouse.yaml, the environment and the flag, flags winning', () => {
    assert.equal(load({}, {}, 'databaseUrl: postgres://gh@db.internal:5432/gatehouse\n').databaseUrl, 'postgres://gh@db.internal:5432/gatehouse')
    assert.equal(
      load({}, { GATEHOUSE_DATABASE_URL: 'postgresql://gh:pw@10.0.0.7/gatehouse' }).databaseUrl,
      'postgresql://gh:pw@10.0.0.7/gatehouse',
    )
    assert.equal(
      load({ databaseUrl: 'postgres://flag@127.0.0.1:6543/g' }, { GATEHOUSE_DATABASE_URL: 'postgres://env@127.0.0.1/g' }).databaseUrl,
      'postgres://flag@127.0.0.1:6543/g',
    )
    rmSync(join(dir, 'gatehouse.yaml'))
  })

  it('refuses what is not a PostgreSQL URL, naming the flag and never echoing the value', () => {
    assert.throws(
      () => load({ databaseUrl: 'mysql://root:hunter2@127.0.0.1/db' }),
      (error: Error) => error instanceof ConfigError
        && /databaseUrl: must be a postgres:\/\/.*\(--database-url or GATEHOUSE_DATABASE_URL\)/.test(error.message)
        && !error.message.includes('hunter2'),
    )
  })

  it('refuses an in-memory store together with a database URL', () => {
    assert.throws(
      () => load({ databaseUrl: 'postgres://gh@127.0.0.1/g', inMemory: true }),
      (error: Error) => error instanceof ConfigError && /inMemory and databaseUrl cannot both be set/.test(error.message),
    )
  })
})
