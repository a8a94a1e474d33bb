import { spawn, type ChildProcess } from 'node:child_process'
import { after, before, describe } from 'node:test'
import { freePort, killOnExit, onPath, skipSuiteLoudly } from './local-server.ts'
import { within } from './within.ts'

/**
 * Every test that talks to Redis gets it here, and never from whatever happens to listen on 6379:
 * REDIS_URL when it is set, else a private `redis-server` (no persistence, a free port, 127.0.0.1)
 * started for the suite and killed after it. With neither, the suite is reported skipped, naming the fix.
 */

/** Why a suite that needs a Redis was skipped: the one line the test report shows. */
export const NO_REDIS = 'install redis-server (e.g. apt-get install redis-server) or set REDIS_URL'
/** Why a suite that needs its own redis-server (it kills it, or reads MONITOR) was skipped. */
export const NO_REDIS_SERVER = 'install redis-server (e.g. apt-get install redis-server); this suite stops or watches its own server, so REDIS_URL will not do'

export const redisServerOnPath = (): boolean => onPath('redis-server')

const redisUrlFromEnv = (): string | undefined => (process.env.REDIS_URL === '' ? undefined : process.env.REDIS_URL)

/** The URL of the suite's Redis; read it in hooks and tests (it is known once the suite's `before` ran). */
export interface SuiteRedis {
  readonly url: string
}

/**
 * `describe(name, body)` with a Redis for it: REDIS_URL, else a private redis-server; skipped (with one
 * loud line on stderr) when neither is there. The suite's own `after` hooks run before the server stops.
 */
export function describeWithRedis(name: string, body: (redis: SuiteRedis) => void): void {
  const url = redisUrlFromEnv()
  if (url === undefined && !redisServerOnPath()) return skipSuite(name, NO_REDIS)
  describe(name, () => {
    let server: OwnRedisServer | undefined
    let ready: string | undefined
    before(async () => {
      if (url === undefined) server = await startOwnRedisServer()
      ready = url ?? server!.url
    })
    body({
      get url() {
        if (ready === undefined) throw new Error('the suite\'s Redis is ready in its before() hook')
        return ready
      },
    })
    after(() => server?.stop())
  })
}

/** `describe(name, body)` with a private redis-server the suite may stop and start; skipped without the binary. */
export function describeWithOwnRedisServer(name: string, body: (server: OwnRedisServer) => void): void {
  if (!redisServerOnPath()) return skipSuite(name, NO_REDIS_SERVER)
  describe(name, () => {
    let server: OwnRedisServer | undefined
    before(async () => {
      server = await startOwnRedisServer()
    })
    const own = (): OwnRedisServer => {
      if (server === undefined) throw new Error('the suite\'s redis-server starts in its before() hook')
      return server
    }
    body({
      get url() { return own().url },
      get port() { return own().port },
      stop: () => own().stop(),
      start: () => own().start(),
    })
    after(() => server?.stop())
  })
}

const skipSuite = (name: string, reason: string): void => skipSuiteLoudly('REDIS', name, reason)

export interface OwnRedisServer {
  readonly url: string
  readonly port: number
  /** Kills the server (SIGKILL: an outage, not a shutdown). */
  stop(): Promise<void>
  /** Starts it again on the same port, empty. */
  start(): Promise<void>
}

/** A private redis-server on a free port, without persistence; killed at the latest when this process exits. */
export async function startOwnRedisServer(): Promise<OwnRedisServer> {
  let port = await freePort()
  let child: ChildProcess | undefined
  killOnExit(() => child, 'SIGKILL')
  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] })
    await within(10_000, `redis-server to listen on port ${port}`, listening(child))
  }
  const stop = async (): Promise<void> => {
    const running = child
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return // already gone
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGKILL')
    await exited
  }
  // Another process may take the free port before redis-server binds it: then try another one.
  for (let attempt = 1; ; attempt++) {
    try {
      await start()
      break
    } catch (error) {
      await stop()
      if (attempt === 3 || !/Address already in use/.test((error as Error).message)) throw error
      port = await freePort()
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
  }
}

/** Resolves when redis-server says it accepts connections (its log goes to stdout); rejects if it exits first. */
function listening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = ''
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      if (/Ready to accept connections/.test(output)) {
        child.stdout!.off('data', read)
        child.stdout!.resume() // keep draining its log
        resolve()
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('error', (error) => reject(new Error(`cannot start redis-server: ${error.message}`)))
    child.once('exit', (code, signal) => reject(new Error(`redis-server exited (${code ?? signal}) before it was ready: ${output.trim().split('\n').slice(-3).join(' | ')}`)))
  })
}
