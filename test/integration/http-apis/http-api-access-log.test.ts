import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, GetStageCommand, UpdateStageCommand, type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2'
import { apiGatewayV2Client, httpApiUrl } from '../../helpers/apigatewayv2.ts'
import { captureLog, type LogLine } from '../../helpers/captured-log.ts'
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

const DESTINATION = 'arn:aws:logs:us-east-1:000000000000:log-group:http-api-access'
const FORMAT = JSON.stringify({
  requestId: '$context.requestId', ip: '$context.ip', requestTime: '$context.requestTime', httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey', status: '$context.status', protocol: '$context.protocol', responseLength: '$context.responseLength',
  path: '$context.path', stage: '$context.stage', integrationStatus: '$context.integrationStatus',
  integrationErrorMessage: '$context.integrationErrorMessage', errorMessage: '$context.error.message', userAgent: '$context.identity.userAgent',
})

/**
 * Stage access logs (developer guide, "Configure logging for HTTP APIs", "Customizing HTTP API access
 * logs"): each request to a stage with `AccessLogSettings` writes one line in the stage's format,
 * its `$context` variables replaced, to the gateway's log with the destination ARN.
 */
describe('HTTP API access logs', () => {
  const { logger, lines } = captureLog()
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let backend: EchoBackend
  let ApiId: string
  let url: string
  before(async () => {
    gw = await startTestGateway({ logger })
    v2 = apiGatewayV2Client(gw)
    backend = await startEchoBackend()
    ApiId = (await v2.send(new CreateApiCommand({ Name: 'access-log', ProtocolType: 'HTTP' }))).ApiId!
    const IntegrationId = (await v2.send(new CreateIntegrationCommand({
      ApiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: `${backend.origin}/pets/{id}`, IntegrationMethod: 'ANY', PayloadFormatVersion: '1.0',
    }))).IntegrationId!
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /pets/{id}', Target: `integrations/${IntegrationId}` }))
    await v2.send(new CreateStageCommand({
      ApiId, StageName: 'live', AutoDeploy: true, AccessLogSettings: { DestinationArn: DESTINATION, Format: FORMAT },
    }))
    url = `${httpApiUrl(gw, ApiId)}/live`
  })
  after(async () => {
    v2.destroy()
    await gw.close()
    await backend.close()
  })

  const accessLines = async (count: number): Promise<LogLine[]> => {
    const deadline = Date.now() + 2000
    while (lines.filter((line) => line.accessLog === true).length < count && Date.now() < deadline) await new Promise((done) => setTimeout(done, 10))
    return lines.filter((line) => line.accessLog === true)
  }

  it('GetStage returns the settings as written', async () => {
    const stage = await v2.send(new GetStageCommand({ ApiId, StageName: 'live' }))
    assert.deepEqual(stage.AccessLogSettings, { DestinationArn: DESTINATION, Format: FORMAT })
  })

  it('writes one line per request with the variables of that request', async () => {
    const found = await fetch(`${url}/pets/7`, { headers: { 'user-agent': 'access-log-test' } })
    const foundBody = Buffer.from(await found.arrayBuffer())
    const missing = await fetch(`${url}/nowhere`, { method: 'POST', headers: { 'user-agent': 'access-log-test' } })
    const missingBody = Buffer.from(await missing.arrayBuffer())
    assert.equal(found.status, 200)
    assert.equal(missing.status, 404)

    const [first, second, ...rest] = await accessLines(2)
    assert.equal(rest.length, 0)
    for (const line of [first, second]) {
      assert.equal(line.destinationArn, DESTINATION)
      assert.equal(line.apiId, ApiId)
      assert.equal(line.stage, 'live')
    }
    const one = JSON.parse(first.msg)
    assert.match(one.requestTime, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/)
    assert.deepEqual({ ...one, requestTime: undefined }, {
      requestId: found.headers.get('apigw-requestid'), ip: '127.0.0.1', requestTime: undefined, httpMethod: 'GET', routeKey: 'GET /pets/{id}',
      status: '200', protocol: 'HTTP/1.1', responseLength: String(foundBody.length), path: '/live/pets/7', stage: 'live',
      integrationStatus: '200', integrationErrorMessage: '-', errorMessage: '-', userAgent: 'access-log-test',
    })
    const two = JSON.parse(second.msg)
    assert.deepEqual({ ...two, requestTime: undefined }, {
      requestId: missing.headers.get('apigw-requestid'), ip: '127.0.0.1', requestTime: undefined, httpMethod: 'POST', routeKey: '-',
      status: '404', protocol: 'HTTP/1.1', responseLength: String(missingBody.length), path: '/live/nowhere', stage: 'live',
      integrationStatus: '-', integrationErrorMessage: '-', errorMessage: 'Not Found', userAgent: 'access-log-test',
    })
  })

  it('UpdateStage changes the format; a stage without settings writes nothing', async () => {
    // An UpdateStage naming only Format keeps the DestinationArn: Gatehouse's reading of the API
    // reference v2 ("Stages", UpdateStage: fields left out are not changed); no recording holds it.
    await v2.send(new UpdateStageCommand({ ApiId, StageName: 'live', AccessLogSettings: { Format: '$context.httpMethod $context.routeKey $context.status $context.requestId' } }))
    const stage = await v2.send(new GetStageCommand({ ApiId, StageName: 'live' }))
    assert.equal(stage.AccessLogSettings?.DestinationArn, DESTINATION)
    const before = (await accessLines(0)).length
    await (await fetch(`${url}/pets/8`)).arrayBuffer()
    const after = await accessLines(before + 1)
    assert.equal(after.length, before + 1)
    assert.match(after.at(-1)!.msg, /^GET GET \/pets\/{id} 200 [A-Za-z0-9+\/]{15}=$/)

    await v2.send(new CreateStageCommand({ ApiId, StageName: 'quiet', AutoDeploy: true }))
    await (await fetch(`${httpApiUrl(gw, ApiId)}/quiet/pets/9`)).arrayBuffer()
    await new Promise((done) => setTimeout(done, 50))
    assert.equal((await accessLines(0)).length, before + 1)
    // A request to the logged stage after the quiet one: once its line is in, a line of the quiet
    // stage's would have been too, so the absence above is not a matter of waiting too little.
    await (await fetch(`${url}/pets/10`)).arrayBuffer()
    const last = await accessLines(before + 2)
    assert.equal(last.length, before + 2)
    assert.equal(last.at(-1)!.stage, 'live')
    assert.ok(last.every((line) => line.stage !== 'quiet'), 'no access line for the stage without AccessLogSettings')
  })
})
