import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi'
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { WebSocket } from 'ws'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { apiGatewayV2Client, deployWebSocketApi } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { within } from '../../helpers/within.ts'

/**
 * The chat room of the developer guide's WebSocket tutorial, run end to end as on AWS: built with
 * `client-apigatewayv2`, its handlers (test/fixtures/functions/websocket/chat-room.ts) written for
 * AWS and broadcasting through `@connections` themselves, people joining with `ws`, and a backend
 * using `client-apigatewaymanagementapi`. Each step's details have their own tests beside this one
 * (chat.test.ts, authorizer-and-route-responses.test.ts, limits.test.ts, connections-*.test.ts);
 * this one checks that they hold together.
 */
describe('WebSocket API: the chat room, end to end', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let backend: ApiGatewayManagementApiClient
  let apiId: string
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-chat-room-'))
  const room = join(dir, 'room')
  const people: WebSocket[] = []

  before(async () => {
    writeFileSync(room, '')
    const environment = { ROOM_FILE: room }
    const handler = (name: string) => ({ handler: `test/fixtures/functions/websocket/chat-room.${name}`, environment, allowRead: [dir], allowWrite: [dir] })
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: { connect: handler('connect'), sendMessage: handler('sendMessage'), disconnect: handler('disconnect'), help: handler('help') },
    })
    v2 = apiGatewayV2Client(gw)
    apiId = await deployWebSocketApi(v2, 'chat-room', {
      $connect: 'connect', $disconnect: 'disconnect', sendmessage: 'sendMessage', $default: { fn: 'help', twoWay: true },
    }, 'production')
    backend = new ApiGatewayManagementApiClient({
      endpoint: `${gw.url}/_aws/execute-api/${apiId}/production`,
      region: DEFAULT_AWS_ENVIRONMENT.region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    })
  })
  after(async () => {
    for (const ws of people) ws.terminate()
    v2.destroy()
    backend.destroy()
    await gw.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const port = () => new URL(gw.url).port
  const open = (name: string) => new WebSocket(`ws://127.0.0.1:${port()}/production?name=${name}`, { headers: { Host: `${apiId}.execute-api.localhost:${port()}` } })

  /** Someone joins: resolves once connected, with what they receive and their connection id (the room's last member). */
  async function join_(name: string) {
    const ws = open(name)
    people.push(ws)
    const frames: string[] = []
    ws.on('message', (data) => frames.push(String(data)))
    await within(10_000, `${name} to connect`, new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) }))
    const members = readFileSync(room, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; name: string })
    const hears = (text: string) => within(15_000, `${name} to hear "${text}"`, (async () => {
      while (!frames.includes(text)) await new Promise((resolve) => setImmediate(resolve))
    })())
    const closing = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    const closed = () => within(15_000, `${name}'s connection to close`, closing)
    return { ws, frames, hears, closed, connectionId: members.findLast((member) => member.name === name)!.id }
  }

  it('mallory is refused at the door; alice and bob chat; bob leaves; the backend kicks alice', async () => {
    // $connect answering 403 refuses the handshake with it.
    const mallory = open('mallory')
    people.push(mallory)
    const refused = await within(10_000, 'the refusal', new Promise<number>((resolve) => {
      mallory.once('unexpected-response', (_req, res) => resolve(res.statusCode!))
      mallory.once('error', () => {})
    }))
    assert.equal(refused, 403)

    const alice = await join_('alice')
    const bob = await join_('bob')
    // Routing by `action`: sendmessage broadcasts to both, through @connections from the Lambda.
    alice.ws.send(JSON.stringify({ action: 'sendmessage', message: 'hi bob' }))
    await Promise.all([alice.hears('alice: hi bob'), bob.hears('alice: hi bob')])
    // Anything else goes to $default, whose route response answers the sender alone.
    bob.ws.send('hello?')
    await bob.hears('unknown message hello?: send {"action":"sendmessage","message":"..."}')

    // A backend service reads and posts with the SDK.
    const info = await backend.send(new GetConnectionCommand({ ConnectionId: bob.connectionId }))
    assert.equal(info.Identity?.SourceIp, '127.0.0.1')
    await backend.send(new PostToConnectionCommand({ ConnectionId: bob.connectionId, Data: 'system: welcome' }))
    await bob.hears('system: welcome')

    // A message past 128 KB closes bob's connection with 1009; $disconnect tells alice.
    bob.ws.send(JSON.stringify({ action: 'sendmessage', message: 'x'.repeat(128 * 1024) }))
    assert.equal(await bob.closed(), 1009)
    await alice.hears('bob left')
    await assert.rejects(backend.send(new PostToConnectionCommand({ ConnectionId: bob.connectionId, Data: 'too late' })), { name: 'GoneException' })

    // DeleteConnection closes alice with 1000 and runs her $disconnect: the room is empty.
    await backend.send(new DeleteConnectionCommand({ ConnectionId: alice.connectionId }))
    assert.equal(await alice.closed(), 1000)
    await within(15_000, 'the room to empty', (async () => {
      while (readFileSync(room, 'utf8') !== '') await new Promise((resolve) => setImmediate(resolve))
    })())
    assert.deepEqual(alice.frames, ['alice: hi bob', 'bob left'])
  })
})
