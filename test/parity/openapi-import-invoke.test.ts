import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { CreateDeploymentCommand, CreateStageCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { RecordingMatcher } from '../helpers/openapi-recording.ts'
import { inputDocument, recording } from '../helpers/recordings.ts'

/**
 * Imported APIs answer over HTTP once deployed: an HTTP_PROXY whose URI is built from stage
 * variables, called through two stages (`[LS test_apigateway_import > test_import_with_stage_variables]`),
 * and a MOCK with a response template.
 */

let gw: TestGateway
let echo: Server
let echoHost: string

before(async () => {
  gw = await startTestGateway()
  // The httpbin-style echo LocalStack's test calls: what arrived, as JSON.
  echo = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://echo')
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({
        args: Object.fromEntries(url.searchParams),
        data: Buffer.concat(chunks).toString('utf8'),
        domain: req.headers.host,
        method: req.method,
        origin: req.socket.remoteAddress,
        path: url.pathname,
      }))
    })
  })
  await new Promise<void>((done) => echo.listen(0, '127.0.0.1', done))
  echoHost = `127.0.0.1:${(echo.address() as AddressInfo).port}`
})
after(async () => {
  await gw.close()
  await new Promise((done) => echo.close(done))
})

describe('imported APIs, deployed and called', () => {
  test('HTTP_PROXY to a stage-variable URI; a stage without the variables answers 500 [LS test_apigateway_import > test_import_with_stage_variables]', async () => {
    const recorded = recording('test_apigateway_import', 'test_import_with_stage_variables')
    // As LocalStack's own run does against a local echo server: plain http.
    const body = inputDocument('openapi.spec.stage-variables.json').replace('https://', 'http://')
    const { id } = await gw.apigateway.send(new ImportRestApiCommand({ body: Buffer.from(body), failOnWarnings: true }))
    const { id: deploymentId } = await gw.apigateway.send(new CreateDeploymentCommand({ restApiId: id }))
    await gw.apigateway.send(new CreateStageCommand({
      restApiId: id, stageName: 'v1', deploymentId, variables: { TestHost: echoHost, testPath: 'test-path', querystring: 'qs_key=qs_value' },
    }))
    const matcher = new RecordingMatcher()
    const ok = await fetch(`${gw.stageUrl(id!, 'v1')}/path1`)
    assert.equal(ok.status, 200)
    matcher.match(await ok.json(), recorded['get-resp-from-http'], 'get-resp-from-http')

    await gw.apigateway.send(new CreateStageCommand({ restApiId: id, stageName: 'v2', deploymentId }))
    const failed = await fetch(`${gw.stageUrl(id!, 'v2')}/path1`)
    assert.equal(failed.status, 500)
    matcher.match({ body: await failed.json(), errorType: failed.headers.get('x-amzn-errortype') }, recorded['get-error-resp-from-http'], 'get-error-resp-from-http')
  })

  test('an imported x-amazon-apigateway-any-method MOCK renders its response template for any verb', async () => {
    const { id } = await gw.apigateway.send(new ImportRestApiCommand({ body: Buffer.from(inputDocument('openapi.spec.global-auth.json')
      .replaceAll('${authorizer_lambda_invocation_arn}', 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations')
      .replace(/"security": \[\s*\{\s*"GatewayAuthorizer": \[\]\s*\}\s*\],/, '')) }))
    await gw.apigateway.send(new CreateDeploymentCommand({ restApiId: id, stageName: 'dev' }))
    const res = await fetch(`${gw.stageUrl(id!, 'dev')}/echo/hello`, { method: 'PATCH', headers: { 'content-type': 'application/json' } })
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { echo: 'hello', response: 'mocked' })
  })
})
