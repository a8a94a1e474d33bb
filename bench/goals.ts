/**
 * The goal table of `npm run bench`: each target of the performance work as a ratio of two lines of
 * the same run (or a memory figure), with whether this run reaches it.
 */

import type { IdleResidentSet } from './memory.ts'

/** The names of the lines the goal table reads. */
export const LINE = {
  bareNode: 'bare node:http server (JSON)',
  nginx: 'nginx proxy -> backend',
  undiciProxy: 'node:http + undici proxy -> backend',
  fastGateway: 'fast-gateway proxy -> backend',
  fastGatewayPolicy: 'fast-gateway + API key check, token bucket -> backend',
  mock: 'gateway MOCK',
  cacheHit: 'gateway HTTP_PROXY, response cache hit (memory)',
  mockKeyed: 'gateway MOCK + API key, usage plan throttle and quota (memory)',
  proxy: 'gateway HTTP_PROXY -> backend',
  mockVtl: 'gateway MOCK + request/response VTL',
  proxyPolicy: 'gateway HTTP_PROXY + API key, usage plan, Lambda authorizer (cached), cache miss -> backend',
  httpApiProxy: 'gateway HTTP API HTTP_PROXY -> backend',
  awsProxy: "gateway AWS_PROXY (handler in its own process, on the backend's CPU)",
  awsProxyBeside: "gateway AWS_PROXY (handler in its own process, on the gateway's CPU)",
  awsProxyThread: "gateway AWS_PROXY (handler in a worker thread, functionIsolation: thread, on the backend's CPU)",
  payload2: 'gateway HTTP API Lambda, payload 2.0 (warm)',
  resources10: 'gateway MOCK, API of 10 resources',
  resources10k: 'gateway MOCK, API of 10,000 resources',
  keys10: 'gateway MOCK + API key, usage plan (memory), 10 keys',
  keys1m: 'gateway MOCK + API key, usage plan (memory), 1,000,000 keys',
} as const

interface Line {
  readonly name: string
  readonly rps: number
  readonly p99: number
  readonly cpuUs?: number
}

export interface MemoryFigures {
  /** The main gateway's resident set after its APIs were deployed, before any load (run from the TypeScript sources). */
  readonly idleRssMb: number | undefined
  /** An idle gateway of the built package (as installed; no TypeScript stripped at run time), nothing deployed. */
  readonly builtIdleRssMb: IdleResidentSet | undefined
  /** A warm execution environment's resident set beyond the handler's own. */
  readonly perWorkerMb: number | undefined
  readonly workers: number
  readonly handlerOwnMb: number | undefined
}

export function printGoals(lines: readonly Line[], memory: MemoryFigures): void {
  const find = (name: string): Line | undefined => lines.find((line) => line.name === name)
  const rows: string[] = []
  // A throughput ratio is also given as the inverse ratio of the two servers' CPU time per request: what the
  // ratio would be with a core each to themselves, however busy the machine was during the run.
  const ratio = (goal: string, a: string, b: string, at: (r: number) => boolean, target: string, of?: (line: Line) => number): void => {
    const [x, y] = [find(a), find(b)]
    if (x === undefined || y === undefined) return
    const value = of === undefined ? x.rps / y.rps : of(x) / of(y)
    const byCpu = of === undefined && x.cpuUs !== undefined && y.cpuUs !== undefined ? y.cpuUs / x.cpuUs : undefined
    rows.push(`| ${goal} | ${value.toFixed(2)} | ${byCpu === undefined ? 'n/a' : byCpu.toFixed(2)} | ${target} | ${at(value) ? 'yes' : 'NO'} |`)
  }
  // "Flat in size" is the larger one's cost per request against the smaller's: the server's CPU time per request
  // where it was read (steady however busy the machine is), else the inverse of the throughput.
  const cost = (goal: string, small: string, large: string): void => {
    const [x, y] = [find(small), find(large)]
    if (x?.cpuUs !== undefined && y?.cpuUs !== undefined) ratio(`${goal} (CPU per request)`, large, small, (value) => value < 1.05, '< 1.05', (line) => line.cpuUs ?? Number.NaN)
    else ratio(goal, small, large, (value) => value < 1.05, '< 1.05')
  }
  ratio('HTTP_PROXY + key + plan + cached authorizer + cache miss, vs nginx', LINE.proxyPolicy, LINE.nginx, (v) => v >= 0.6, '>= 0.6')
  ratio('the same, vs fast-gateway + key check + token bucket', LINE.proxyPolicy, LINE.fastGatewayPolicy, (v) => v >= 2, '>= 2')
  ratio('the same, p99 vs nginx p99', LINE.proxyPolicy, LINE.nginx, (v) => v <= 2, '<= 2', (line) => line.p99)
  ratio('MOCK vs bare node:http', LINE.mock, LINE.bareNode, (v) => v >= 0.9, '>= 0.9')
  ratio('response-cache hit vs bare node:http', LINE.cacheHit, LINE.bareNode, (v) => v >= 0.9, '>= 0.9')
  ratio('warm AWS_PROXY vs MOCK', LINE.awsProxy, LINE.mock, (v) => v >= 0.8, '>= 0.8')
  ratio('the same, functions in worker threads (functionIsolation: thread, trusted code)', LINE.awsProxyThread, LINE.mock, (v) => v >= 0.8, '>= 0.8')
  ratio("the same, processes sharing the gateway's CPU (not the issue's placement; a one-core host)", LINE.awsProxyBeside, LINE.mock, (v) => v >= 0.8, '>= 0.8')
  ratio('HTTP API HTTP_PROXY vs REST HTTP_PROXY', LINE.httpApiProxy, LINE.proxy, (v) => v >= 1, '>= 1')
  ratio('HTTP API Lambda payload 2.0 vs REST AWS_PROXY', LINE.payload2, LINE.awsProxy, (v) => v >= 0.8, '>= 0.8')
  cost('request cost, 10,000 resources / 10', LINE.resources10, LINE.resources10k)
  cost('request cost, 1,000,000 API keys / 10', LINE.keys10, LINE.keys1m)
  if (memory.builtIdleRssMb !== undefined) {
    const { atStartMb, settledMb } = memory.builtIdleRssMb
    rows.push(`| idle gateway RSS, built package, 30 s after start (MB; ${atStartMb.toFixed(0)} a second after) | ${settledMb.toFixed(0)} | | <= 100 | ${settledMb <= 100 ? 'yes' : 'NO'} |`)
  }
  if (memory.idleRssMb !== undefined) {
    rows.push(`| idle gateway RSS, from the sources with its APIs deployed (MB) | ${memory.idleRssMb.toFixed(0)} | | <= 100 | ${memory.idleRssMb <= 100 ? 'yes' : 'NO'} |`)
  }
  if (memory.perWorkerMb !== undefined) {
    const what = `memory per warm function worker beyond the handler's own (MB; ${memory.workers} workers, handler alone ${memory.handlerOwnMb?.toFixed(0)} MB)`
    rows.push(`| ${what} | ${memory.perWorkerMb.toFixed(1)} | | <= 10 | ${memory.perWorkerMb <= 10 ? 'yes' : 'NO'} |`)
  }
  if (rows.length === 0) return
  console.log('\n| goal | this run | by CPU per request | target | met |\n|---|---|---|---|---|')
  for (const row of rows) console.log(row)
}
