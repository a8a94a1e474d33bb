/**
 * The load generator of `npm run bench`: wrk (one thread, C and LuaJIT, so the client is never the
 * limit of a Node server on the other core) when it is installed, else autocannon. Each line is a
 * warm-up, then BENCH_RUNS runs of BENCH_DURATION seconds; the median run is its figure. A run that
 * got any answer but 2xx is repeated briefly with a script that tallies the statuses and keeps the
 * first bodies, so an error count is always explained by what the gateway said.
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import autocannon from 'autocannon'

export interface LoadOptions {
  readonly connections: number
  readonly durationS: number
  readonly runs: number
  /** The CPUs the load generator runs on (`taskset -c`), when the bench pins its processes. */
  readonly cpus: string | undefined
  /** Where the wrk scripts are written. */
  readonly work: string
  /** The CPU seconds the server measured has used so far, read before and after each run. */
  readonly serverCpuSeconds?: () => number
  /** Seconds of load before the runs that count (2 by default). */
  readonly warmUpS?: number
}

export interface LoadTarget {
  readonly url: string
  readonly headers?: Readonly<Record<string, string>>
  /** Each request asks for `url?<query>=<unique value>`: a cache keyed on it misses every time. */
  readonly uniqueQuery?: string
}

export interface LoadResult {
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly errors: number
  /** The server's CPU time per request (µs), of the median run: what a line costs however busy the machine is. */
  readonly cpuUs?: number
  /** Status → count of the non-2xx answers seen by the diagnostic pass, with a few of their bodies. */
  readonly failures?: { readonly statuses: Record<string, number>; readonly samples: string[] }
}

interface RunFigures {
  rps: number
  p50: number
  p99: number
  errors: number
  requests: number
  cpuUs?: number
}

const WRK = spawnSync('wrk', ['--version']).error === undefined

export const loadGenerator = (): string => (WRK ? 'wrk -t1' : 'autocannon')

let scripts = 0

export async function applyLoad(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  const run = (seconds: number): Promise<RunFigures> => (WRK ? Promise.resolve(wrkRun(target, options, seconds, false).figures) : autocannonRun(target, options, seconds))
  await run(options.warmUpS ?? 2) // warm-up
  const runs: RunFigures[] = []
  for (let index = 0; index < options.runs; index++) {
    const cpuBefore = options.serverCpuSeconds?.()
    const figures = await run(options.durationS)
    const cpuAfter = options.serverCpuSeconds?.()
    if (cpuBefore !== undefined && cpuAfter !== undefined && figures.requests > 0) figures.cpuUs = ((cpuAfter - cpuBefore) * 1e6) / figures.requests
    runs.push(figures)
  }
  runs.sort((a, b) => a.rps - b.rps)
  const { rps, p50, p99, cpuUs } = runs[Math.floor(runs.length / 2)]
  const errors = runs.reduce((sum, figures) => sum + figures.errors, 0)
  if (errors === 0 || !WRK) return { rps, p50, p99, cpuUs, errors }
  const diagnostic = wrkRun(target, options, Math.min(options.durationS, 3), true)
  return { rps, p50, p99, cpuUs, errors, failures: diagnostic.failures }
}

/** A wrk script: the headers, a unique query per request when asked, and (diagnosing) a tally of non-2xx answers. */
function wrkScript(target: LoadTarget, options: LoadOptions, tally: boolean): string {
  const lines = Object.entries(target.headers ?? {}).map(([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`)
  if (target.uniqueQuery !== undefined) {
    const url = new URL(target.url)
    // A prefix unique to this script: a later run never asks for what an earlier one cached.
    const prefix = `${url.pathname}?${target.uniqueQuery}=${process.pid}-${++scripts}-`
    lines.push('local counter = 0', `request = function() counter = counter + 1; return wrk.format(nil, ${JSON.stringify(prefix)} .. counter) end`)
  }
  if (tally) {
    lines.push(
      'local threads = {}',
      'setup = function(thread) table.insert(threads, thread) end',
      'statuses = {}',
      'samples = {}',
      'response = function(status, headers, body)',
      '  if status < 200 or status > 299 then',
      '    statuses[tostring(status)] = (statuses[tostring(status)] or 0) + 1',
      '    if #samples < 3 then table.insert(samples, status .. " " .. string.sub(body, 1, 300)) end',
      '  end',
      'end',
      'done = function()',
      '  for _, thread in ipairs(threads) do',
      '    for status, count in pairs(thread:get("statuses")) do io.write("STATUS ", status, " ", count, "\\n") end',
      '    for _, sample in ipairs(thread:get("samples")) do io.write("SAMPLE ", (string.gsub(sample, "\\n", " ")), "\\n") end',
      '  end',
      'end',
    )
  }
  const file = join(options.work, `wrk-${process.pid}-${++scripts}.lua`)
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

function wrkRun(target: LoadTarget, options: LoadOptions, seconds: number, tally: boolean): { figures: RunFigures; failures: LoadResult['failures'] } {
  const args = ['-t1', `-c${options.connections}`, `-d${seconds}s`, '--latency', '-s', wrkScript(target, options, tally), target.url]
  const command = options.cpus === undefined ? ['wrk', ...args] : ['taskset', '-c', options.cpus, 'wrk', ...args]
  const child = spawnSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 1 << 24 })
  if (child.status !== 0) throw new Error(`wrk failed: ${child.stderr}${child.stdout}`)
  const figures = parseWrk(child.stdout)
  const statuses: Record<string, number> = {}
  const samples: string[] = []
  for (const line of child.stdout.split('\n')) {
    const status = /^STATUS (\d+) (\d+)$/.exec(line)
    if (status !== null) statuses[status[1]] = Number(status[2])
    if (line.startsWith('SAMPLE ')) samples.push(line.slice(7))
  }
  return { figures, failures: { statuses, samples } }
}

/** Requests/sec, the 50th and 99th latency percentiles (ms) and the failures of wrk's report. */
export function parseWrk(output: string): RunFigures {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1])
  const percentile = (p: string): number => {
    const match = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(output)
    if (match === null) return Number.NaN
    return Number(match[1]) * (match[2] === 'us' ? 0.001 : match[2] === 's' ? 1000 : 1)
  }
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0)
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
  const socketErrors = socket === null ? 0 : socket.slice(1).reduce((sum, n) => sum + Number(n), 0)
  if (!Number.isFinite(rps)) throw new Error(`unreadable wrk report: ${output}`)
  const requests = Number(/(\d+) requests in/.exec(output)?.[1] ?? 0)
  return { rps, p50: percentile('50'), p99: percentile('99'), errors: non2xx + socketErrors, requests }
}

async function autocannonRun(target: LoadTarget, options: LoadOptions, seconds: number): Promise<RunFigures> {
  let counter = 0
  const requests: autocannon.Request[] | undefined = target.uniqueQuery === undefined
    ? undefined
    : [{ setupRequest: (request) => ({ ...request, path: `${new URL(target.url).pathname}?${target.uniqueQuery}=${process.pid}-${++counter}` }) }]
  const result = await autocannon({ url: target.url, headers: { ...target.headers }, requests, connections: options.connections, duration: seconds })
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx, requests: result.requests.total }
}
