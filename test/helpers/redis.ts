import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'

/**
 * The shared Redis the state suites run against (CI's .ci/run starts it). Tests that need it fail
 * loudly when it is missing — they never skip.
 */
export const SHARED_REDIS_URL = process.env.GATEHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A key prefix no other test run uses, so runs on one Redis never see each other's keys. */
export const uniqueKeyPrefix = (name: string): string => `gatehouse-test:${name}:${process.pid}:${randomBytes(4).toString('hex')}:`

/** A plain client for a test's own checks; throws at once (naming the fix) when Redis is not there. */
export async function connectTestRedis(url = SHARED_REDIS_URL): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null })
  client.on('error', () => {}) // connect() rejects with it
  try {
    await client.connect()
    await client.ping()
  } catch (error) {
    client.disconnect()
    throw new Error(`these tests need Redis at ${url} (start redis-server; .ci/run does): ${(error as Error).message}`)
  }
  return client
}

/** Deletes this run's keys only (never FLUSHDB: other runs share the server). */
export async function deleteKeysWithPrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 1000)
    if (keys.length > 0) await client.unlink(...keys)
    cursor = next
  } while (cursor !== '0')
}

export interface OwnRedisServer {
  readonly url: string
  readonly port: number
  /** Kills the server (SIGKILL: an outage, not a shutdown). */
  stop(): Promise<void>
  /** Starts it again on the same port, empty. */
  start(): Promise<void>
}

/** A private redis-server on a free port, without persistence: the outage tests stop and restart it. */
export async function startOwnRedisServer(): Promise<OwnRedisServer> {
  const port = await freePort()
  let child: ChildProcess | undefined
  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
    const spawned = child
    const failed = new Promise<never>((_, reject) => spawned.once('error', (error) => reject(new Error(`cannot start redis-server: ${error.message}`))))
    for (let attempt = 0; ; attempt++) {
      const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
      client.on('error', () => {}) // connect() rejects with it while the server starts
      try {
        await Promise.race([client.connect().then(() => client.ping()), failed])
        return
      } catch (error) {
        if (attempt > 100) throw error
        await new Promise((resolve) => setTimeout(resolve, 20))
      } finally {
        client.disconnect()
      }
    }
  }
  const stop = async (): Promise<void> => {
    const running = child
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return // already gone
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGKILL')
    await exited
  }
  await start()
  return { url: `redis://127.0.0.1:${port}`, port, stop, start }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
