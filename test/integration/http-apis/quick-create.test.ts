import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CreateApiCommand, GetRoutesCommand, GetStagesCommand, GetIntegrationsCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { functionArn, apiGatewayV2Client, httpApiUrl } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * Quick create (developer guide, "Working with HTTP APIs"): CreateApi with `Target` makes the
 * integration, the route and an auto-deployed `$default` stage, so the API answers at once.
 */
describe('HTTP API quick create', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let backend: EchoBackend
  before(async () => {
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: { hello: { handler: 'test/fixtures/functions/http-api/handlers.plainObject' } },
    })
    v2 = apiGatewayV2Client(gw)
    backend = await startEchoBackend()
  })
  after(async () => {
    v2.destroy()
    await gw.close()
    await backend.close()
  })

  it('to a Lambda ARN: AWS_PROXY with payload 2.0 on the $default route and stage', async () => {
    const api = await v2.send(new CreateApiCommand({ Name: 'quick-lambda', ProtocolType: 'HTTP', Target: functionArn('hello') }))
    assert.equal(api.ProtocolType, 'HTTP')
    assert.equal(api.RouteSelectionExpression, '$request.method $request.path')
    assert.ok(api.CreatedDate instanceof Date)
    const [routes, integrations, stages] = await Promise.all([
      v2.send(new GetRoutesCommand({ ApiId: api.ApiId })),
      v2.send(new GetIntegrationsCommand({ ApiId: api.ApiId })),
      v2.send(new GetStagesCommand({ ApiId: api.ApiId })),
    ])
    assert.deepEqual(routes.Items?.map((route) => [route.RouteKey, route.Target, route.ApiGatewayManaged]), [['$default', `integrations/${integrations.Items![0].IntegrationId}`, true]])
    assert.equal(integrations.Items![0].IntegrationType, 'AWS_PROXY')
    assert.equal(integrations.Items![0].PayloadFormatVersion, '2.0')
    assert.equal(integrations.Items![0].TimeoutInMillis, 30000)
    assert.equal(stages.Items![0].StageName, '$default')
    assert.equal(stages.Items![0].AutoDeploy, true)
    assert.ok(stages.Items![0].DeploymentId)

    const res = await fetch(`${httpApiUrl(gw, api.ApiId!)}/anything/at/all`)
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'application/json')
    assert.match(res.headers.get('apigw-requestid')!, /^[A-Za-z0-9+/]{15}=$/)
    assert.deepEqual(await res.json(), { message: 'Hello from Lambda!' })
  })

  it('to a URL: HTTP_PROXY with method ANY, the request path appended on $default', async () => {
    const api = await v2.send(new CreateApiCommand({ Name: 'quick-url', ProtocolType: 'HTTP', Target: `${backend.origin}/base` }))
    const integrations = await v2.send(new GetIntegrationsCommand({ ApiId: api.ApiId }))
    assert.equal(integrations.Items![0].IntegrationType, 'HTTP_PROXY')
    assert.equal(integrations.Items![0].IntegrationMethod, 'ANY')
    assert.equal(integrations.Items![0].PayloadFormatVersion, '1.0')
    const res = await fetch(`${httpApiUrl(gw, api.ApiId!)}/pets/1?color=red`, { method: 'PUT', body: 'hi' })
    assert.equal(res.status, 200)
    const echoed = await res.json() as { method: string; url: string; body: string; headers: Record<string, string> }
    assert.equal(echoed.method, 'PUT')
    assert.equal(echoed.url, '/base/pets/1?color=red')
    assert.equal(echoed.body, 'hi')
    assert.equal(echoed.headers['x-forwarded-proto'], 'http')
    assert.match(echoed.headers['x-amzn-trace-id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/)
  })

  it('with a RouteKey: only that route answers, anything else is 404 {"message":"Not Found"}', async () => {
    const api = await v2.send(new CreateApiCommand({ Name: 'quick-key', ProtocolType: 'HTTP', Target: functionArn('hello'), RouteKey: 'GET /hello' }))
    const url = httpApiUrl(gw, api.ApiId!)
    assert.equal((await fetch(`${url}/hello`)).status, 200)
    const missing = await fetch(`${url}/other`)
    assert.equal(missing.status, 404)
    assert.equal(await missing.text(), '{"message":"Not Found"}')
    assert.ok(missing.headers.get('apigw-requestid'))
    assert.equal((await fetch(`${url}/hello`, { method: 'POST' })).status, 404)
  })
})
