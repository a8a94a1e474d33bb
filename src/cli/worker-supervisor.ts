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

  const start = (index: number, replacement: boolean): Worker => {
    const startedAt = Date.now()
    const worker = cluster.fork({ [WORKER_INDEX_VARIABLE]: String(index), ...(replacement ? { [WORKER_REPLACEMENT_VARIABLE]: '1' } : {}) })
    workers.set(index, worker)
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
  const listening = (worker: Worker): Promise<void> => new Promise((done, fail) => {
    worker.once('listening', () => done())
    worker.once('exit', (code) => fail(new Error(`the new worker exited with ${code} before it listened`)))
  })

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
        old.process.kill('SIGTERM')
        await exited(old)
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
