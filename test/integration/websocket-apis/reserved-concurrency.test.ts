import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { WebSocket } from 'ws'
import { apiGatewayV2Client, deployWebSocketApi } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { openGate } from '../../helpers/gate-server.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { within } from '../../helpers/within.ts'

/**
 * A function's reserved concurrency on a WebSocket route, with a handler that echoes as handlers
 * written for AWS do (test/fixtures/functions/websocket/post-back.ts: PostToConnection to its own
 * connection, then the two-way route's answer). Lambda counts an invocation from its request until
 * its response (Lambda developer guide, "Understanding Lambda function scaling"); only invocations
 * past `reservedConcurrency` are throttled ("Configuring reserved concurrency"), and API Gateway
 * answers a throttled Lambda as any failed integration ("Handling Lambda errors with an API Gateway
 * API"): on a WebSocket, the "Internal server error" frame (src/apis/websocket/session/error-frames.ts).
 */
describe('WebSocket API: a Lambda route under reservedConcurrency', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  const apis: Record<string, string> = {}
  const open: WebSocket[] = []

  before(async () => {
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        one: { handler: 'test/fixtures/functions/websocket/post-back.handler', reservedConcurrency: 1 },
        two: { handler: 'test/fixtures/functions/websocket/post-back.handler', reservedConcurrency: 2 },
      },
    })
    v2 = apiGatewayV2Client(gw)
    for (const fn of ['one', 'two']) apis[fn] = await deployWebSocketApi(v2, fn, { $default: { fn, twoWay: true } }, 'dev')
  })
  after(async () => {
    for (const ws of open) ws.terminate()
    v2.destroy()
    await gw.close()
  })

  /** A client of the function's API: every frame it got, and a wait for the next frame that passes `test`. */
  async function client(fn: string): Promise<{ ws: WebSocket; frames: string[]; next(test: (frame: string) => boolean, what: string): Promise<string> }> {
    const ws = new WebSocket(`${gw.url.replace(/^http/, 'ws')}/_aws/execute-api/${apis[fn]}/dev`)
    open.push(ws)
    const frames: string[] = []
    const waiting: { test(frame: string): boolean; resolve(frame: string): void }[] = []
    ws.on('message', (data) => {
      const frame = String(data)
      frames.push(frame)
      const wait = waiting.findIndex((w) => w.test(frame))
      if (wait >= 0) waiting.splice(wait, 1)[0].resolve(frame)
    })
    await within(10_000, 'the connection to open', new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) }))
    const next = (test: (frame: string) => boolean, what: string): Promise<string> =>
      within(15_000, what, new Promise<string>((resolve) => waiting.push({ test, resolve })))
    return { ws, frames, next }
  }

  const isThrottled = (frame: string): boolean => frame.startsWith('{"message": "Internal server error"')

  it('never throttles at reservedConcurrency 1 a client that sends each message after the answer to the one before', async () => {
    const { ws, frames, next } = await client('one')
    for (let i = 0; i < 20; i++) {
      const done = next((frame) => frame === `done ${i}` || isThrottled(frame), `the answer to message ${i}`)
      ws.send(JSON.stringify({ echo: String(i) }))
      assert.equal(await done, `done ${i}`)
    }
    assert.deepEqual(frames.filter(isThrottled), [])
    assert.equal(frames.length, 40, 'each message was echoed through @connections and answered by its route')
    ws.close()
  })

  it('never throttles at reservedConcurrency 2 a client with two messages in flight: the next sent on the echo of the last, at most two unanswered', async () => {
    const { ws, frames } = await client('two')
    const total = 30
    let sent = 0
    let answered = 0
    let lastEchoed = -1
    let mostInFlight = 0
    const finished = new Promise<void>((resolve) => {
      const sendNext = (): void => {
        if (sent >= total || sent - answered >= 2 || lastEchoed !== sent - 1) return
        ws.send(JSON.stringify({ echo: String(sent++) }))
        mostInFlight = Math.max(mostInFlight, sent - answered)
      }
      ws.on('message', (data) => {
        const frame = String(data)
        if (frame.startsWith('echo ')) lastEchoed = Number(frame.slice(5))
        else answered++
        if (answered === total || isThrottled(frame)) resolve()
        else sendNext()
      })
      sendNext()
    })
    await within(30_000, 'every message answered', finished)
    assert.deepEqual(frames.filter(isThrottled), [])
    assert.equal(answered, total)
    assert.equal(mostInFlight, 2, "each echo came before its answer, so two were in flight")
    ws.close()
  })

  it('runs every message up to the limit; one past it gets the "Internal server error" frame; once they end, the next runs', async () => {
    const gate = await openGate()
    try {
      const { ws, next } = await client('two')
      const released = [0, 1].map(() => next((frame) => frame === 'released open', 'a held invocation to end'))
      ws.send(JSON.stringify({ gateUrl: gate.url }))
      ws.send(JSON.stringify({ gateUrl: gate.url }))
      await within(15_000, 'both invocations to be held', gate.waiting(2))
      const refused = next(isThrottled, 'the throttled answer')
      ws.send(JSON.stringify({ echo: 'one too many' }))
      assert.match(await refused, /^\{"message": "Internal server error", "connectionId":"[^"]+", "requestId":"[^"]+"\}$/)
      gate.release('open')
      await Promise.all(released)
      const echoed = next((frame) => frame === 'echo after', 'the echo')
      const done = next((frame) => frame === 'done after' || isThrottled(frame), 'the answer')
      ws.send(JSON.stringify({ echo: 'after' }))
      await echoed
      assert.equal(await done, 'done after')
      ws.close()
    } finally {
      gate.close()
    }
  })
})
