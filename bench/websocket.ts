/**
 * The WebSocket lines of `npm run bench` (also `node bench/websocket.ts` on its own):
 *   - 10,000 idle connections held by one gateway process: resident memory per connection, beside
 *     a bare `ws` server holding as many (what the socket costs a Node process before any gateway work);
 *   - the round trip of a message through a warm Lambda route: a two-way route answering with its
 *     body, and a handler posting back through `@connections` as handlers written for AWS do;
 *   - PostToConnection to 1,000 connections from a backend: messages delivered per second.
 * Not a test: nothing here passes or fails. BENCH_WS_CONNECTIONS changes the 10,000.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import {
  ApiGatewayV2Client, CreateApiCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateRouteCommand, CreateRouteResponseCommand, CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2'
import { Pool } from 'undici'
import { WebSocket } from 'ws'
import { spawnServe } from '../test/helpers/cli.ts'
import { firstLine } from './processes.ts'

const root = resolve(import.meta.dirname, '..')
const IDLE = Number(process.env.BENCH_WS_CONNECTIONS ?? 10_000)
const BROADCAST = 1_000
const ROUND_TRIPS = 2_000

/**
 * Runs the lines in a child whose open-file limit is raised to the hard limit: 10,000 sockets on
 * each side need more than the usual soft limit of 1,024.
 */
export function benchWebSocket(work: string, track: (child: ChildProcess) => void): Promise<void> {
  const child = spawn('sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', process.execPath, fileURLToPath(import.meta.url)], {
    stdio: 'inherit', env: { ...process.env, BENCH_WS_WORK: work },
  })
  track(child)
  return new Promise((done) => child.once('exit', () => done()))
}

async function main(work: string): Promise<void> {
  const children: ChildProcess[] = []
  try {
    const limit = openFileLimit()
    const idle = Math.min(IDLE, limit - 500)
    console.log(`\nWebSocket APIs (open-file limit ${limit}${idle < IDLE ? `: ${idle} idle connections, not ${IDLE}` : ''})`)

    const baseline = spawn(process.execPath, [join(root, 'bench/websocket-baseline.ts')], { stdio: ['ignore', 'pipe', 'inherit'] })
    children.push(baseline)
    const baselinePort = await firstLine(baseline)
    const bare = await holdIdle(idle, () => new WebSocket(`ws://127.0.0.1:${baselinePort}/`), baseline.pid!)
    baseline.kill('SIGTERM')

    const config = join(work, 'websocket-bench.yaml')
    writeFileSync(config, [
      'functions:',
      `  echo: { handler: ${join(root, 'bench/websocket-handler.echo')} }`,
      // The SDK v3 client over TLS takes this handler's process close to 128 MB resident: at the default
      // MemorySize it crossed it about once in a few thousand calls (Runtime.OutOfMemory, as Lambda ends
      // such an environment, and an error frame to the client), so it gets room as a real function would.
      `  post: { handler: ${join(root, 'bench/websocket-handler.post')}, memorySize: 256 }`,
      // Connections are opened faster than AWS's 500 a second here.
      'websocket: { newConnectionsPerSecond: 100000 }',
      '',
    ].join('\n'))
    const serve = await spawnServe(['--in-memory', '--port', '0', '--log-level', 'silent', '--config', config])
    children.push(serve.child)
    const { apiId } = await deployBenchWebSocketApi(serve.url)
    const port = new URL(serve.url).port
    const open = () => new WebSocket(`ws://127.0.0.1:${port}/bench`, { headers: { Host: `${apiId}.execute-api.localhost:${port}` } })

    const gateway = await holdIdle(idle, open, serve.child.pid!)
    console.log(`Idle connections held: ${idle} by one gateway process, ${(gateway.perConnection / 1024).toFixed(1)} KB resident each `
      + `(a bare ws server: ${(bare.perConnection / 1024).toFixed(1)} KB; the gateway's own: ${((gateway.perConnection - bare.perConnection) / 1024).toFixed(1)} KB); `
      + `opened at ${gateway.openedPerSecond.toFixed(0)}/s`)

    const echo = await roundTrips(open, (i) => `m${i}`)
    console.log(`Echo round trip through a warm Lambda two-way route (${ROUND_TRIPS}, one at a time): p50 ${echo.p50.toFixed(2)} ms, p99 ${echo.p99.toFixed(2)} ms`)
    const posted = await roundTrips(open, (i) => JSON.stringify({ action: 'post', i }))
    console.log(`Echo through a warm Lambda posting back with @connections (SDK v3 over TLS, ${ROUND_TRIPS}): p50 ${posted.p50.toFixed(2)} ms, p99 ${posted.p99.toFixed(2)} ms`)

    const rates = await broadcastRates(open, serve.url, apiId)
    console.log(`PostToConnection broadcast to ${BROADCAST} connections (undici, 32 connections to the gateway): ${rates.map((rate) => rate.toFixed(0)).join(', ')} messages/s over ${rates.length} rounds`)
  } finally {
    for (const child of children) child.kill('SIGTERM')
  }
}

async function deployBenchWebSocketApi(url: string): Promise<{ apiId: string }> {
  const v2 = new ApiGatewayV2Client({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 })
  const apiId = (await v2.send(new CreateApiCommand({ Name: 'ws-bench', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!
  const route = async (routeKey: string, fn: string, twoWay: boolean): Promise<void> => {
    const integration = await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: `arn:aws:lambda:us-east-1:000000000000:function:${fn}` }))
    const created = await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: `integrations/${integration.IntegrationId}`, ...(twoWay ? { RouteResponseSelectionExpression: '$default' } : {}) }))
    if (twoWay) await v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: created.RouteId, RouteResponseKey: '$default' }))
  }
  // No $connect route: an idle connection costs no Lambda.
  await route('$default', 'echo', true)
  await route('post', 'post', false)
  await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'bench' }))
  await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'bench' }))
  v2.destroy()
  return { apiId }
}

/** Opens `count` connections, 200 at a time, and reads the server's resident memory before and after. */
async function holdIdle(count: number, open: () => WebSocket, pid: number): Promise<{ perConnection: number; openedPerSecond: number }> {
  // A first batch opened and closed, so that what is allocated once is not counted per connection.
  const warm = await openMany(200, open)
  await closeAll(warm)
  const before = residentBytes(pid)
  const started = performance.now()
  const sockets = await openMany(count, open)
  const openedPerSecond = count / ((performance.now() - started) / 1000)
  // Idle a moment, so that what the handshakes left behind is collected.
  await new Promise((done) => setTimeout(done, 2_000))
  const after = residentBytes(pid)
  await closeAll(sockets)
  return { perConnection: (after - before) / count, openedPerSecond }
}

async function openMany(count: number, open: () => WebSocket): Promise<WebSocket[]> {
  const sockets: WebSocket[] = []
  for (let start = 0; start < count; start += 200) {
    const batch = Array.from({ length: Math.min(200, count - start) }, open)
    await Promise.all(batch.map((ws) => new Promise((done, fail) => { ws.once('open', done); ws.once('error', fail) })))
    sockets.push(...batch)
  }
  return sockets
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(sockets.map((ws) => new Promise((done) => {
    ws.once('close', done)
    ws.close()
  })))
}

/** Messages sent one at a time on one connection, each timed until its answer arrives (after 100 to warm up). */
async function roundTrips(open: () => WebSocket, message: (i: number) => string): Promise<{ p50: number; p99: number }> {
  const [ws] = await openMany(1, open)
  const times: number[] = []
  let expected = ''
  let arrived: (() => void) | undefined
  let stray = 0
  ws.on('message', (data) => {
    if (String(data) === expected) arrived?.()
    else stray++
  })
  for (let i = 0; i < ROUND_TRIPS + 100; i++) {
    expected = message(i)
    const started = performance.now()
    await new Promise<void>((done) => {
      arrived = done
      ws.send(expected)
    })
    if (i >= 100) times.push(performance.now() - started)
  }
  if (stray > 0) console.log(`(${stray} frames that were no answer)`)
  await closeAll([ws])
  times.sort((a, b) => a - b)
  return { p50: times[Math.floor(times.length * 0.5)], p99: times[Math.floor(times.length * 0.99)] }
}

/** Five rounds of one PostToConnection to each of 1,000 connections, timed until every client has its message. */
async function broadcastRates(open: () => WebSocket, url: string, apiId: string): Promise<number[]> {
  const sockets = await openMany(BROADCAST, open)
  // One at a time: the echo function's reserved concurrency throttles a burst of 1,000.
  const ids: string[] = []
  for (const ws of sockets) {
    ids.push(await new Promise<string>((done) => {
      ws.once('message', (data) => done(String(data)))
      ws.send('whoami')
    }))
  }
  const pool = new Pool(url, { connections: 32 })
  const rates: number[] = []
  for (let round = 0; round < 5; round++) {
    const text = `round ${round}`
    const received = Promise.all(sockets.map((ws) => new Promise<void>((done) => ws.once('message', () => done()))))
    const started = performance.now()
    let next = 0
    await Promise.all(Array.from({ length: 64 }, async () => {
      while (next < ids.length) {
        const id = ids[next++]
        const response = await pool.request({ path: `/_aws/execute-api/${apiId}/bench/@connections/${encodeURIComponent(id)}`, method: 'POST', body: text })
        await response.body.dump()
        if (response.statusCode !== 200) throw new Error(`PostToConnection answered ${response.statusCode} for ${id}`)
      }
    }))
    await received
    rates.push(ids.length / ((performance.now() - started) / 1000))
  }
  await pool.close()
  await closeAll(sockets)
  return rates
}

function residentBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match === null ? Number.NaN : Number(match[1]) * 1024
}

function openFileLimit(): number {
  const match = /Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))
  return match === null ? 1024 : Number(match[1])
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const own = process.env.BENCH_WS_WORK === undefined ? mkdtempSync(join(tmpdir(), 'gatehouse-ws-bench-')) : undefined
  try {
    await main(process.env.BENCH_WS_WORK ?? own!)
  } finally {
    if (own !== undefined) rmSync(own, { recursive: true, force: true })
  }
}
