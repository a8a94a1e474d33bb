import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CreateApiCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { WebSocket } from 'ws'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { apiGatewayV2Client, functionArn } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { presignWithSmithy, signWithSmithy, type Credentials } from '../../helpers/sigv4-signers.ts'
import { createEventLog } from '../../helpers/websocket-event-log.ts'
import { attemptUpgrade } from '../../helpers/websocket-handshake.ts'

const { region, accountId } = DEFAULT_AWS_ENVIRONMENT
const ALICE = { accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice-secret' }
const BOB = { accessKeyId: 'AKIABOB0000000000001', secretAccessKey: 'bob-secret' }

/**
 * AWS_IAM on `$connect` (developer guide, "Controlling access to WebSocket APIs with IAM
 * authorization"): the upgrade is signed with SigV4 by `@smithy/signature-v4` (what SDK v3 signs
 * with), in its headers or presigned in its query string; the caller's identity policy must allow
 * `execute-api:Invoke` on `.../{stage}/$connect`. Anything else refuses the handshake with 403.
 */
describe('WebSocket API: AWS_IAM on $connect', () => {
  const log = createEventLog('gatehouse-ws-iam-')
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let apiId: string

  before(async () => {
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: { connect: { handler: 'test/fixtures/functions/websocket/chat.connect', environment: { EVENT_LOG: log.path }, allowWrite: [log.dir] } },
      principals: {
        alice: { ...ALICE, policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:${region}:${accountId}:*/dev/$connect` }] }] },
        bob: { ...BOB, policies: [] },
      },
    })
    v2 = apiGatewayV2Client(gw)
    apiId = (await v2.send(new CreateApiCommand({ Name: 'iam', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!
    const integration = (await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: functionArn('connect') }))).IntegrationId!
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$connect', AuthorizationType: 'AWS_IAM', Target: `integrations/${integration}` }))
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev' }))
    await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'dev' }))
  })
  after(async () => {
    v2.destroy()
    await gw.close()
    log.remove()
  })

  const httpUrl = (query = '') => `${gw.url}/_aws/execute-api/${apiId}/dev${query}`

  const attempt = attemptUpgrade
  /** Signs the upgrade in its headers; `host` goes on the wire from the URL, as the client sends it. */
  const signedHeaders = async (credentials: Credentials, url = httpUrl()) => {
    const { headers } = await signWithSmithy({ method: 'GET', url, credentials, service: 'execute-api', region })
    return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'host'))
  }

  it('an unsigned upgrade is refused with 403, and no integration runs', async () => {
    const refused = await attempt(httpUrl())
    assert.ok(!(refused instanceof WebSocket))
    assert.equal(refused.status, 403)
    assert.equal(JSON.parse(refused.body).message, 'Missing Authentication Token')
    assert.equal(log.events().length, 0)
  })

  it('signed in the headers by an allowed caller, it connects; the CONNECT event names the caller in requestContext.identity', async () => {
    const marker = 'headers-signed'
    const url = httpUrl(`?marker=${marker}`)
    const ws = await attempt(url, await signedHeaders(ALICE, url))
    assert.ok(ws instanceof WebSocket, JSON.stringify(ws))
    const event = await log.eventWhere('the CONNECT event', (e) => e.queryStringParameters?.marker === marker)
    const identity = event.requestContext.identity
    assert.equal(identity.accessKey, ALICE.accessKeyId)
    assert.equal(identity.accountId, accountId)
    assert.equal(identity.userArn, `arn:aws:iam::${accountId}:user/alice`)
    assert.equal(identity.caller, identity.user)
    assert.equal(identity.sourceIp, '127.0.0.1')
    ws.close()
  })

  it('presigned in the query string, as the developer guide\'s example client does, it connects', async () => {
    const { url } = await presignWithSmithy({ method: 'GET', url: httpUrl('?marker=presigned'), credentials: ALICE, service: 'execute-api', region, expiresIn: 60 })
    const ws = await attempt(url)
    assert.ok(ws instanceof WebSocket, JSON.stringify(ws))
    ws.close()
  })

  it('a wrong secret, a tampered URL or a caller without an Allow is refused with 403', async () => {
    const wrong = await attempt(httpUrl(), await signedHeaders({ ...ALICE, secretAccessKey: 'not-alice' }))
    assert.ok(!(wrong instanceof WebSocket) && wrong.status === 403)
    const tampered = await attempt(httpUrl('?marker=changed'), await signedHeaders(ALICE, httpUrl('?marker=signed')))
    assert.ok(!(tampered instanceof WebSocket) && tampered.status === 403)
    const bob = await attempt(httpUrl(), await signedHeaders(BOB))
    assert.ok(!(bob instanceof WebSocket))
    assert.equal(bob.status, 403)
    assert.equal(JSON.parse(bob.body).Message,
      `User: arn:aws:iam::${accountId}:user/bob is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${region}:${accountId}:${apiId}/dev/$connect`)
  })

  it('AWS_IAM is for $connect only', async () => {
    await assert.rejects(v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'send', AuthorizationType: 'AWS_IAM' })), { name: 'BadRequestException' })
  })
})
