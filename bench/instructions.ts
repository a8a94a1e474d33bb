/**
 * `npm run bench:instructions`: the instructions the gateway spends per request on a few lines, counted by
 * valgrind's callgrind (user-space instructions of every thread of the gateway process). On a quiet machine
 * the count of the same code repeats to about 1 % on the MOCK lines (req/s moves by 30 % here), so a change of
 * a few percent shows in one run; the HTTP_PROXY line moves by about 10 % (how the backend's answers interleave
 * changes how many turns of the event loop they take). A busy machine raises it (once by 18 %, with the test suite running beside it: the JIT's
 * background compilations finish later), so compare runs made alike. It leaves out the kernel's share (the
 * socket writes), which the timed bench keeps. On the AWS_PROXY line it counts the gateway's side of each invocation
 * alone: the function's process is not run under callgrind. Needs valgrind on PATH.
 *   npm run bench:instructions -- --requests 20000 --only mock
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { LINE } from './goals.ts'
import { managementCalls } from './management-calls.ts'
import { firstLine, freePort, waitForHttp } from './processes.ts'
import { deploySizedApi } from './size-cost.ts'
import { BENCH_MOCK_REQUEST_TEMPLATE, BENCH_MOCK_RESPONSE_TEMPLATE } from './templates.ts'

const { values: flags } = parseArgs({ options: { requests: { type: 'string' }, only: { type: 'string' } } })
const REQUESTS = Number(flags.requests ?? 20_000)
/** Requests before counting: the gateway's code is compiled by then, as on a gateway that has served a while. */
const WARM_UP = 30_000
const CONNECTIONS = 20
const root = resolve(import.meta.dirname, '..')

interface Line {
  readonly name: string
  /** The request's URL, or the path under the bench stage. */
  readonly url: string
  readonly headers?: Record<string, string>
}

async function main(): Promise<void> {
  if (spawnSync('valgrind', ['--version']).error !== undefined) {
    console.error('bench:instructions needs valgrind (Debian package valgrind) on PATH')
    process.exitCode = 1
    return
  }
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-instructions-'))
  // The bench's trivial handler behind the AWS_PROXY line, as many environments as connections.
  writeFileSync(join(work, 'gatehouse.yaml'), `functions:\n  bench:\n    handler: ${join(root, 'bench/handler.handler')}\n    reservedConcurrency: ${CONNECTIONS}\n`)
  const backend = spawn(process.execPath, [join(root, 'bench/backend.ts')], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await freePort()
  // Counting starts switched off (the start-up is not measured) and is switched on around each line's requests.
  const gateway = spawn('valgrind', [
    '--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${join(work, 'callgrind.%p')}`,
    process.execPath, join(root, 'bin/gatehouse.js'), 'serve', '--config', join(work, 'gatehouse.yaml'), '--in-memory', '--port', String(port), '--log-level', 'silent',
  ], { stdio: ['ignore', 'ignore', 'ignore'] })
  try {
    const backendUrl = `http://127.0.0.1:${await firstLine(backend)}`
    const gatewayUrl = `http://127.0.0.1:${port}`
    await waitForHttp(`${gatewayUrl}/restapis`, 1_200)
    const { stage, apiKey } = await deployApi(gatewayUrl, backendUrl)
    const named = (name: string): boolean => flags.only === undefined || new RegExp(flags.only, 'i').test(name)
    // The cost-in-size pair of `npm run bench`: the last MOCK resource of an API of 10 and of 10,000 resources.
    const small = named(LINE.resources10) ? await deploySizedApi(gatewayUrl, 10) : ''
    const large = named(LINE.resources10k) ? await deploySizedApi(gatewayUrl, 10_000) : ''
    const lines: Line[] = [
      { name: LINE.mock, url: `${stage}/mock` },
      { name: LINE.proxy, url: `${stage}/proxy` },
      { name: LINE.mockVtl, url: `${stage}/mock-vtl?id=7&type=dog` },
      { name: LINE.mockKeyed, url: `${stage}/mock-keyed`, headers: { 'x-api-key': apiKey } },
      // Not pinned here: the count is the gateway's side of each invocation wherever the function runs.
      { name: 'gateway AWS_PROXY (handler in its own process)', url: `${stage}/lambda` },
      { name: LINE.resources10, url: `${small}/r9` },
      { name: LINE.resources10k, url: `${large}/r9999` },
    ].filter((line) => named(line.name))
    if (lines.length === 0) throw new Error(`--only ${flags.only} names none of the lines`)
    const rows: string[][] = []
    for (const line of lines) {
      const url = line.url
      await load(url, WARM_UP, line.headers)
      callgrindControl(gateway.pid!, '-i', 'on')
      const errors = await load(url, REQUESTS, line.headers)
      callgrindControl(gateway.pid!, '-i', 'off')
      callgrindControl(gateway.pid!, '-d')
      const instructions = lastDumpTotal(work, gateway.pid!)
      rows.push([line.name, String(REQUESTS), `${(instructions / REQUESTS / 1000).toFixed(1)}k`, String(errors)])
      console.error(`  ${line.name}: ${(instructions / REQUESTS / 1000).toFixed(1)}k instructions per request`)
    }
    console.log('| line | requests counted | instructions per request | errors |\n|---|---|---|---|')
    for (const row of rows) console.log(`| ${row.join(' | ')} |`)
  } finally {
    gateway.kill('SIGTERM')
    backend.kill('SIGTERM')
    rmSync(work, { recursive: true, force: true })
  }
}

/** `amount` requests over CONNECTIONS connections; the answers that were not 2xx. */
async function load(url: string, amount: number, headers: Record<string, string> = {}): Promise<number> {
  const result = await autocannon({ url, connections: CONNECTIONS, amount, headers })
  return result.non2xx + result.errors + result.timeouts
}

function callgrindControl(pid: number, ...options: string[]): void {
  execFileSync('callgrind_control', [...options, String(pid)], { stdio: 'ignore' })
}

/** The `totals:` of the newest dump callgrind wrote for the process (each `-d` writes the next part). */
function lastDumpTotal(work: string, pid: number): number {
  const parts = readdirSync(work).filter((file) => file.startsWith(`callgrind.${pid}.`))
  const newest = parts.sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop())).pop()
  if (newest === undefined) throw new Error('callgrind wrote no dump')
  const totals = /^totals: (\d+)/m.exec(readFileSync(join(work, newest), 'utf8'))
  if (totals === null) throw new Error(`no totals in ${newest}`)
  return Number(totals[1])
}

/** A REST API with a MOCK method, an HTTP_PROXY one, an AWS_PROXY one, a MOCK one with `npm run bench`'s templates and a keyed MOCK one, the account's throttle raised out of the way. */
async function deployApi(gateway: string, backend: string): Promise<{ stage: string; apiKey: string }> {
  const call = managementCalls(gateway)
  const api = await call('POST', '/restapis', { name: 'instructions' })
  const base = `/restapis/${api.id}`
  const add = async (pathPart: string, integration: Record<string, unknown>, apiKeyRequired = false): Promise<string> => {
    const { id } = await call('POST', `${base}/resources/${api.rootResourceId}`, { pathPart })
    await call('PUT', `${base}/resources/${id}/methods/GET`, { authorizationType: 'NONE', apiKeyRequired })
    await call('PUT', `${base}/resources/${id}/methods/GET/integration`, integration)
    return id
  }
  for (const [pathPart, keyed] of [['mock', false], ['mock-keyed', true]] as const) {
    const id = await add(pathPart, { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }, keyed)
    await call('PUT', `${base}/resources/${id}/methods/GET/responses/200`, {})
    await call('PUT', `${base}/resources/${id}/methods/GET/integration/responses/200`, {
      selectionPattern: '', responseTemplates: { 'application/json': '{"id":1,"type":"dog","price":249.99}' },
    })
  }
  await add('proxy', { type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: `${backend}/` })
  await add('lambda', {
    type: 'AWS_PROXY', integrationHttpMethod: 'POST',
    uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:bench/invocations',
  })
  const vtl = await add('mock-vtl', { type: 'MOCK', requestTemplates: { 'application/json': BENCH_MOCK_REQUEST_TEMPLATE } })
  await call('PUT', `${base}/resources/${vtl}/methods/GET/responses/200`, {})
  await call('PUT', `${base}/resources/${vtl}/methods/GET/integration/responses/200`, { selectionPattern: '', responseTemplates: { 'application/json': BENCH_MOCK_RESPONSE_TEMPLATE } })
  await call('POST', `${base}/deployments`, { stageName: 'bench' })
  const limits = [{ op: 'replace', path: '/throttle/rateLimit', value: '1000000' }, { op: 'replace', path: '/throttle/burstLimit', value: '1000000' }]
  await call('PATCH', '/account', { patchOperations: limits })
  const plan = await call('POST', '/usageplans', {
    name: 'instructions', apiStages: [{ apiId: api.id, stage: 'bench' }], throttle: { rateLimit: 1e6, burstLimit: 1e6 }, quota: { limit: 1e9, period: 'DAY' },
  })
  const key = await call('POST', '/apikeys', { name: 'instructions', enabled: true })
  await call('POST', `/usageplans/${plan.id}/keys`, { keyId: key.id, keyType: 'API_KEY' })
  return { stage: `${gateway}/_aws/execute-api/${api.id}/bench`, apiKey: key.value }
}

await main()
