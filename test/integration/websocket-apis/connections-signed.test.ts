import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  ApiGatewayManagementApiClient, GetConnectionCommand, PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi'
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { WebSocket } from 'ws'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { deployWebSocketApi } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { within } from '../../helpers/within.ts'

const ADMIN = { accessKeyId: 'AKIAADMINEXAMPLE0001', secretAccessKey: 'admin-secret' }
const { region, accountId } = DEFAULT_AWS_ENVIRONMENT
const allow = (actions: string[], resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] })

/**
 * `@connections` once the gateway asks for signatures (admin keys or IAM principals configured):
 * SigV4 for `execute-api`, as the developer guide's "Use @connections commands in your backend
 * service" has it, with `execute-api:ManageConnections` for principals ("Control access to
 * WebSocket APIs with IAM authorization"). The refusals are execute-api's own for AWS_IAM (the
 * texts the REST gateway responses carry); a principal not allowed is 403 ForbiddenException, as
 * users report it. A Lambda handler's calls carry the function's credentials and pass.
 */
describe('WebSocket API: @connections with signatures required', () => {
  let gw: TestGateway
  let apiId: string
  let port: number
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ws-signed-'))
  const open: WebSocket[] = []
  const clients: ApiGatewayManagementApiClient[] = []

  before(async () => {
    writeFileSync(join(dir, 'members'), '')
    const environment = { MEMBERS_FILE: join(dir, 'members') }
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      adminKeys: [ADMIN],
      principals: {
        backend: { accessKeyId: 'AKIABACKEND000000001', secretAccessKey: 'backend-secret', policies: [allow(['execute-api:ManageConnections'], `arn:aws:execute-api:${region}:${accountId}:*/dev/*/@connections/*`)] },
        reader: { accessKeyId: 'AKIAREADER0000000001', secretAccessKey: 'reader-secret', policies: [allow(['execute-api:ManageConnections'], `arn:aws:execute-api:${region}:${accountId}:*/dev/GET/@connections/*`)] },
        invoker: { accessKeyId: 'AKIAINVOKER000000001', secretAccessKey: 'invoker-secret', policies: [allow(['execute-api:Invoke'], '*')] },
      },
      functions: {
        connect: { handler: 'test/fixtures/functions/websocket/broadcast.connect', environment, allowWrite: [dir] },
        message: { handler: 'test/fixtures/functions/websocket/broadcast.message', environment, allowRead: [dir] },
      },
    })
    port = Number(new URL(gw.url).port)
    const v2 = new ApiGatewayV2Client({ endpoint: gw.adminUrl, region, credentials: ADMIN, maxAttempts: 1 })
    apiId = await deployWebSocketApi(v2, 'signed', { $connect: 'connect', $default: 'message' }, 'dev')
    v2.destroy()
  })
  after(async () => {
    for (const ws of open) ws.terminate()
    for (const client of clients) client.destroy()
    await gw.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const management = (credentials: { accessKeyId: string; secretAccessKey: string }) => {
    const client = new ApiGatewayManagementApiClient({ endpoint: `${gw.url}/_aws/execute-api/${apiId}/dev`, region, credentials, maxAttempts: 1 })
    clients.push(client)
    return client
  }

  /** A `ws` client; its id is the last the `$connect` handler recorded, which it did before the handshake completed. */
  async function connect(): Promise<{ ws: WebSocket; frames: string[]; connectionId: string }> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/dev`, { headers: { Host: `${apiId}.execute-api.localhost:${port}`, 'User-Agent': 'signed-test' } })
    open.push(ws)
    const frames: string[] = []
    ws.on('message', (data) => frames.push(String(data)))
    await within(10_000, 'the connection to open', new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) }))
    return { ws, frames, connectionId: readFileSync(join(dir, 'members'), 'utf8').trim().split('\n').at(-1)! }
  }
  const waitFor = (what: string, done: () => boolean) => within(15_000, what, (async () => {
    while (!done()) await new Promise((resolve) => setImmediate(resolve))
  })())

  it('an unsigned call is refused with Missing Authentication Token, before anything about the connection is told', async () => {
    for (const id of ['unknown-connection', 'another']) {
      const response = await fetch(`${gw.url}/_aws/execute-api/${apiId}/dev/@connections/${id}`, { method: 'POST', body: 'x' })
      assert.equal(response.status, 403)
      assert.equal(response.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException')
      assert.deepEqual(await response.json(), { message: 'Missing Authentication Token' })
    }
  })

  it('the SDK signed with an admin key or an allowed principal posts; a wrong secret, an unknown key, a principal without ManageConnections for the verb are refused', async () => {
    const { connectionId, frames } = await connect()
    await management(ADMIN).send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'from the admin' }))
    await management({ accessKeyId: 'AKIABACKEND000000001', secretAccessKey: 'backend-secret' }).send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'from the backend' }))
    await waitFor('both posts', () => frames.includes('from the admin') && frames.includes('from the backend'))

    const reader = management({ accessKeyId: 'AKIAREADER0000000001', secretAccessKey: 'reader-secret' })
    assert.ok((await reader.send(new GetConnectionCommand({ ConnectionId: connectionId }))).ConnectedAt instanceof Date)
    for (const [credentials, name] of [
      [{ accessKeyId: 'AKIAREADER0000000001', secretAccessKey: 'reader-secret' }, 'ForbiddenException'],
      [{ accessKeyId: 'AKIAINVOKER000000001', secretAccessKey: 'invoker-secret' }, 'ForbiddenException'],
      [{ accessKeyId: ADMIN.accessKeyId, secretAccessKey: 'not-the-secret' }, 'InvalidSignatureException'],
      [{ accessKeyId: 'AKIANOBODY0000000001', secretAccessKey: 'whatever' }, 'UnrecognizedClientException'],
    ] as const) {
      await assert.rejects(management(credentials).send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'refused' })), (error: any) => {
        assert.equal(error.name, name, credentials.accessKeyId)
        assert.equal(error.$metadata.httpStatusCode, 403)
        return true
      })
    }
    assert.ok(!frames.includes('refused'))
  })

  it('a Lambda handler\'s own calls (https://{domainName}/{stage}, the function\'s credentials) pass', async () => {
    const { ws, frames } = await connect()
    ws.send(JSON.stringify({ action: 'echo', data: 'signed echo' }))
    await waitFor('the echo', () => frames.includes('signed echo'))
    ws.send(JSON.stringify({ action: 'whoami' }))
    await waitFor('the GetConnection answer', () => frames.includes('{"SourceIp":"127.0.0.1","UserAgent":"signed-test"}'))
  })
})
