import cluster, { type Worker } from 'node:cluster'
import type { Logger } from '../core/logger.ts'

/** The environment variable that tells a worker its place (1..N); worker 1 prints the banner and deploys the example. */
export const WORKER_INDEX_VARIABLE = 'GATEHOUSE_WORKER_INDEX'
/** Set on a worker started by a rolling restart: it serves, and prints nothing a user already saw. */
export const WORKER_REPLACEMENT_VARIABLE = 'GATEHOUSE_WORKER_REPLACEMENT'

/** A worker that dies sooner than this after it started counts toward a crash loop. */
const EARLY_EXIT_MS = 5_000
/** This many early deaths in a row of one worker and the supervisor gives up rather than spin. */
const MAX_EARLY_EXITS = 3
/** A retiring worker has this long to finish (its own shutdown gives in-flight requests 30 s). */
const RETIRE_LIMIT_MS = 35_000
/** What a worker sends the primary once every listener of its gateway is open. */
export const WORKER_READY_MESSAGE = 'gatehouse:worker-ready'

/**
 * `gatehouse serve --workers N`: the primary process forks N gateway processes that share the
 * listening port (node:cluster hands each connection to one of them) and keeps them running: a worker
 * that dies is replaced; SIGTERM or SIGINT stops them all gracefully (each finishes its requests in
 * flight); SIGHUP replaces them one at a time, each new worker listening before its predecessor stops,
 * so a restart drops no request. Workers share no memory: the store (SQLite on disk or PostgreSQL) and
 * Redis are what they have in common, and the store's change feed keeps their catalogs in step.
 */
export function superviseWorkers(count: number, logger: Logger): Promise<never> {
  const workers = new Map<number, Worker>()
  const earlyExits = new Map<number, number>()
  let stopping = false
  let restarting = false
  // Whether worker 1 has ever become ready, and so printed the banner. One that died before that is replaced
  // by a first worker, not a replacement: otherwise nobody prints the banner a caller waits for.
  let announced = false

  const start = (index: number, replacement: boolean): Worker => {
    const startedAt = Date.now()
    const asReplacement = replacement && (index !== 1 || announced)
    const worker = cluster.fork({ [WORKER_INDEX_VARIABLE]: String(index), ...(asReplacement ? { [WORKER_REPLACEMENT_VARIABLE]: '1' } : {}) })
    workers.set(index, worker)
    if (index === 1 && !announced) {
      const onReady = (message: unknown): void => {
        if (message !== WORKER_READY_MESSAGE) return
        announced = true
        worker.off('message', onReady)
      }
      worker.on('message', onReady)
    }
    worker.once('exit', (code, signal) => {
      if (workers.get(index) !== worker || stopping) return
      workers.delete(index)
      const early = Date.now() - startedAt < EARLY_EXIT_MS
      const streak = early ? (earlyExits.get(index) ?? 0) + 1 : 0
      earlyExits.set(index, streak)
      if (streak >= MAX_EARLY_EXITS) {
        logger.error({ worker: index, code, signal }, `worker ${index} keeps exiting at start; stopping the gateway`)
        void stopAll(1)
        return
      }
      logger.error({ worker: index, code, signal }, `worker ${index} exited; starting another`)
      start(index, true)
    })
    return worker
  }

  const exited = (worker: Worker): Promise<void> =>
    worker.isDead() ? Promise.resolve() : new Promise((done) => worker.once('exit', () => done()))
  // A worker has several listeners (the port, the TLS port, maybe an admin port): 'listening' fires for
  // the first, so the worker says when all of them are open.
  const listening = (worker: Worker): Promise<void> => new Promise((done, fail) => {
    const onMessage = (message: unknown): void => {
      if (message !== WORKER_READY_MESSAGE) return
      worker.off('message', onMessage)
      done()
    }
    worker.on('message', onMessage)
    worker.once('exit', (code) => fail(new Error(`the new worker exited with ${code} before it listened`)))
  })
  /**
   * A worker leaving the pool: `disconnect()` has node:cluster close its servers first, so the primary
   * hands it no connection it would not live to answer (a worker that just exits can take a connection
   * handed to it in that moment along, and its client waits forever); then it finishes what is in flight
   * and exits. One that has not exited after the shutdown's own limit is killed.
   */
  const retire = async (worker: Worker): Promise<void> => {
    const forced = setTimeout(() => worker.process.kill('SIGKILL'), RETIRE_LIMIT_MS)
    worker.disconnect()
    await exited(worker)
    clearTimeout(forced)
  }

  const stopAll = async (exitCode: number): Promise<void> => {
    if (stopping) return
    stopping = true
    const all = [...workers.values()]
    for (const worker of all) worker.process.kill('SIGTERM')
    await Promise.all(all.map(exited))
    process.exit(exitCode)
  }

  /** SIGHUP: one worker at a time, the new one listening before the old one is asked to stop. */
  const rollingRestart = async (): Promise<void> => {
    if (restarting || stopping) return
    restarting = true
    logger.info({ workers: count }, 'SIGHUP: replacing the workers one at a time')
    try {
      for (const [index, old] of [...workers]) {
        const fresh = start(index, true)
        await listening(fresh)
        await retire(old)
      }
      logger.info({ workers: count }, 'every worker replaced')
    } catch (error) {
      logger.error({ err: error }, 'rolling restart stopped')
    } finally {
      restarting = false
    }
  }

  for (let index = 1; index <= count; index++) start(index, false)
  process.on('SIGTERM', () => void stopAll(0))
  process.on('SIGINT', () => void stopAll(0))
  process.on('SIGHUP', () => void rollingRestart())
  return new Promise<never>(() => {})
}

/** This process's place among the workers, or undefined when it is the only gateway process. */
export function workerIndex(): number | undefined {
  if (!cluster.isWorker) return undefined
  return Number(process.env[WORKER_INDEX_VARIABLE] ?? '1')
}
