import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startSamApp, type RunningSamApp } from '../../../src/cli/sam-app.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { closeWebSocket, openWebSocket, type FrameReader } from '../../helpers/websocket-client.ts'

/**
 * The WebSocket chat of examples/websocket-chat under `gatehouse up`, driven by `ws` clients as a
 * user drives it with wscat: its template is plain AWS::ApiGatewayV2 resources and its handler is
 * written for AWS Lambda, broadcasting through `@connections` at `https://{domainName}/{stage}`.
 */
const TEMPLATE = resolve(REPO_ROOT, 'examples/websocket-chat/template.yaml')

/*
 * The chat's one execution environment (reserved concurrency 1, examples/websocket-chat/src/connections.mjs)
 * takes one invocation at a time: a frame or a handshake that arrives while another route still runs (the
 * tail of a broadcast, a `$disconnect`) is throttled, as Lambda throttles, and answered with the
 * `Internal server error` frame or a refused handshake. The clients below do what a chat's user does then:
 * send again, a few milliseconds later, a bounded number of times.
 */
const ATTEMPTS = 200
const THROTTLED = '"message": "Internal server error"'
const pause = () => new Promise((resolve) => setTimeout(resolve, 5))

/** Connects, again after a throttled `$connect` (a 5XX handshake); any other refusal fails. */
async function connect(url: string): Promise<FrameReader> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const opened = await openWebSocket(url)
    if ('ws' in opened) return opened
    if (opened.status < 500) throw new Error(`handshake refused: ${opened.status}`)
    await pause()
  }
  throw new Error(`$connect was throttled ${ATTEMPTS} times`)
}

/** Sends a frame and resolves with the sender's next frame, sending again after a throttled invocation's error frame. */
async function send(client: FrameReader, frame: string): Promise<string> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    client.ws.send(frame)
    const answer = await client.next()
    if (!answer.includes(THROTTLED)) return answer
    await pause()
  }
  throw new Error(`${frame} was throttled ${ATTEMPTS} times`)
}

const chat = (message: string): string => JSON.stringify({ action: 'sendmessage', message })

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
    const hint = 'Send {"action":"sendmessage","message":"..."} to talk to everyone here.'
    const ann = await connect(url)
    const bob = await connect(url)
    assert.equal(await send(ann, JSON.stringify({ action: 'hello' })), hint)
    assert.equal(await send(bob, 'not json'), hint)
    assert.equal(await closeWebSocket(bob), 1000)
    assert.equal(await closeWebSocket(ann), 1000)
  })

  it('two clients connect, one sends, both receive through @connections; after one disconnects the other still talks', async () => {
    const ann = await connect(url)
    const bob = await connect(url)
    assert.equal(await send(ann, chat('hello')), 'hello')
    assert.equal(await bob.next(), 'hello')
    assert.equal(await send(bob, chat('hi ann')), 'hi ann')
    assert.equal(await ann.next(), 'hi ann')
    assert.equal(await closeWebSocket(bob), 1000)
    // The handler posts to every id it holds: bob's, if its $disconnect has not removed it yet, answers 410 and is dropped.
    assert.equal(await send(ann, chat('bye')), 'bye')
    assert.equal(await closeWebSocket(ann), 1000)
  })
})
