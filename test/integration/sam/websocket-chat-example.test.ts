import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { WebSocket } from 'ws'
import { startSamApp, type RunningSamApp } from '../../../src/cli/sam-app.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { within } from '../../helpers/within.ts'

/**
 * The WebSocket chat of examples/websocket-chat under `gatehouse up`, driven by `ws` clients as a
 * user drives it with wscat: its template is plain AWS::ApiGatewayV2 resources and its handler is
 * written for AWS Lambda.
 */
const TEMPLATE = resolve(REPO_ROOT, 'examples/websocket-chat/template.yaml')

/** A `ws` client that hands its frames over one at a time, waiting for the next one to arrive. */
interface ChatClient {
  readonly ws: WebSocket
  next(): Promise<string>
}

function connect(url: string): Promise<ChatClient> {
  const ws = new WebSocket(url)
  const frames: string[] = []
  const waiting: ((frame: string) => void)[] = []
  ws.on('message', (data) => {
    const waiter = waiting.shift()
    if (waiter === undefined) frames.push(String(data))
    else waiter(String(data))
  })
  const next = () => within(10_000, 'a frame', new Promise<string>((resolve) => {
    const frame = frames.shift()
    if (frame !== undefined) resolve(frame)
    else waiting.push(resolve)
  }))
  return within(10_000, 'the handshake', new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, next }))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)))
    ws.once('error', reject)
  }))
}

const close = async (client: ChatClient): Promise<number> => {
  const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)))
  client.ws.close(1000)
  return within(10_000, 'the close', closed)
}

describe('examples/websocket-chat under gatehouse up', () => {
  let app: RunningSamApp
  let url: string
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-chat-example-'))
  before(async () => {
    app = await startSamApp({ templatePath: TEMPLATE, port: 0, host: '127.0.0.1', watch: false, dataDir })
    url = app.current().v2Apis[0].stages[0].url
  })
  after(async () => {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('serves the template whole: nothing unprotected, nothing left out, the stage at a ws:// URL', () => {
    assert.deepEqual(app.current().plan.unprotected, [])
    assert.deepEqual(app.current().plan.warnings, [])
    assert.match(url, /^ws:\/\/127\.0\.0\.1:\d+\/_aws\/execute-api\/[a-z0-9]{10}\/production$/)
    assert.deepEqual(app.current().v2Apis[0].api.routeKeys, ['$connect', '$disconnect', 'sendmessage', '$default'])
  })

  it('connects two clients; $default answers only its sender through the route response; a client disconnects with 1000', async () => {
    const ann = await connect(url)
    const bob = await connect(url)
    ann.ws.send(JSON.stringify({ action: 'hello' }))
    assert.equal(await ann.next(), 'Send {"action":"sendmessage","message":"..."} to talk to everyone here.')
    bob.ws.send('not json')
    assert.equal(await bob.next(), 'Send {"action":"sendmessage","message":"..."} to talk to everyone here.')
    assert.equal(await close(bob), 1000)
    assert.equal(await close(ann), 1000)
  })
})
