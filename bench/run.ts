/**
 * `npm run bench`: the gateway against nginx, a bare node:http server and other Node proxies, same
 * machine, same run, reported as ratios, with the goal lines of the performance work and what each
 * reaches. Not a test: nothing here passes or fails, except `--compare` (below).
 *   BENCH_DURATION=5 BENCH_RUNS=3 BENCH_CONNECTIONS=50 npm run bench
 *   npm run bench -- --save before.json          keep this run's lines as JSON
 *   npm run bench -- --compare before.json       each line against the saved run; exits 1 past a 5 % drop
 *   npm run bench -- --only 'MOCK|nginx'         measure only the lines whose name matches
 * With two or more cores and `taskset`, the servers measured run on CPU 0 and the load generator and
 * the backends on CPU 1: the HTTP backend, and the Lambda functions from the AWS_PROXY line on
 * (function-placement.ts). BENCH_PIN=0 turns that off.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { Agent, setGlobalDispatcher } from 'undici'
import { placeFunctions } from './function-placement.ts'
import { LINE, printGoals } from './goals.ts'
import { applyLoad, loadGenerator, type LoadResult } from './load.ts'
import { builtGatewayIdleMegabytes, childrenResidentMegabytes, handlerOwnMegabytes, residentMegabytes } from './memory.ts'
import { treeCpuSeconds } from './process-table.ts'
import { managementCalls } from './management-calls.ts'
import { firstLine, freePort, waitForHttp } from './processes.ts'
import { compareRuns, formatComparison, readRun, writeRun } from './results-file.ts'
import { benchScaleOut } from './scale-out.ts'
import { benchWebSocket } from './websocket.ts'
import { deploySizedApi, seedApiKeys } from './size-cost.ts'
import { signIamGet } from './sign-iam-request.ts'
import { BENCH_MOCK_REQUEST_TEMPLATE, BENCH_MOCK_RESPONSE_TEMPLATE, BENCH_REQUEST_FIELDS, BENCH_RESPONSE_TEMPLATE } from './templates.ts'
import { connectTestRedis, deleteKeysWithPrefix } from '../test/helpers/redis.ts'
import { NO_REDIS, redisServerOnPath, startOwnRedisServer } from '../test/helpers/redis-server.ts'

const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const { values: flags } = parseArgs({ options: { save: { type: 'string' }, compare: { type: 'string' }, only: { type: 'string' } } })
const ONLY = flags.only === undefined ? undefined : new RegExp(flags.only, 'i')
const PINNED = process.env.BENCH_PIN !== '0' && availableParallelism() >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0
/** Where the servers measured run, and where the load generator and the backend run. */
const SERVER_CPUS = PINNED ? '0' : undefined
const LOAD_CPUS = PINNED ? '1' : undefined
const root = resolve(import.meta.dirname, '..')
const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'))
const children: ChildProcess[] = []
// The bench's own calls (management, probes) each on a fresh connection: a pooled one may sit idle past the
// server's keep-alive timeout while wrk runs (the bench waits on it synchronously) and be closed under the next call.
setGlobalDispatcher(new Agent({ pipelining: 0 }))

interface Result extends LoadResult {
  name: string
  /** Left out by --only: not printed, not saved. */
  skipped?: boolean
}

async function main(): Promise<void> {
  const backendPort = await firstLine(spawnChild(process.execPath, [join(root, 'bench/backend.ts')], LOAD_CPUS))
  const backend = `http://127.0.0.1:${backendPort}`
  // The same server as the backend, on the gateway's CPU: the ceiling of any Node server answering JSON.
  const bareNodeProcess = spawnChild(process.execPath, [join(root, 'bench/backend.ts')], SERVER_CPUS)
  const bareNode = `http://127.0.0.1:${await firstLine(bareNodeProcess)}`
  const nginx = await startNginx(Number(backendPort))
  const peer = async (file: string, ...args: string[]): Promise<{ url: string; pid: number | undefined }> => {
    const child = spawnChild(process.execPath, [join(root, 'bench/peers', file), ...args], SERVER_CPUS)
    return { url: `http://127.0.0.1:${await firstLine(child)}`, pid: child.pid }
  }
  const undiciProxy = await peer('undici-proxy.ts', backend)
  const fastGateway = await peer('fast-gateway.cjs', backend)
  const fastGatewayPolicy = await peer('fast-gateway.cjs', backend, 'policy')
  const gatewayPort = await freePort()
  // One execution environment (a child process) per concurrent request, as Lambda runs one request per environment: the
  // reserved concurrency must cover the connections or the surplus is throttled (a 500 on AWS_PROXY). Twice over: when a
  // run of the load generator ends it drops its connections with requests in flight, and those invocations still run
  // (API Gateway does not cancel them) while the next run's connections arrive.
  const reserved = 2 * CONNECTIONS
  writeFileSync(join(work, 'gatehouse.yaml'), `functions:\n  bench:\n    handler: ${join(root, 'bench/handler.handler')}\n    reservedConcurrency: ${reserved}\n  coldstart:\n    handler: ${join(root, 'bench/handler.handler')}\n  coldstart2:\n    handler: ${join(root, 'bench/handler.handler')}\n  authorizer:\n    handler: ${join(root, 'bench/authorizer.handler')}\n    reservedConcurrency: ${reserved}\n${BENCH_USER_POOL_YAML}${BENCH_PRINCIPAL_YAML}`)
  // A data directory (fresh, in this run's folder) rather than --in-memory: function processes keep
  // their compile cache there, as a gateway a user runs does. Nine keys besides the bench's own are
  // written to its store first: the keyed line is the "10 keys" end of the keys-in-size pair.
  await seedApiKeys(join(work, 'data'), 9)
  // BENCH_GATEWAY_FLAGS: Node flags for the main gateway, e.g. `--cpu-prof --cpu-prof-dir=DIR` to profile the lines measured.
  const gatewayFlags = process.env.BENCH_GATEWAY_FLAGS?.split(' ').filter((flag) => flag !== '') ?? []
  const gatewayProcess = spawnChild(process.execPath, [...gatewayFlags, join(root, 'bin/gatehouse.js'), 'serve', '--data-dir', join(work, 'data'), '--port', String(gatewayPort), '--log-level', 'silent', '--config', join(work, 'gatehouse.yaml')], SERVER_CPUS)
  const gateway = `http://127.0.0.1:${gatewayPort}`
  await waitForHttp(`${gateway}/restapis`)
  const stage = await deployBenchApi(gateway, backend)
  const cachedStage = stage.replace(/\/bench$/, '/cached')
  const httpApi = await deployBenchHttpApi(gateway, backend)
  const idleRssMb = residentMegabytes(gatewayProcess.pid ?? 0)
  const small = wanted(LINE.resources10) ? await deploySizedApi(gateway, 10) : ''
  const large = wanted(LINE.resources10k) ? await deploySizedApi(gateway, 10_000) : ''

  const results: Result[] = []
  results.push(await measure(LINE.bareNode, `${bareNode}/`, {}, undefined, bareNodeProcess.pid))
  if (nginx !== undefined) results.push(await measure(LINE.nginx, `${nginx.url}/`, {}, undefined, nginx.pid))
  results.push(await measure(LINE.undiciProxy, `${undiciProxy.url}/`, {}, undefined, undiciProxy.pid))
  results.push(await measure(LINE.fastGateway, `${fastGateway.url}/fg/`, {}, undefined, fastGateway.pid))
  results.push(await measure(LINE.fastGatewayPolicy, `${fastGatewayPolicy.url}/fg/`, { 'x-api-key': BENCH_API_KEY }, undefined, fastGatewayPolicy.pid))
  serverPid = gatewayProcess.pid
  results.push(await measure(LINE.mock, `${stage}/mock`))
  // The HTTP_PROXY method on the stage with its cache on: every request after the first a cache hit (memory state).
  results.push(await measure(LINE.cacheHit, `${cachedStage}/proxy`))
  // The same MOCK method behind a cached Lambda TOKEN authorizer and behind a Cognito/JWT authorizer.
  results.push(await measure('gateway MOCK + Lambda authorizer (cached)', `${stage}/mock-lambda-authorizer`, { Authorization: 'Bearer bench' }))
  results.push(await measure('gateway MOCK + Cognito JWT authorizer', `${stage}/mock-jwt`, { Authorization: mintBenchToken() }))
  // The same MOCK method behind AWS_IAM: every request SigV4-signed afresh by the bench client.
  results.push(await measureSigned('gateway MOCK + AWS_IAM (SigV4 per request, autocannon)', `${stage}/mock-iam`))
  // The same MOCK method with apiKeyRequired: key lookup, the plan's token bucket and quota counter (memory state).
  results.push(await measure(LINE.mockKeyed, `${stage}/mock-keyed`, { 'x-api-key': BENCH_API_KEY }))
  // The same keyed method on a second gateway whose buckets and quotas live in Redis: one script per request.
  const redisGateway = wanted('gateway MOCK + API key, usage plan throttle and quota (Redis)') ? await startRedisGateway(backend) : undefined
  if (redisGateway !== undefined) {
    results.push(await measure('gateway MOCK + API key, usage plan throttle and quota (Redis)', `${redisGateway.stage}/mock-keyed`, { 'x-api-key': BENCH_API_KEY }, undefined, redisGateway.pid))
    await redisGateway.done()
  }
  results.push(await measure(LINE.proxy, `${stage}/proxy`))
  // Every policy at once on the cached stage: the key and its plan, the TOKEN authorizer's cached
  // answer, and a response-cache lookup keyed on a query parameter every request changes.
  results.push(await measure(LINE.proxyPolicy, `${cachedStage}/proxy-policy`, { 'x-api-key': BENCH_API_KEY, Authorization: 'Bearer bench' }, 'miss'))
  // The same backend behind an HTTP API (v2) route: AWS sells HTTP APIs as the lighter kind.
  results.push(await measure(LINE.httpApiProxy, `${httpApi}/proxy`))
  // Non-proxy methods with a request and a response template: VTL rendered twice per request.
  results.push(await measure(LINE.mockVtl, `${stage}/mock-vtl?id=7&type=dog`))
  results.push(await measure('gateway HTTP + request/response VTL -> backend', `${stage}/http-vtl?id=7&type=dog`))
  // Cost in size: the same MOCK method, the last of 10 resources and the last of 10,000, measured in turn twice
  // (10, 10,000, then 10,000, 10) so that the machine drifting over the pair weighs on both alike.
  results.push(...(await measureInTurn([[LINE.resources10, `${small}/r9`], [LINE.resources10k, `${large}/r9999`]])))
  // The handler's first cold start fills its compile cache; another function on the same handler then starts with it warm.
  const coldStart = ONLY === undefined ? await measureColdStart(gateway, 'coldstart') : undefined
  const cachedColdStart = ONLY === undefined ? await measureColdStart(gateway, 'coldstart2') : undefined
  // AWS_PROXY first as the execution environments start, on the gateway's CPU, then with them moved beside the
  // backend (function-placement.ts): the goal's line, and the lines after it on this gateway.
  results.push(await measure(LINE.awsProxyBeside, `${stage}/lambda`, {}, undefined, serverPid, LAMBDA_WARM_UP_S))
  const placement = LOAD_CPUS === undefined || gatewayProcess.pid === undefined || !(wanted(LINE.awsProxy) || wanted(LINE.payload2))
    ? undefined
    : placeFunctions(gatewayProcess.pid, LOAD_CPUS)
  results.push(await measure(LINE.awsProxy, `${stage}/lambda`, {}, undefined, serverPid, LAMBDA_WARM_UP_S))
  // The same function behind an HTTP API route on payload 2.0, its environments warm from the line above.
  results.push(await measure(LINE.payload2, `${httpApi}/lambda`, {}, undefined, serverPid, LAMBDA_WARM_UP_S))
  // The same function on a gateway whose environments are worker threads of its own process (the opt-in for trusted code).
  const threadGateway = wanted(LINE.awsProxyThread) ? await startThreadGateway(backend) : undefined
  if (threadGateway !== undefined) {
    const threads = LOAD_CPUS === undefined || threadGateway.child.pid === undefined ? undefined : placeFunctions(threadGateway.child.pid, LOAD_CPUS)
    results.push(await measure(LINE.awsProxyThread, `${threadGateway.stage}/lambda`, {}, undefined, threadGateway.child.pid, LAMBDA_WARM_UP_S))
    threads?.stop()
    threadGateway.child.kill('SIGTERM')
  }
  placement?.stop()
  const workerRss = childrenResidentMegabytes(gatewayProcess.pid ?? 0, 'process-runtime')
  const handlerOwnMb = workerRss.length === 0 ? undefined : await handlerOwnMegabytes(join(root, 'bench/handler.ts'))
  const perWorkerMb = workerRss.length === 0 || handlerOwnMb === undefined ? undefined : workerRss.reduce((sum, mb) => sum + mb, 0) / workerRss.length - handlerOwnMb
  results.push(...(await measureManyKeys(backend)))

  const measured = results.filter((result) => result.skipped !== true)
  report(measured)
  const builtIdleRssMb = ONLY === undefined ? await builtGatewayIdleMegabytes(root, mkdtempSync(join(work, 'built-'))) : undefined
  printGoals(measured, { idleRssMb, builtIdleRssMb, perWorkerMb, workers: workerRss.length, handlerOwnMb })
  if (manyKeysRssMb !== undefined) console.log(`Resident memory of the gateway holding 1,000,000 API keys, after its two turns: ${manyKeysRssMb.toFixed(0)} MB`)
  if (coldStart !== undefined && cachedColdStart !== undefined) {
    console.log(`\nLambda cold start (trivial TypeScript handler, Invoke API): init ${coldStart.initMs.toFixed(1)} ms, first call ${coldStart.firstMs.toFixed(1)} ms, warm call ${coldStart.warmMs.toFixed(1)} ms`)
    console.log(`Lambda cold start with the handler's compile cache warm: init ${cachedColdStart.initMs.toFixed(1)} ms, first call ${cachedColdStart.firstMs.toFixed(1)} ms, warm call ${cachedColdStart.warmMs.toFixed(1)} ms`)
  }
  const run = { date: new Date().toISOString(), node: process.version, settings: settings(), lines: measured.map(({ name, rps, p50, p99, cpuUs, errors }) => ({ name, rps, p50, p99, cpuUs, errors })) }
  if (flags.save !== undefined) {
    writeRun(flags.save, run)
    console.log(`\nSaved to ${flags.save}`)
  }
  if (flags.compare !== undefined) {
    const comparison = compareRuns(readRun(flags.compare), run)
    console.log(formatComparison(comparison, flags.compare))
    if (comparison.failed) process.exitCode = 1
  }
  if (ONLY === undefined) await benchScaleOut({ measure, backend, work, track: (child) => children.push(child) })
  if (ONLY === undefined) await benchWebSocket(work, (child) => children.push(child))
}

/**
 * The keys-in-size pair: two gateways like the main one, started alike, whose stores hold the bench's own API key
 * and 9 others, or 999,999 others, written straight into their SQLite files before they start (a million
 * management calls would take longer than the whole bench). Both ends are fresh processes measured in turn twice:
 * set against the main gateway, warmed by every line before, the million's end measured 0.87 to 1.16 of it between
 * runs of the same code.
 */
let manyKeysRssMb: number | undefined

async function measureManyKeys(backend: string): Promise<Result[]> {
  if (!wanted(LINE.keys1m) && !wanted(LINE.keys10)) return []
  // A gateway only for a line --only names: seeding a million keys takes most of a minute.
  const few = wanted(LINE.keys10) ? await startKeyedGateway(backend, 'keys10-data', 9) : undefined
  const many = wanted(LINE.keys1m) ? await startKeyedGateway(backend, 'keys-data', 999_999) : undefined
  try {
    // A line left out is answered as skipped by measure, before its URL is used.
    const lines = await measureInTurn([
      [LINE.keys10, `${few?.stage}/mock-keyed`, { 'x-api-key': BENCH_API_KEY }, few?.pid],
      [LINE.keys1m, `${many?.stage}/mock-keyed`, { 'x-api-key': BENCH_API_KEY }, many?.pid],
    ])
    if (many !== undefined) manyKeysRssMb = residentMegabytes(many.pid ?? 0)
    return lines
  } finally {
    few?.stop()
    many?.stop()
  }
}

/** A gateway of its own whose store holds `seededKeys` API keys besides the bench's, with the bench API deployed. */
async function startKeyedGateway(backend: string, folder: string, seededKeys: number): Promise<{ stage: string; pid: number | undefined; stop(): void }> {
  const dataDir = join(work, folder)
  const seeded = performance.now()
  await seedApiKeys(dataDir, seededKeys)
  if (seededKeys > 1000) console.error(`  (${seededKeys.toLocaleString('en')} API keys written to the store in ${((performance.now() - seeded) / 1000).toFixed(1)} s)`)
  const port = await freePort()
  const child = spawnChild(process.execPath, [join(root, 'bin/gatehouse.js'), 'serve', '--data-dir', dataDir, '--port', String(port), '--log-level', 'silent', '--config', join(work, 'gatehouse.yaml')], SERVER_CPUS)
  try {
    await waitForHttp(`http://127.0.0.1:${port}/restapis`)
    return { stage: await deployBenchApi(`http://127.0.0.1:${port}`, backend), pid: child.pid, stop: () => child.kill('SIGTERM') }
  } catch (error) {
    child.kill('SIGTERM')
    throw error
  }
}

function settings(): string {
  return `${DURATION}s x ${RUNS} runs (median) each after a 2s warm-up, ${CONNECTIONS} connections, ${loadGenerator()}${PINNED ? ', servers on CPU 0, load and backends (HTTP, and Lambda functions but on one line) on CPU 1' : ''}`
}

function wanted(name: string): boolean {
  return ONLY === undefined || ONLY.test(name)
}

/** The bench caller's API key (x-api-key) for the keyed, usage-plan-metered MOCK method. */
const BENCH_API_KEY = 'bench-api-key-0123456789abcdef'

/** A user pool backed by Gatehouse's own key, whose tokens `gatehouse token` mints. */
const BENCH_USER_POOL = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_bench'
const BENCH_USER_POOL_YAML = `dataDir: ./data\nuserPools:\n  ${BENCH_USER_POOL}:\n    gatehouse: true\n`

/** The AWS_IAM caller: its key signs every request of the IAM line; its policy allows the bench API. */
const BENCH_PRINCIPAL = { accessKeyId: 'AKIABENCH00000000001', secretAccessKey: 'bench-secret-access-key' }
const BENCH_PRINCIPAL_YAML = `principals:\n  bench:\n    accessKeyId: ${BENCH_PRINCIPAL.accessKeyId}\n    secretAccessKey: ${BENCH_PRINCIPAL.secretAccessKey}\n    policies:\n      - Statement:\n          - { Effect: Allow, Action: "execute-api:Invoke", Resource: "arn:aws:execute-api:*:*:*" }\n`

function mintBenchToken(): string {
  return execFileSync(process.execPath, [join(root, 'bin/gatehouse.js'), 'token', '--sub', 'bench', '--id-token', '--config', join(work, 'gatehouse.yaml')]).toString().trim()
}

async function deployBenchApi(gateway: string, backend: string): Promise<string> {
  const call = managementCalls(gateway)
  const api = await call('POST', '/restapis', { name: 'bench' })
  const base = `/restapis/${api.id}`
  const add = async (pathPart: string, integration: Record<string, unknown>, auth: Record<string, unknown> = { authorizationType: 'NONE' }): Promise<string> => {
    const { id } = await call('POST', `${base}/resources/${api.rootResourceId}`, { pathPart })
    await call('PUT', `${base}/resources/${id}/methods/GET`, auth)
    await call('PUT', `${base}/resources/${id}/methods/GET/integration`, integration)
    return id
  }
  const addMock = async (pathPart: string, auth?: Record<string, unknown>): Promise<void> => {
    const mock = await add(pathPart, { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }, auth)
    await call('PUT', `${base}/resources/${mock}/methods/GET/responses/200`, {})
    await call('PUT', `${base}/resources/${mock}/methods/GET/integration/responses/200`, {
      selectionPattern: '',
      responseTemplates: { 'application/json': '{"id":1,"type":"dog","price":249.99}' },
    })
  }
  await addMock('mock')
  const addResponse = async (resourceId: string, template: string): Promise<void> => {
    await call('PUT', `${base}/resources/${resourceId}/methods/GET/responses/200`, {})
    await call('PUT', `${base}/resources/${resourceId}/methods/GET/integration/responses/200`, { selectionPattern: '', responseTemplates: { 'application/json': template } })
  }
  const lambdaAuthorizer = await call('POST', `${base}/authorizers`, {
    name: 'bench-token', type: 'TOKEN', identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 300,
    authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authorizer/invocations',
  })
  await addMock('mock-lambda-authorizer', { authorizationType: 'CUSTOM', authorizerId: lambdaAuthorizer.id })
  const jwtAuthorizer = await call('POST', `${base}/authorizers`, {
    name: 'bench-jwt', type: 'COGNITO_USER_POOLS', providerARNs: [BENCH_USER_POOL], identitySource: 'method.request.header.Authorization',
  })
  await addMock('mock-jwt', { authorizationType: 'COGNITO_USER_POOLS', authorizerId: jwtAuthorizer.id })
  await addMock('mock-iam', { authorizationType: 'AWS_IAM' })
  await addMock('mock-keyed', { authorizationType: 'NONE', apiKeyRequired: true })
  await add('proxy', { type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: `${backend}/` })
  await add(
    'proxy-policy',
    { type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: `${backend}/`, cacheKeyParameters: ['method.request.querystring.miss'] },
    { authorizationType: 'CUSTOM', authorizerId: lambdaAuthorizer.id, apiKeyRequired: true, requestParameters: { 'method.request.querystring.miss': false } },
  )
  const mockVtl = await add('mock-vtl', { type: 'MOCK', requestTemplates: { 'application/json': BENCH_MOCK_REQUEST_TEMPLATE } })
  await addResponse(mockVtl, BENCH_MOCK_RESPONSE_TEMPLATE)
  const httpVtl = await add('http-vtl', {
    type: 'HTTP', integrationHttpMethod: 'POST', uri: `${backend}/`, requestTemplates: { 'application/json': `{${BENCH_REQUEST_FIELDS}}` },
  })
  await addResponse(httpVtl, BENCH_RESPONSE_TEMPLATE)
  await add('lambda', {
    type: 'AWS_PROXY',
    integrationHttpMethod: 'POST',
    uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:bench/invocations',
  })
  const deployment = await call('POST', `${base}/deployments`, { stageName: 'bench' })
  // A second stage with its response cache on (`*/*` caching, GET): the cached line is a hit every time after the first.
  await call('POST', `${base}/stages`, { stageName: 'cached', deploymentId: deployment.id, cacheClusterEnabled: true })
  // Setting `*/*` also gives the stage AWS's default method throttle (10,000 rps, burst 5,000), raised here like the account's.
  await call('PATCH', `${base}/stages/cached`, {
    patchOperations: [
      { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
      { op: 'replace', path: '/*/*/throttling/rateLimit', value: '1000000' },
      { op: 'replace', path: '/*/*/throttling/burstLimit', value: '1000000' },
    ],
  })
  // The account's bucket (AWS's 10,000 rps) would cap the fastest lines: the bench measures the gateway, not that limit.
  await call('PATCH', '/account', { patchOperations: [{ op: 'replace', path: '/throttle/rateLimit', value: '1000000' }, { op: 'replace', path: '/throttle/burstLimit', value: '1000000' }] })
  // A key in a usage plan whose limits are never reached: the keyed line measures the key check and the metering.
  const key = await call('POST', '/apikeys', { name: 'bench', enabled: true, value: BENCH_API_KEY })
  const plan = await call('POST', '/usageplans', {
    name: 'bench', apiStages: [{ apiId: api.id, stage: 'bench' }, { apiId: api.id, stage: 'cached' }], throttle: { rateLimit: 1e6, burstLimit: 1e6 }, quota: { limit: 1e9, period: 'DAY' },
  })
  await call('POST', `/usageplans/${plan.id}/keys`, { keyId: key.id, keyType: 'API_KEY' })
  return `${gateway}/_aws/execute-api/${api.id}/bench`
}

/**
 * An HTTP API (API Gateway v2) built through the `apigatewayv2` management API as the AWS CLI builds
 * one: an HTTP_PROXY route to the backend and an AWS_PROXY route to the bench function on payload
 * 2.0, served by a `$default` stage with AutoDeploy (developer guide, "Working with HTTP APIs").
 */
async function deployBenchHttpApi(gateway: string, backend: string): Promise<string> {
  const call = managementCalls(gateway)
  const api = await call('POST', '/v2/apis', { name: 'bench-http', protocolType: 'HTTP' })
  const base = `/v2/apis/${api.apiId}`
  const route = async (routeKey: string, integration: Record<string, unknown>): Promise<void> => {
    const { integrationId } = await call('POST', `${base}/integrations`, integration)
    await call('POST', `${base}/routes`, { routeKey, target: `integrations/${integrationId}` })
  }
  await route('GET /proxy', { integrationType: 'HTTP_PROXY', integrationMethod: 'GET', integrationUri: `${backend}/`, payloadFormatVersion: '1.0' })
  await route('GET /lambda', { integrationType: 'AWS_PROXY', integrationUri: 'arn:aws:lambda:us-east-1:000000000000:function:bench', payloadFormatVersion: '2.0' })
  await call('POST', `${base}/stages`, { stageName: '$default', autoDeploy: true })
  return `${gateway}/_aws/execute-api/${api.apiId}`
}

/**
 * A function's first invocation starts its execution environment (a Node process) and loads the handler: Init Duration is read
 * from the REPORT line Lambda's Invoke API returns with LogType Tail; the calls are timed end to end.
 */
async function measureColdStart(gateway: string, functionName: string): Promise<{ initMs: number; firstMs: number; warmMs: number }> {
  const invoke = async (): Promise<{ ms: number; log: string }> => {
    const started = performance.now()
    const response = await fetch(`${gateway}/2015-03-31/functions/${functionName}/invocations`, { method: 'POST', headers: { 'x-amz-log-type': 'Tail' }, body: '{}' })
    await response.arrayBuffer()
    return { ms: performance.now() - started, log: Buffer.from(response.headers.get('x-amz-log-result') ?? '', 'base64').toString() }
  }
  const first = await invoke()
  const warm = await invoke()
  const init = /Init Duration: ([\d.]+) ms/.exec(first.log)
  if (init === null) throw new Error(`no Init Duration in the first call's log: ${first.log}`)
  return { initMs: Number(init[1]), firstMs: first.ms, warmMs: warm.ms }
}

/** The process serving the lines measured next (its CPU time per request is reported); the main gateway unless a line names another. */
let serverPid: number | undefined

/** A latency as wrk reports it (µs resolution), without the float noise of its conversion to ms. */
const milliseconds = (ms: number): string => `${Number(ms.toPrecision(3))} ms`

/**
 * The Lambda lines warm up longer: the gateway's and the function processes' optimising compilers are
 * still at work 4-8 s into load on these lines (perf, on the gateway's CPU), which a 2 s warm-up would
 * count against them.
 */
const LAMBDA_WARM_UP_S = 8

async function measure(name: string, url: string, headers: Record<string, string> = {}, uniqueQuery?: string, pid = serverPid, warmUpS = 2): Promise<Result> {
  if (!wanted(name)) return { name, rps: 0, p50: 0, p99: 0, errors: 0, skipped: true }
  const probe = await fetch(uniqueQuery === undefined ? url : `${url}?${uniqueQuery}=probe`, { headers })
  if (probe.status !== 200) throw new Error(`${name}: ${url} answered ${probe.status} ${await probe.text()}`)
  const result = await applyLoad({ url, headers, uniqueQuery }, {
    connections: CONNECTIONS, durationS: DURATION, runs: RUNS, cpus: LOAD_CPUS, work, serverCpuSeconds: pid === undefined ? undefined : () => treeCpuSeconds(pid), warmUpS,
  })
  console.error(`  ${name}: ${Math.round(result.rps)} req/s${result.errors > 0 ? `, ${result.errors} errors` : ''}`)
  return { name, ...result }
}

/**
 * Each line measured twice, in the order given and then in reverse, each result the mean of its two: what a
 * ratio of these lines shows is then not how the machine drifted between them.
 */
async function measureInTurn(lines: readonly (readonly [name: string, url: string, headers?: Record<string, string>, pid?: number])[]): Promise<Result[]> {
  const firsts = new Map<string, Result>()
  for (const [name, url, headers, pid] of lines) firsts.set(name, await measure(name, url, headers, undefined, pid ?? serverPid))
  const results = new Map<string, Result>()
  for (const [name, url, headers, pid] of [...lines].reverse()) results.set(name, meanOf(firsts.get(name)!, await measure(name, url, headers, undefined, pid ?? serverPid)))
  return lines.map(([name]) => results.get(name)!)
}

function meanOf(a: Result, b: Result): Result {
  if (a.skipped === true || b.skipped === true) return a
  const mean = (x: number, y: number): number => (x + y) / 2
  return {
    name: a.name,
    rps: mean(a.rps, b.rps),
    p50: mean(a.p50, b.p50),
    p99: mean(a.p99, b.p99),
    errors: a.errors + b.errors,
    cpuUs: a.cpuUs === undefined || b.cpuUs === undefined ? undefined : mean(a.cpuUs, b.cpuUs),
    failures: a.failures ?? b.failures,
  }
}

/** Like measure, but each request carries a fresh SigV4 signature (as an SDK client sends it): autocannon signs each. */
async function measureSigned(name: string, url: string): Promise<Result> {
  if (!wanted(name)) return { name, rps: 0, p50: 0, p99: 0, errors: 0, skipped: true }
  const target = new URL(url)
  const sign = (): Record<string, string> => signIamGet(target, BENCH_PRINCIPAL, 'us-east-1')
  const probe = await fetch(url, { headers: sign() })
  if (probe.status !== 200) throw new Error(`${name}: ${url} answered ${probe.status} ${await probe.text()}`)
  const requests: autocannon.Request[] = [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...sign() } }) }]
  await autocannon({ url, requests, connections: CONNECTIONS, duration: 2 }) // warm-up
  const result = await autocannon({ url, requests, connections: CONNECTIONS, duration: DURATION })
  const errors = result.errors + result.timeouts + result.non2xx
  console.error(`  ${name}: ${Math.round(result.requests.average)} req/s`)
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors }
}

function report(results: Result[]): void {
  const bare = results.find((r) => r.name === LINE.bareNode)
  const nginx = results.find((r) => r.name === LINE.nginx)
  const ratio = (r: Result, base: Result | undefined): string => (base === undefined ? 'n/a' : (r.rps / base.rps).toFixed(2))
  const cpu = (r: Result): string => (r.cpuUs === undefined ? 'n/a' : r.cpuUs.toFixed(0))
  const rows = results.map((r) => [r.name, Math.round(r.rps).toString(), milliseconds(r.p50), milliseconds(r.p99), ratio(r, bare), ratio(r, nginx), cpu(r), String(r.errors)])
  const head = ['target', 'req/s', 'p50', 'p99', 'vs bare node', 'vs nginx', 'server CPU µs/req', 'errors']
  console.log(`\n${settings()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`)
  console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`)
  for (const row of rows) console.log(`| ${row.join(' | ')} |`)
  for (const r of results) {
    if (r.failures === undefined) continue
    const statuses = Object.entries(r.failures.statuses).map(([status, count]) => `${count} x ${status}`).join(', ')
    console.log(`\n${r.name}: ${r.errors} failed answers over its runs; a further 3 s pass saw ${statuses || 'none'}`)
    for (const sample of r.failures.samples) console.log(`  ${sample}`)
  }
}

async function startNginx(backendPort: number): Promise<{ url: string; pid: number | undefined } | undefined> {
  if (spawnSync('nginx', ['-v']).error !== undefined) {
    console.error('nginx not found: the nginx column is skipped (apt-get install nginx-light)')
    return undefined
  }
  const port = await freePort()
  const conf = join(work, 'nginx.conf')
  writeFileSync(conf, `worker_processes 1; daemon off; pid ${work}/nginx.pid; error_log ${work}/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${work}/body; proxy_temp_path ${work}/proxy; fastcgi_temp_path ${work}/fcgi;
  uwsgi_temp_path ${work}/uwsgi; scgi_temp_path ${work}/scgi;
  upstream backend { server 127.0.0.1:${backendPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`)
  const child = spawnChild('nginx', ['-c', conf, '-p', work], SERVER_CPUS)
  await waitForHttp(`http://127.0.0.1:${port}/`)
  return { url: `http://127.0.0.1:${port}`, pid: child.pid }
}

/**
 * A second gateway with Redis state: on REDIS_URL when it is set, else on a private redis-server
 * (as the tests get theirs); left out, saying why, when there is neither. `done` cleans up after it.
 */
async function startRedisGateway(backend: string): Promise<{ stage: string; pid: number | undefined; done: () => Promise<void> } | undefined> {
  const own = process.env.REDIS_URL === undefined && redisServerOnPath() ? await startOwnRedisServer() : undefined
  const url = process.env.REDIS_URL ?? own?.url
  if (url === undefined) {
    console.log(`(no Redis: the Redis line is left out; ${NO_REDIS})`)
    return undefined
  }
  const port = await freePort()
  const prefix = `gatehouse-bench-${process.pid}:`
  const child = spawnChild(process.execPath, [
    join(root, 'bin/gatehouse.js'), 'serve', '--in-memory', '--port', String(port), '--log-level', 'silent', '--config', join(work, 'gatehouse.yaml'),
    '--redis', url, '--redis-key-prefix', prefix,
  ], SERVER_CPUS)
  await waitForHttp(`http://127.0.0.1:${port}/restapis`)
  const stage = await deployBenchApi(`http://127.0.0.1:${port}`, backend)
  const done = async (): Promise<void> => {
    if (own !== undefined) return own.stop()
    const client = await connectTestRedis(url)
    await deleteKeysWithPrefix(client, prefix)
    client.disconnect()
  }
  return { stage, pid: child.pid, done }
}

/** A second gateway, in memory, whose functions run as worker threads (`--function-isolation thread`). */
async function startThreadGateway(backend: string): Promise<{ stage: string; child: ChildProcess }> {
  const port = await freePort()
  const child = spawnChild(process.execPath, [
    join(root, 'bin/gatehouse.js'), 'serve', '--in-memory', '--port', String(port), '--log-level', 'silent', '--config', join(work, 'gatehouse.yaml'),
    '--function-isolation', 'thread',
  ], SERVER_CPUS)
  await waitForHttp(`http://127.0.0.1:${port}/restapis`)
  return { stage: await deployBenchApi(`http://127.0.0.1:${port}`, backend), child }
}

/** Starts a child the bench stops on its way out, on the given CPUs when the bench pins. */
function spawnChild(command: string, args: string[], cpus?: string): ChildProcess {
  const pinned = cpus === undefined ? [command, ...args] : ['taskset', '-c', cpus, command, ...args]
  const child = spawn(pinned[0], pinned.slice(1), { stdio: ['ignore', 'pipe', 'inherit'], cwd: root })
  children.push(child)
  return child
}

try {
  await main()
} finally {
  for (const child of children) child.kill('SIGTERM')
  rmSync(work, { recursive: true, force: true })
}
