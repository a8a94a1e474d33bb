import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { WebSocket } from 'ws'
import { apiGatewayV2Client, deployWebSocketApi } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { within } from '../../helpers/within.ts'

/**
 * A Lambda handler written for AWS (test/fixtures/functions/websocket/broadcast.ts) builds its
 * `@connections` client as the developer guide's samples do, from its event:
 * `https://${domainName}/${stage}` with `@aws-sdk/client-apigatewaymanagementapi`, and signs with
 * the function's credentials. Under Gatehouse it runs unchanged: its posts, GetConnection and
 * DeleteConnection reach the clients, driven here by `ws` clients on both URL forms.
 */
describe('WebSocket API: @connections from a Lambda handler written for AWS', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let apiId: string
  let port: number
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ws-lambda-'))
  const members = join(dir, 'members')
  const open: WebSocket[] = []

  before(async () => {
    writeFileSync(members, '')
    const environment = { MEMBERS_FILE: members }
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        connect: { handler: 'test/fixtures/functions/websocket/broadcast.connect', environment, allowWrite: [dir] },
        message: { handler: 'test/fixtures/functions/websocket/broadcast.message', environment, allowRead: [dir] },
      },
    })
    port = Number(new URL(gw.url).port)
    v2 = apiGatewayV2Client(gw)
    apiId = await deployWebSocketApi(v2, 'broadcast', { $connect: 'connect', $default: 'message' }, 'dev')
  })
  after(async () => {
    for (const ws of open) ws.terminate()
    v2.destroy()
    await gw.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** A client on the host form (`{apiId}.execute-api.localhost:PORT`) or the path form (`/_aws/execute-api/...`). */
  async function client(form: 'host' | 'path'): Promise<{ ws: WebSocket; frames: string[]; frame(text: string): Promise<void> }> {
    const ws = form === 'host'
      ? new WebSocket(`ws://127.0.0.1:${port}/dev`, { headers: { Host: `${apiId}.execute-api.localhost:${port}`, 'User-Agent': 'broadcast-test' } })
      : new WebSocket(`${gw.url.replace(/^http/, 'ws')}/_aws/execute-api/${apiId}/dev`, { headers: { 'User-Agent': 'broadcast-test' } })
    open.push(ws)
    const frames: string[] = []
    const waiting: { text: string; resolve(): void }[] = []
    ws.on('message', (data) => {
      frames.push(String(data))
      for (const wait of waiting.filter((w) => w.text === String(data))) wait.resolve()
    })
    await within(10_000, 'the connection to open', new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) }))
    const frame = (text: string): Promise<void> => frames.includes(text)
      ? Promise.resolve()
      : within(15_000, `the frame ${text}`, new Promise<void>((resolve) => waiting.push({ text, resolve })))
    return { ws, frames, frame }
  }

  it('the handler echoes through PostToConnection to its own connection, on either URL form', async () => {
    for (const form of ['host', 'path'] as const) {
      const a = await client(form)
      a.ws.send(JSON.stringify({ action: 'echo', data: `hello over the ${form} form` }))
      await a.frame(`hello over the ${form} form`)
      assert.deepEqual(a.frames, [`hello over the ${form} form`])
      a.ws.close()
    }
  })

  it('works the same from a handler in a worker thread (functionIsolation: thread), whose runtime redirects its own connections', async () => {
    const threaded = await startTestGateway({
      baseDir: REPO_ROOT,
      functionIsolation: 'thread',
      functions: { message: { handler: 'test/fixtures/functions/websocket/broadcast.message' } },
    })
    const client = apiGatewayV2Client(threaded)
    try {
      const threadedApi = await deployWebSocketApi(client, 'threaded', { $default: 'message' }, 'dev')
      const ws = new WebSocket(`${threaded.url.replace(/^http/, 'ws')}/_aws/execute-api/${threadedApi}/dev`)
      open.push(ws)
      const frame = within(15_000, 'the echo', new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data)))))
      await within(10_000, 'the connection to open', new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) }))
      ws.send(JSON.stringify({ action: 'echo', data: 'from a thread' }))
      assert.equal(await frame, 'from a thread')
      ws.close()
    } finally {
      client.destroy()
      await threaded.close()
    }
  })

  it('broadcasts to the others, skipping a member gone (GoneException); GetConnection answers the identity; DeleteConnection closes with 1000', async () => {
    const gone = await client('host')
    const closedGone = new Promise((resolve) => gone.ws.once('close', resolve))
    gone.ws.close()
    await within(10_000, 'the close', closedGone)
    const [a, b, c] = [await client('host'), await client('path'), await client('host')]
    a.ws.send(JSON.stringify({ action: 'broadcast', data: 'hi all' }))
    await Promise.all([b.frame('hi all'), c.frame('hi all')])

    b.ws.send(JSON.stringify({ action: 'whoami' }))
    await b.frame('{"SourceIp":"127.0.0.1","UserAgent":"broadcast-test"}')

    const closed = within(10_000, 'the close', new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code))))
    c.ws.send(JSON.stringify({ action: 'leave' }))
    assert.equal(await closed, 1000)
  })
})
