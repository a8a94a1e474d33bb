import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { DEFAULT_AWS_ENVIRONMENT } from '../../src/core/aws-environment.ts'
import { apiGatewayV2Client, functionArn } from '../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { rawRequest } from '../helpers/raw-http.ts'
import { httpApiAnswers, sampleEvent } from '../helpers/recordings.ts'

/**
 * HTTP APIs' Lambda events against the captures (sample events: powertools-ts/apigw-http/no-auth.json,
 * lambda-rust-runtime/apigw_v2_proxy_request_minimal.json): the same request reaches the function as
 * the same event, key for key and in the same order. Only what differs per request or per machine
 * (ids, times, the client's address and port, http vs https here) is put aside, each named below.
 */
describe('HTTP API Lambda proxy event, payload format 2.0', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let apiId: string
  const host = (id: string) => `${id}.execute-api.eu-west-1.amazonaws.com`
  before(async () => {
    gw = await startTestGateway({ baseDir: REPO_ROOT, functions: { echo: { handler: 'test/fixtures/functions/http-api/handlers.echoEvent' } } })
    v2 = apiGatewayV2Client(gw)
    apiId = (await v2.send(new CreateApiCommand({ Name: 'events', ProtocolType: 'HTTP' }))).ApiId!
    const integration = await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: functionArn('echo'), PayloadFormatVersion: '2.0' }))
    for (const routeKey of ['POST /lambda', '$default', 'GET /items/{id}', 'ANY /files/{proxy+}']) {
      await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: `integrations/${integration.IntegrationId}` }))
    }
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }))
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'dev', AutoDeploy: true, StageVariables: { color: 'blue' } }))
  })
  after(async () => {
    v2.destroy()
    await gw.close()
  })

  const invoke = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
    const res = await rawRequest({ port: Number(new URL(gw.url).port), method, path, headers: { Host: host(apiId), ...headers }, body })
    assert.equal(res.status, 200, res.body.toString())
    return JSON.parse(res.body.toString()) as Record<string, any>
  }

  /** The capture with this run's volatile values: account and api id, request id, times, trace id, client address, port and scheme. */
  function expectedFrom(captured: any, event: any): any {
    const expected = structuredClone(captured)
    const capturedApiId = captured.requestContext.apiId
    expected.requestContext.apiId = apiId
    expected.requestContext.accountId = DEFAULT_AWS_ENVIRONMENT.accountId
    expected.requestContext.domainName = host(apiId)
    expected.requestContext.domainPrefix = apiId
    expected.headers.host = host(apiId)
    for (const key of ['requestId', 'time', 'timeEpoch']) expected.requestContext[key] = event.requestContext[key]
    expected.requestContext.http.sourceIp = event.requestContext.http.sourceIp
    for (const key of ['x-amzn-trace-id', 'x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto']) expected.headers[key] = event.headers[key]
    assert.notEqual(capturedApiId, apiId)
    return expected
  }

  it('is the powertools capture for POST /lambda on the $default stage (without its `authorizer: {lambda: null}`)', async () => {
    const captured = sampleEvent('powertools-ts/apigw-http/no-auth.json')
    const event = await invoke('POST', '/lambda', {
      accept: '*/*', 'accept-encoding': 'gzip, deflate', authorization: 'Bearer foo', 'content-length': '0', 'user-agent': 'HTTPie/3.2.2', Connection: 'keep-alive',
    })
    const expected = expectedFrom(captured, event)
    // The 2024 capture had `"authorizer": {"lambda": null}`, the 2020 one no key: Gatehouse sends none without an authorizer.
    delete expected.requestContext.authorizer
    assert.deepEqual(event, expected)
    assert.deepEqual(Object.keys(event), Object.keys(expected))
    assert.deepEqual(Object.keys(event.requestContext), Object.keys(expected.requestContext))
    assert.deepEqual(Object.keys(event.headers), Object.keys(expected.headers))
    assert.match(event.requestContext.requestId, /^[A-Za-z0-9+/]{15}=$/)
    assert.match(event.requestContext.time, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/)
    assert.match(event.headers['x-amzn-trace-id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/)
  })

  it('is the rust-runtime capture for GET / on the $default route: no empty keys at all', async () => {
    const captured = sampleEvent('lambda-rust-runtime/apigw_v2_proxy_request_minimal.json')
    const event = await invoke('GET', '/', { accept: '*/*', 'user-agent': 'curl/7.64.1' })
    assert.deepEqual(event, expectedFrom(captured, event))
  })

  it('moves cookies to `cookies`, joins repeated headers and query keys with commas, base64s a non-text body', async () => {
    const event = await invoke('POST', '/files/a/b%20c?x=1&x=2&y=%2F', {
      cookie: 'session=abc; theme=dark', 'x-multi': 'one', 'content-type': 'application/octet-stream',
    }, 'hello world')
    assert.deepEqual(event.cookies, ['session=abc', 'theme=dark'])
    assert.equal(event.headers.cookie, undefined)
    assert.deepEqual(event.queryStringParameters, { x: '1,2', y: '/' })
    assert.equal(event.rawQueryString, 'x=1&x=2&y=%2F')
    assert.equal(event.routeKey, 'ANY /files/{proxy+}')
    assert.equal(event.rawPath, '/files/a/b%20c')
    assert.deepEqual(event.pathParameters, { proxy: 'a/b c' })
    // floci-io/floci#2172: `application/octet-stream` body `hello world` arrived as "aGVsbG8gd29ybGQ=".
    assert.equal(event.body, 'aGVsbG8gd29ybGQ=')
    assert.equal(event.isBase64Encoded, true)
    assert.equal(event.headers['content-length'], '11')
  })

  it('passes a JSON body as text', async () => {
    const event = await invoke('POST', '/lambda', { 'content-type': 'application/json; charset=utf-8' }, '{"a":1}')
    assert.equal(event.body, '{"a":1}')
    assert.equal(event.isBase64Encoded, false)
  })

  it('keeps a named stage in rawPath and http.path, never in routeKey, with its stage variables', async () => {
    const event = await invoke('GET', '/dev/items/42', {})
    assert.equal(event.rawPath, '/dev/items/42')
    assert.equal(event.requestContext.http.path, '/dev/items/42')
    assert.equal(event.requestContext.stage, 'dev')
    assert.equal(event.routeKey, 'GET /items/{id}')
    assert.deepEqual(event.pathParameters, { id: '42' })
    assert.deepEqual(event.stageVariables, { color: 'blue' })
  })

  it('sends a path whose first segment is no stage to $default, whole', async () => {
    const event = await invoke('GET', '/prod/items/1', {})
    assert.equal(event.requestContext.stage, '$default')
    assert.equal(event.routeKey, '$default')
    assert.equal(event.rawPath, '/prod/items/1')
  })

  it('answers every request with apigw-requestid, equal to the event\'s requestId', async () => {
    const res = await rawRequest({ port: Number(new URL(gw.url).port), method: 'GET', path: '/items/7', headers: { Host: host(apiId) } })
    const event = JSON.parse(res.body.toString())
    assert.equal(res.headers['apigw-requestid'], event.requestContext.requestId)
    assert.ok(httpApiAnswers().requestIdHeader.name in res.headers)
  })
})
