/**
 * The local function host alone, without HTTP: concurrent callers invoke the bench handler through
 * WorkerFunctionHost for a while, and the CPU time of this process and its function processes
 * (or threads) is divided by the invocations. It measures the invocation path the AWS_PROXY line
 * pays for (runtime channel, pool, environments) apart from the gateway's HTTP work.
 *
 *   node bench/function-host.ts            50 callers, 10 environments, process isolation, 3 s
 *   FUNCTION_BENCH_CALLERS=50 FUNCTION_BENCH_ENVIRONMENTS=2 FUNCTION_BENCH_ISOLATION=thread \
 *   FUNCTION_BENCH_DURATION=3 node bench/function-host.ts
 *
 * Pin it to one CPU (`taskset -c 0`) to see the cost the way `npm run bench` places the gateway and
 * its functions; run it a few times and compare the quietest runs when other work shares the machine.
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { DEFAULT_AWS_ENVIRONMENT } from '../src/core/aws-environment.ts'
import { silentLogger } from '../src/core/logger.ts'
import { WorkerFunctionHost, type FunctionIsolation } from '../src/functions/worker-function-host.ts'
import { treeCpuSeconds } from './process-table.ts'

const CALLERS = Number(process.env.FUNCTION_BENCH_CALLERS ?? 50)
const ENVIRONMENTS = Number(process.env.FUNCTION_BENCH_ENVIRONMENTS ?? 10)
const DURATION_S = Number(process.env.FUNCTION_BENCH_DURATION ?? 3)
const ISOLATION = (process.env.FUNCTION_BENCH_ISOLATION ?? 'process') as FunctionIsolation
const WARM_UP_MS = 1500

const root = join(import.meta.dirname, '..')
const host = new WorkerFunctionHost({
  functions: { bench: { handler: 'bench/handler.handler', reservedConcurrency: 2 * CALLERS } },
  baseDir: root, aws: DEFAULT_AWS_ENVIRONMENT, logger: silentLogger, defaultConcurrency: ENVIRONMENTS, isolation: ISOLATION,
})

// A REST API's payload 1.0 event for `GET /lambda` as the bench's AWS_PROXY line sends it, in size and shape.
const event = JSON.stringify({
  resource: '/lambda', path: '/lambda', httpMethod: 'GET',
  headers: { Host: '127.0.0.1:8080', 'User-Agent': 'wrk' }, multiValueHeaders: { Host: ['127.0.0.1:8080'], 'User-Agent': ['wrk'] },
  queryStringParameters: null, multiValueQueryStringParameters: null, pathParameters: null, stageVariables: null,
  requestContext: {
    resourceId: 'a1b2c3', resourcePath: '/lambda', httpMethod: 'GET', extendedRequestId: 'ZhFsxGQDDoEEMig=', requestTime: '05/Dec/2026:22:00:00 +0000',
    path: '/bench/lambda', accountId: '000000000000', protocol: 'HTTP/1.1', stage: 'bench', domainPrefix: '127', requestTimeEpoch: 1_765_000_000_000,
    requestId: randomUUID(), identity: { sourceIp: '127.0.0.1', userAgent: 'wrk' }, domainName: '127.0.0.1', apiId: 'a1b2c3d4e5',
  },
  body: null, isBase64Encoded: false,
})

let invocations = 0
let stopped = false
const caller = async (): Promise<void> => {
  while (!stopped) {
    const result = await host.invoke({ functionName: 'bench', payload: event, requestId: randomUUID(), timeoutMs: 29_000 })
    if (result.functionError !== undefined) throw new Error(result.payload)
    invocations++
  }
}
const runFor = async (ms: number): Promise<void> => {
  stopped = false
  const callers = Array.from({ length: CALLERS }, caller)
  await new Promise((done) => setTimeout(done, ms))
  stopped = true
  await Promise.all(callers)
}

await runFor(WARM_UP_MS)
const cpuBefore = treeCpuSeconds(process.pid)
const ownBefore = process.cpuUsage()
const countBefore = invocations
const started = performance.now()
await runFor(DURATION_S * 1000)
const seconds = (performance.now() - started) / 1000
const count = invocations - countBefore
const own = process.cpuUsage(ownBefore)
const tree = treeCpuSeconds(process.pid) - cpuBefore
console.log(
  `${CALLERS} callers, ${ENVIRONMENTS} environments (${ISOLATION}): ${Math.round(count / seconds)} invocations/s, ` +
  `${((tree * 1e6) / count).toFixed(1)} µs CPU per invocation (this process ${((own.user + own.system) / count).toFixed(1)})`,
)
await host.close()
