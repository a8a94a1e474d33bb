import { request } from 'node:http'
import { deployScaleOutApi } from './management-calls.ts'
import { residentMegabytes } from './memory.ts'

export interface WorkersBenchDeps {
  /** Starts `gatehouse serve` with these extra arguments; answers its URL and a stop function. */
  readonly startGateway: (args: string[]) => Promise<{ url: string; pid: number; stop: () => Promise<void> }>
  readonly measure: (name: string, url: string) => Promise<{ rps: number }>
  readonly backend: string
}

export interface WorkersLine {
  readonly target: 'MOCK' | 'HTTP_PROXY'
  readonly workers: number
  readonly rps: number
}

/**
 * `gatehouse serve --workers 1` against `--workers 2`, the MOCK and HTTP_PROXY methods of one API,
 * each gateway on the same store kind (SQLite on disk) and Redis, as `--workers` asks for. Also the
 * resident memory of the one-worker gateway after its load, for sizing.
 */
export async function measureWorkers(deps: WorkersBenchDeps): Promise<{ lines: WorkersLine[]; rssMb: number | undefined }> {
  const lines: WorkersLine[] = []
  let rssMb: number | undefined
  for (const workers of [1, 2]) {
    const gateway = await deps.startGateway(['--workers', String(workers)])
    try {
      const { stage } = await deployScaleOutApi(gateway.url, deps.backend)
      // Every worker must serve the deployment before the clock starts: the others learn of it from the store.
      await servedByEveryWorker(`${stage}/mock`, workers)
      for (const [target, path] of [['MOCK', 'mock'], ['HTTP_PROXY', 'proxy']] as const) {
        const { rps } = await deps.measure(`gateway ${target}, --workers ${workers}`, `${stage}/${path}`)
        lines.push({ target, workers, rps })
      }
      if (workers === 1) rssMb = residentMegabytes(gateway.pid)
    } finally {
      await gateway.stop()
    }
  }
  return { lines, rssMb }
}

/** Asks on fresh connections (so the cluster may hand each to any worker) until 20 in a row answer 200. */
async function servedByEveryWorker(url: string, workers: number): Promise<void> {
  const deadline = performance.now() + 30_000
  let inARow = 0
  while (inARow < 10 * workers) {
    if (performance.now() > deadline) throw new Error(`${url} not served by every worker within 30 s`)
    inARow = (await statusOnFreshConnection(url)) === 200 ? inARow + 1 : 0
  }
}

function statusOnFreshConnection(url: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume()
      res.on('end', () => done(res.statusCode ?? 0))
    })
    req.on('error', fail)
    req.end()
  })
}
