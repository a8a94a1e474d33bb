import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  CreateApiCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateIntegrationResponseCommand, CreateRouteCommand,
  CreateRouteResponseCommand, CreateStageCommand, type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2'
import { WebSocket } from 'ws'
import { ManualClock } from '../../../src/core/clock.ts'
import { apiGatewayV2Client } from '../../helpers/apigatewayv2.ts'
import { captureLog } from '../../helpers/captured-log.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { attemptUpgrade } from '../../helpers/websocket-handshake.ts'
import { within } from '../../helpers/within.ts'

const DESTINATION = 'arn:aws:logs:us-east-1:000000000000:log-group:websocket-access'
const FORMAT = JSON.stringify({
  requestId: '$context.requestId', extendedRequestId: '$context.extendedRequestId', connectionId: '$context.connectionId',
  eventType: '$context.eventType', routeKey: '$context.routeKey', status: '$context.status', messageId: '$context.messageId',
  requestTime: '$context.requestTime', requestTimeEpoch: '$context.requestTimeEpoch', ip: '$context.identity.sourceIp',
  stage: '$context.stage', apiId: '$context.apiId', errorMessage: '$context.error.message', integrationStatus: '$context.integrationStatus',
})

/**
 * Stage access logs on a WebSocket API (developer guide, "Configure logging for WebSocket APIs in
 * API Gateway"): each event — `$connect`, each message, `$disconnect` — writes one line in the
 * stage's format once handled, with the WebSocket `$context` variables that page lists, to the
 * gateway's log with the destination ARN, as HTTP APIs' lines go.
 */
describe('WebSocket API access logs', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1))
  const { logger, lines, accessLines } = captureLog()
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let ApiId: string

  before(async () => {
    gw = await startTestGateway({ clock, logger })
    v2 = apiGatewayV2Client(gw)
    ApiId = (await v2.send(new CreateApiCommand({ Name: 'access-log', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!
    const mock = (await v2.send(new CreateIntegrationCommand({
      ApiId, IntegrationType: 'MOCK', TemplateSelectionExpression: '\\$default', RequestTemplates: { $default: '{"statusCode": 200}' },
    }))).IntegrationId!
    await v2.send(new CreateIntegrationResponseCommand({
      ApiId, IntegrationId: mock, IntegrationResponseKey: '$default', TemplateSelectionExpression: '\\$default', ResponseTemplates: { $default: '{"echo":"$context.routeKey"}' },
    }))
    for (const RouteKey of ['$connect', '$disconnect', 'echo']) {
      const RouteId = (await v2.send(new CreateRouteCommand({ ApiId, RouteKey, Target: `integrations/${mock}`, RouteResponseSelectionExpression: RouteKey === 'echo' ? '$default' : undefined }))).RouteId!
      if (RouteKey === 'echo') await v2.send(new CreateRouteResponseCommand({ ApiId, RouteId, RouteResponseKey: '$default' }))
    }
    await v2.send(new CreateStageCommand({ ApiId, StageName: 'live', AccessLogSettings: { DestinationArn: DESTINATION, Format: FORMAT } }))
    await v2.send(new CreateStageCommand({ ApiId, StageName: 'quiet' }))
    await v2.send(new CreateStageCommand({
      ApiId, StageName: 'gate', AccessLogSettings: { DestinationArn: DESTINATION, Format: FORMAT }, RouteSettings: { $connect: { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 1 } },
    }))
    for (const StageName of ['live', 'quiet', 'gate']) await v2.send(new CreateDeploymentCommand({ ApiId, StageName }))
  })
  after(async () => {
    v2.destroy()
    await gw.close()
  })

  const frame = (ws: WebSocket, text: string): Promise<string> => {
    ws.send(text)
    return within(10_000, 'a frame', new Promise((resolve) => ws.once('message', (data) => resolve(String(data)))))
  }

  it('writes one line per event: $connect, each message, $disconnect, with that event\'s variables', async () => {
    const ws = await attemptUpgrade(`${gw.url}/_aws/execute-api/${ApiId}/live`)
    assert.ok(ws instanceof WebSocket)
    assert.equal(await frame(ws, '{"action":"echo"}'), '{"echo":"echo"}')
    const forbidden = JSON.parse(await frame(ws, '{"action":"nowhere"}'))
    assert.equal(forbidden.message, 'Forbidden')
    ws.close()
    const logged = await accessLines(4)
    for (const line of logged) assert.deepEqual([line.destinationArn, line.apiId, line.stage], [DESTINATION, ApiId, 'live'])
    const [connect, echo, refused, disconnect] = logged.map((line) => JSON.parse(line.msg) as Record<string, string>)
    const connectionId = connect.connectionId
    assert.match(connectionId, /\S/)
    const common = { connectionId, requestTime: '01/Jan/2026:00:00:00 +0000', requestTimeEpoch: '1767225600', ip: '127.0.0.1', stage: 'live', apiId: ApiId }
    assert.deepEqual(connect, {
      ...common, requestId: connect.requestId, extendedRequestId: connect.requestId, eventType: 'CONNECT', routeKey: '$connect', status: '200',
      messageId: '-', errorMessage: '-', integrationStatus: '200',
    })
    assert.deepEqual(echo, {
      ...common, requestId: echo.requestId, extendedRequestId: echo.requestId, eventType: 'MESSAGE', routeKey: 'echo', status: '200',
      messageId: echo.messageId, errorMessage: '-', integrationStatus: '200',
    })
    assert.match(echo.messageId, /\S/)
    assert.notEqual(echo.messageId, '-')
    assert.deepEqual(refused, {
      ...common, requestId: forbidden.requestId, extendedRequestId: forbidden.requestId, eventType: 'MESSAGE', routeKey: '$default', status: '403',
      messageId: refused.messageId, errorMessage: 'Forbidden', integrationStatus: '-',
    })
    assert.deepEqual(disconnect, {
      ...common, requestId: disconnect.requestId, extendedRequestId: disconnect.requestId, eventType: 'DISCONNECT', routeKey: '$disconnect', status: '200',
      messageId: '-', errorMessage: '-', integrationStatus: '200',
    })
    assert.equal(new Set([connect.requestId, echo.requestId, refused.requestId, disconnect.requestId]).size, 4)
  })

  it('a refused $connect is logged with its status and error; a stage without AccessLogSettings writes nothing', async () => {
    const before = lines.filter((line) => line.accessLog === true).length
    const quiet = await attemptUpgrade(`${gw.url}/_aws/execute-api/${ApiId}/quiet`)
    assert.ok(quiet instanceof WebSocket)
    assert.equal(await frame(quiet, '{"action":"echo"}'), '{"echo":"echo"}')
    quiet.close()
    const first = await attemptUpgrade(`${gw.url}/_aws/execute-api/${ApiId}/gate`)
    assert.ok(first instanceof WebSocket)
    assert.deepEqual(await attemptUpgrade(`${gw.url}/_aws/execute-api/${ApiId}/gate`), { status: 429, body: '{"message":"Too Many Requests"}' })
    const logged = (await accessLines(before + 2)).slice(before)
    assert.ok(logged.every((line) => line.stage === 'gate'), 'the quiet stage wrote no line')
    const refused = JSON.parse(logged[1].msg) as Record<string, string>
    assert.deepEqual([refused.eventType, refused.routeKey, refused.status, refused.errorMessage, refused.integrationStatus], ['CONNECT', '$connect', '429', 'Too Many Requests', '-'])
    assert.notEqual(refused.connectionId, JSON.parse(logged[0].msg).connectionId)
    first.terminate()
  })
})
