import type { ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { join } from 'node:path'
import { Client } from 'pg'
import { spawnServe } from '../test/helpers/cli.ts'
import { startEmbeddedServer, whyNoEmbeddedPostgres } from '../test/helpers/postgres-server.ts'
import { NO_REDIS, redisServerOnPath, startOwnRedisServer } from '../test/helpers/redis-server.ts'
import { measurePropagation, type PropagationResult } from './propagation.ts'
import { measureWorkers } from './workers.ts'

export interface ScaleOutBenchDeps {
  readonly measure: (name: string, url: string) => Promise<{ rps: number }>
  readonly backend: string
  /** The bench's scratch directory. */
  readonly work: string
  /** Every child started is handed here, so the bench stops it on the way out. */
  readonly track: (child: ChildProcess) => void
}

/**
 * The scale-out lines of `npm run bench`: `--workers 2` against 1 on the MOCK and HTTP_PROXY methods
 * (with the machine's cores, since two workers cannot beat the cores they share with the load
 * generator and the backend), and the delay from a control-plane write through one gateway to
 * another gateway serving it, over 100 writes: two processes on one SQLite file, two on PostgreSQL.
 */
export async function benchScaleOut(deps: ScaleOutBenchDeps): Promise<void> {
  const start = async (args: string[]) => {
    const serve = await spawnServe(['--port', '0', '--log-level', 'silent', ...args])
    deps.track(serve.child)
    return {
      url: serve.url,
      pid: serve.child.pid ?? 0,
      stop: async () => {
        serve.child.kill('SIGTERM')
        await serve.exited
      },
    }
  }
  const scratch = (name: string): string => mkdtempSync(join(deps.work, `${name}-`))

  console.log(`\nMachine: ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), shared by the load generator, the backend and the gateway's workers`)
  const redis = process.env.REDIS_URL === undefined && redisServerOnPath() ? await startOwnRedisServer() : undefined
  const redisUrl = process.env.REDIS_URL ?? redis?.url
  if (redisUrl === undefined) console.log(`(no Redis: the --workers lines are left out; ${NO_REDIS})`)
  else {
    const { lines, rssMb } = await measureWorkers({
      startGateway: (args) => start(['--data-dir', scratch('workers'), '--redis', redisUrl, ...args]),
      measure: deps.measure,
      backend: deps.backend,
    })
    console.log('\n| target | --workers 1 req/s | --workers 2 req/s | 2 vs 1 |\n|---|---|---|---|')
    for (const target of ['MOCK', 'HTTP_PROXY'] as const) {
      const [one, two] = [1, 2].map((workers) => lines.find((line) => line.target === target && line.workers === workers)?.rps ?? Number.NaN)
      console.log(`| gateway ${target} | ${Math.round(one)} | ${Math.round(two)} | ${(two / one).toFixed(2)}x |`)
    }
    if (rssMb !== undefined) console.log(`Resident memory of the one-worker gateway after its load: ${rssMb.toFixed(0)} MB`)
    await redis?.stop()
  }

  const results: PropagationResult[] = []
  const sqliteDir = scratch('sqlite-pair')
  const [first, second] = [await start(['--data-dir', sqliteDir]), await start(['--data-dir', sqliteDir])]
  results.push(await measurePropagation('SQLite, two processes on one file', first.url, second.url))
  await Promise.all([first.stop(), second.stop()])

  const postgres = await postgresForBench()
  if (postgres === undefined) console.log('(no PostgreSQL: the PostgreSQL line is left out; set DATABASE_URL or npm install)')
  else {
    const [a, b] = [await start(['--data-dir', scratch('pg-a'), '--database-url', postgres.url]), await start(['--data-dir', scratch('pg-b'), '--database-url', postgres.url])]
    results.push(await measurePropagation('PostgreSQL, two nodes', a.url, b.url))
    await Promise.all([a.stop(), b.stop()])
    await postgres.stop()
  }
  console.log('\n| control-plane write -> served by another gateway | writes | p50 | p99 | max |\n|---|---|---|---|---|')
  for (const result of results) {
    console.log(`| ${result.name} | ${result.writes} | ${result.p50.toFixed(1)} ms | ${result.p99.toFixed(1)} ms | ${result.max.toFixed(1)} ms |`)
  }
}

/** A fresh database: on DATABASE_URL's server, else on a private embedded PostgreSQL. */
async function postgresForBench(): Promise<{ url: string; stop: () => Promise<void> } | undefined> {
  const fromEnv = process.env.DATABASE_URL === '' ? undefined : process.env.DATABASE_URL
  if (fromEnv === undefined && whyNoEmbeddedPostgres() !== undefined) return undefined
  const server = fromEnv === undefined ? await startEmbeddedServer() : undefined
  const admin = fromEnv ?? server!.url
  const database = `gatehouse_bench_${process.pid}`
  const client = new Client({ connectionString: admin })
  await client.connect()
  await client.query(`CREATE DATABASE ${database}`)
  await client.end()
  const url = new URL(admin)
  url.pathname = `/${database}`
  return {
    url: url.toString(),
    async stop() {
      if (server !== undefined) return server.stop()
      const cleanup = new Client({ connectionString: admin })
      await cleanup.connect()
      await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      await cleanup.end()
    },
  }
}
