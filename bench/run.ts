/**
 * `npm run bench`: the gateway against a direct call and against nginx, same machine, same run,
 * reported as ratios. Not a test: nothing here passes or fails.
 *   BENCH_DURATION=10 BENCH_CONNECTIONS=50 npm run bench
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import autocannon from 'autocannon'
import { benchScaleOut } from './scale-out.ts'
import { benchWebSocket } from './websocket.ts'
import { signIamGet } from './sign-iam-request.ts'
import { connectTestRedis, deleteKeysWithPrefix } from '../test/helpers/redis.ts'
import { NO_REDIS, redisServerOnPath, startOwnRedisServer } from '../test/helpers/redis-server.ts'

const DURATION = Number(process.env.BENCH_DURATION ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const root = resolve(import.meta.dirname, '..')
const work = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'))
const children: ChildProcess[] = []

interface Result {
  name: string
  rps: number
  p50: number
  p99: number
  errors: number
}

async function main(): Promise<void> {
  const backendPort = await firstLine(spawnChild(process.execPath, [join(root, 'bench/backend.ts')]))
  const backend = `http://127.0.0.1:${backendPort}`
  const nginx = await startNginx(Number(backendPort))
  const gatewayPort = await freePort()
  // One execution environment (a child process) per concurrent request, as Lambda runs one request per environment: the
  // reserved concurrency must cover the connections or the surplus is throttled (429).
  writeFileSync(join(work, 'gatehouse.yaml'), `functions:\n  bench:\n    handler: ${join(root, 'bench/handler.handler')}\n    reservedConcurrency: ${CONNECTIONS}\n  coldstart:\n    handler: ${join(root, 'bench/handler.handler')}\n  coldstart2:\n    handler: ${join(root, 'bench/handler.handler')}\n  authorizer:\n    handler: ${join(root, 'bench/authorizer.handler')}\n    reservedConcurrency: ${CONNECTIONS}\n${BENCH_USER_POOL_YAML}${BENCH_PRINCIPAL_YAML}`)
  // A data directory (fresh, in this run's folder) rather than --in-memory: function processes keep
  // their compile cache there, as a gateway a user runs does.
  const gatewayProcess = spawnChild(process.execPath, [join(root, 'bin/gatehouse.js'), 'serve', '--data-dir', join(work, 'data'), '--port', String(gatewayPort), '--log-level', 'silent', '--config', join(work, 'gatehouse.yaml')])
  const gateway = `http://127.0.0.1:${gatewayPort}`
  await waitForHttp(`${gateway}/restapis`)
  const stage = await deployBenchApi(gateway, backend)
  const httpApi = await deployBenchHttpApi(gateway, backend)
  void gatewayProcess

  const results: Result[] = []
  results.push(await measure('backend direct', `${backend}/`))
  if (nginx !== undefined) results.push(await measure('nginx proxy -> backend', `${nginx}/`))
  results.push(await measure('gateway MOCK', `${stage}/mock`))
  // The HTTP_PROXY method on the stage with its cache on: every request after the first a cache hit (memory state).
  results.push(await measure('gateway HTTP_PROXY, response cache hit (memory)', `${stage.replace(/\/bench$/, '/cached')}/proxy`))
  // The same MOCK method behind a cached Lambda TOKEN authorizer and behind a Cognito/JWT authorizer.
  results.push(await measure('gateway MOCK + Lambda authorizer (cached)', `${stage}/mock-lambda-authorizer`, { Authorization: 'Bearer bench' }))
  results.push(await measure('gateway MOCK + Cognito JWT authorizer', `${stage}/mock-jwt`, { Authorization: mintBenchToken() }))
  // The same MOCK method behind AWS_IAM: every request SigV4-signed afresh by the bench client.
  results.push(await measureSigned('gateway MOCK + AWS_IAM (SigV4 per request)', `${stage}/mock-iam`))
  // The same MOCK method with apiKeyRequired: key lookup, the plan's token bucket and quota counter (memory state).
  results.push(await measure('gateway MOCK + API key, usage plan throttle and quota (memory)', `${stage}/mock-keyed`, { 'x-api-key': BENCH_API_KEY }))
  // The same keyed method on a second gateway whose buckets and quotas live in Redis: one script per request.
  const redisGateway = await startRedisGateway(backend)
  if (redisGateway !== undefined) {
    results.push(await measure('gateway MOCK + API key, usage plan throttle and quota (Redis)', `${redisGateway.stage}/mock-keyed`, { 'x-api-key': BENCH_API_KEY }))
    await redisGateway.done()
  }
  results.push(await measure('gateway HTTP_PROXY -> backend', `${stage}/proxy`))
  // The same backend behind an HTTP API (v2) route: AWS sells HTTP APIs as the lighter kind.
  results.push(await measure('gateway HTTP API HTTP_PROXY -> backend', `${httpApi}/proxy`))
  // Non-proxy methods with a request and a response template: VTL rendered twice per request.
  results.push(await measure('gateway MOCK + request/response VTL', `${stage}/mock-vtl?id=7&type=dog`))
  results.push(await measure('gateway HTTP + request/response VTL -> backend', `${stage}/http-vtl?id=7&type=dog`))
  // The handler's first cold start fills its compile cache; another function on the same handler then starts with it warm.
  const coldStart = await measureColdStart(gateway, 'coldstart')
  const cachedColdStart = await measureColdStart(gateway, 'coldstart2')
  results.push(await measure('gateway AWS_PROXY (handler in its own process)', `${stage}/lambda`))
  // The same function behind an HTTP API route on payload 2.0, its environments warm from the line above.
  results.push(await measure('gateway HTTP API Lambda, payload 2.0 (warm)', `${httpApi}/lambda`))
  report(results)
  console.log(`\nLambda cold start (trivial TypeScript handler, Invoke API): init ${coldStart.initMs.toFixed(1)} ms, first call ${coldStart.firstMs.toFixed(1)} ms, warm call ${coldStart.warmMs.toFixed(1)} ms`)
  console.log(`Lambda cold start with the handler's compile cache warm: init ${cachedColdStart.initMs.toFixed(1)} ms, first call ${cachedColdStart.firstMs.toFixed(1)} ms, warm call ${cachedColdStart.warmMs.toFixed(1)} ms`)
  await benchScaleOut({ measure, backend, work, track: (child) => children.push(child) })
  await benchWebSocket(work, (child) => children.push(child))
}

/** The request template's fields: a JSON body built from `$input`, `$context` and a `#foreach`, as a typical non-proxy API does. */
const BENCH_REQUEST_FIELDS = `"id": $input.params('id'), "type": "$util.escapeJavaScript($input.params('type'))", "stage": "$context.stage",
  "headers": {#foreach($name in ['accept', 'user-agent'])"$name": "$util.escapeJavaScript($input.params().header.get($name))"#if($foreach.hasNext), #end#end}`

/** Reshapes the backend's `{"id", "type", "price"}` answer. */
const BENCH_RESPONSE_TEMPLATE = `#set($pet = $input.path('$'))
{"pet": {"id": $pet.id, "kind": "$pet.type", "price": {"amount": $pet.price, "currency": "USD"}}, "requestId": "$context.requestId"}`

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
  const call = async (method: string, path: string, body?: unknown): Promise<Record<string, string>> => {
    const response = await fetch(gateway + path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as Record<string, string>
  }
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
  const mockVtl = await add('mock-vtl', { type: 'MOCK', requestTemplates: { 'application/json': `{"statusCode": 200, ${BENCH_REQUEST_FIELDS}}` } })
  await addResponse(mockVtl, '#set($id = $input.params(\'id\'))\n{"pet": {"id": $id, "kind": "$util.escapeJavaScript($input.params(\'type\'))"}, "requestId": "$context.requestId"}')
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
    name: 'bench', apiStages: [{ apiId: api.id, stage: 'bench' }], throttle: { rateLimit: 1e6, burstLimit: 1e6 }, quota: { limit: 1e9, period: 'DAY' },
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
  const call = async (method: string, path: string, body?: unknown): Promise<Record<string, string>> => {
    const response = await fetch(gateway + path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as Record<string, string>
  }
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

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Result> {
  const probe = await fetch(url, { headers })
  if (probe.status !== 200) throw new Error(`${name}: ${url} answered ${probe.status} ${await probe.text()}`)
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 2 }) // warm-up
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION })
  const errors = result.errors + result.timeouts + result.non2xx
  console.error(`  ${name}: ${Math.round(result.requests.average)} req/s`)
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors }
}

/** Like measure, but each request carries a fresh SigV4 signature (as an SDK client sends it). */
async function measureSigned(name: string, url: string): Promise<Result> {
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
  const direct = results[0]
  const nginx = results.find((r) => r.name.startsWith('nginx'))
  const rows = results.map((r) => [
    r.name,
    Math.round(r.rps).toString(),
    `${r.p50} ms`,
    `${r.p99} ms`,
    (r.rps / direct.rps).toFixed(2),
    nginx ? (r.rps / nginx.rps).toFixed(2) : 'n/a',
    String(r.errors),
  ])
  const head = ['target', 'req/s', 'p50', 'p99', 'vs direct', 'vs nginx', 'errors']
  console.log(`\n${DURATION}s each, ${CONNECTIONS} connections, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`)
  console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`)
  for (const row of rows) console.log(`| ${row.join(' | ')} |`)
}

async function startNginx(backendPort: number): Promise<string | undefined> {
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
  spawnChild('nginx', ['-c', conf, '-p', work])
  await waitForHttp(`http://127.0.0.1:${port}/`)
  return `http://127.0.0.1:${port}`
}

/**
 * A second gateway with Redis state: on REDIS_URL when it is set, else on a private redis-server
 * (as the tests get theirs); left out, saying why, when there is neither. `done` cleans up after it.
 */
async function startRedisGateway(backend: string): Promise<{ stage: string; done: () => Promise<void> } | undefined> {
  const own = process.env.REDIS_URL === undefined && redisServerOnPath() ? await startOwnRedisServer() : undefined
  const url = process.env.REDIS_URL ?? own?.url
  if (url === undefined) {
    console.log(`(no Redis: the Redis line is left out; ${NO_REDIS})`)
    return undefined
  }
  const port = await freePort()
  const prefix = `gatehouse-bench-${process.pid}:`
  spawnChild(process.execPath, [
    join(root, 'bin/gatehouse.js'), 'serve', '--in-memory', '--port', String(port), '--log-level', 'silent', '--config', join(work, 'gatehouse.yaml'),
    '--redis', url, '--redis-key-prefix', prefix,
  ])
  await waitForHttp(`http://127.0.0.1:${port}/restapis`)
  const stage = await deployBenchApi(`http://127.0.0.1:${port}`, backend)
  const done = async (): Promise<void> => {
    if (own !== undefined) return own.stop()
    const client = await connectTestRedis(url)
    await deleteKeysWithPrefix(client, prefix)
    client.disconnect()
  }
  return { stage, done }
}

function spawnChild(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: root })
  children.push(child)
  return child
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    const lines = createInterface({ input: child.stdout! })
    lines.once('line', (line) => done(line.trim()))
    child.once('exit', (code) => fail(new Error(`child exited with ${code}`)))
  })
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}

async function waitForHttp(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await fetch(url)
      return
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  throw new Error(`${url} never answered`)
}

try {
  await main()
} finally {
  for (const child of children) child.kill('SIGTERM')
  rmSync(work, { recursive: true, force: true })
}
