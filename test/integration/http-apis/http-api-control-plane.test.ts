import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { after, before, describe, it } from 'node:test'
import {
  ApiGatewayV2Client, ConflictException, BadRequestException, NotFoundException,
  CreateApiCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand,
  DeleteApiCommand, DeleteDeploymentCommand, DeleteRouteCommand, GetApiCommand, GetApisCommand, GetDeploymentsCommand,
  GetRouteCommand, GetStageCommand, UpdateApiCommand, UpdateIntegrationCommand, UpdateRouteCommand, UpdateStageCommand,
} from '@aws-sdk/client-apigatewayv2'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { apiGatewayV2Client, httpApiUrl } from '../../helpers/apigatewayv2.ts'
import { AWS_CLI_ENV, awsCliInstalled } from '../../helpers/cli.ts'
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/** The `apigatewayv2` operations for HTTP APIs through the real SDK v3 client (and the AWS CLI where installed). */
describe('HTTP API control plane', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let backend: EchoBackend
  before(async () => {
    gw = await startTestGateway()
    v2 = apiGatewayV2Client(gw)
    backend = await startEchoBackend()
  })
  after(async () => {
    v2.destroy()
    await gw.close()
    await backend.close()
  })

  const newApi = async (name = 'api') => (await v2.send(new CreateApiCommand({ Name: name, ProtocolType: 'HTTP' }))).ApiId!
  const httpIntegration = async (ApiId: string, path = '/a') =>
    (await v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: `${backend.origin}${path}`, IntegrationMethod: 'GET', PayloadFormatVersion: '1.0' }))).IntegrationId!

  it('creates, reads, updates and deletes an API', async () => {
    const ApiId = await newApi('first')
    const got = await v2.send(new GetApiCommand({ ApiId }))
    assert.equal(got.Name, 'first')
    assert.equal(got.ApiEndpoint, `https://${ApiId}.execute-api.${DEFAULT_AWS_ENVIRONMENT.region}.amazonaws.com`)
    const updated = await v2.send(new UpdateApiCommand({ ApiId, Name: 'renamed', Description: 'd' }))
    assert.deepEqual([updated.Name, updated.Description], ['renamed', 'd'])
    await v2.send(new DeleteApiCommand({ ApiId }))
    await assert.rejects(v2.send(new GetApiCommand({ ApiId })), (error: unknown) =>
      error instanceof NotFoundException && error.message === `Invalid API identifier specified ${DEFAULT_AWS_ENVIRONMENT.accountId}:${ApiId}`)
  })

  it('pages GetApis with MaxResults and NextToken', async () => {
    for (const name of ['p1', 'p2', 'p3']) await newApi(name)
    const names: string[] = []
    let NextToken: string | undefined
    do {
      const page = await v2.send(new GetApisCommand({ MaxResults: '2', NextToken }))
      assert.ok(page.Items!.length <= 2)
      names.push(...page.Items!.map((api) => api.Name!))
      NextToken = page.NextToken
    } while (NextToken !== undefined)
    assert.ok(['p1', 'p2', 'p3'].every((name) => names.includes(name)))
  })

  it('refuses bad route keys, conflicting routes, unknown targets and out-of-range timeouts', async () => {
    const ApiId = await newApi()
    const target = `integrations/${await httpIntegration(ApiId)}`
    await assert.rejects(v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'FETCH /x' })), BadRequestException)
    await assert.rejects(v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /{proxy+}/x' })), BadRequestException)
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /pets/{id}', Target: target }))
    await assert.rejects(v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /pets/{petId}' })), (error: unknown) =>
      error instanceof ConflictException && error.message === 'Route with key GET /pets/{petId} already exists for this API')
    await assert.rejects(v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /x', Target: 'integrations/nope' })), BadRequestException)
    await assert.rejects(v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: backend.origin, IntegrationMethod: 'GET', TimeoutInMillis: 30001 })), BadRequestException)
    await assert.rejects(v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: 'not a url', IntegrationMethod: 'GET' })), BadRequestException)
    await assert.rejects(v2.send(new GetRouteCommand({ ApiId, RouteId: 'nope' })), NotFoundException)
  })

  it('serves a route change only once deployed, unless the stage has AutoDeploy', async () => {
    const ApiId = await newApi()
    const first = await httpIntegration(ApiId, '/first')
    const route = await v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /r', Target: `integrations/${first}` }))
    await v2.send(new CreateStageCommand({ ApiId, StageName: 'manual' }))
    const url = httpApiUrl(gw, ApiId)
    assert.equal((await fetch(`${url}/manual/r`)).status, 404)
    const deployment = await v2.send(new CreateDeploymentCommand({ ApiId, StageName: 'manual' }))
    assert.equal(deployment.DeploymentStatus, 'DEPLOYED')
    assert.equal(deployment.AutoDeployed, false)
    assert.equal((await v2.send(new GetStageCommand({ ApiId, StageName: 'manual' }))).DeploymentId, deployment.DeploymentId)
    assert.equal((await (await fetch(`${url}/manual/r`)).json() as { url: string }).url, '/first')

    const second = await httpIntegration(ApiId, '/second')
    await v2.send(new UpdateRouteCommand({ ApiId, RouteId: route.RouteId, Target: `integrations/${second}` }))
    assert.equal((await (await fetch(`${url}/manual/r`)).json() as { url: string }).url, '/first')

    await v2.send(new UpdateStageCommand({ ApiId, StageName: 'manual', AutoDeploy: true, StageVariables: { v: '1' } }))
    assert.equal((await (await fetch(`${url}/manual/r`)).json() as { url: string }).url, '/second')
    await v2.send(new UpdateIntegrationCommand({ ApiId, IntegrationId: second, IntegrationUri: `${backend.origin}/third` }))
    assert.equal((await (await fetch(`${url}/manual/r`)).json() as { url: string }).url, '/third')
    const deployments = await v2.send(new GetDeploymentsCommand({ ApiId }))
    assert.ok(deployments.Items!.some((item) => item.AutoDeployed === true))
    await assert.rejects(v2.send(new DeleteDeploymentCommand({ ApiId, DeploymentId: (await v2.send(new GetStageCommand({ ApiId, StageName: 'manual' }))).DeploymentId })), BadRequestException)
    await v2.send(new DeleteDeploymentCommand({ ApiId, DeploymentId: deployment.DeploymentId }))

    await v2.send(new DeleteRouteCommand({ ApiId, RouteId: route.RouteId }))
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /other', Target: `integrations/${second}` }))
    assert.equal((await fetch(`${url}/manual/r`)).status, 404)
    await assert.rejects(v2.send(new CreateStageCommand({ ApiId, StageName: 'manual' })), ConflictException)
  })

  it('stops serving a deleted API', async () => {
    const ApiId = (await v2.send(new CreateApiCommand({ Name: 'gone', ProtocolType: 'HTTP', Target: `${backend.origin}/x` }))).ApiId!
    assert.equal((await fetch(`${httpApiUrl(gw, ApiId)}/`)).status, 200)
    await v2.send(new DeleteApiCommand({ ApiId }))
    // No longer an HTTP API: the id falls through to REST, which answers an unknown API with 403.
    assert.equal((await fetch(`${httpApiUrl(gw, ApiId)}/`)).status, 403)
  })

  it('works with the AWS CLI (aws apigatewayv2)', { skip: !awsCliInstalled() }, async () => {
    // Asynchronously: the gateway answering it runs in this process.
    const cli = async (...args: string[]) => {
      const run = await promisify(execFile)('aws', ['apigatewayv2', ...args, '--endpoint-url', gw.adminUrl, '--output', 'json'], { env: { ...process.env, ...AWS_CLI_ENV } })
      return JSON.parse(run.stdout || '{}')
    }
    const api = await cli('create-api', '--name', 'cli', '--protocol-type', 'HTTP', '--target', `${backend.origin}/cli`)
    assert.equal(api.ProtocolType, 'HTTP')
    assert.equal((await cli('get-routes', '--api-id', api.ApiId)).Items[0].RouteKey, '$default')
    const res = await fetch(`${httpApiUrl(gw, api.ApiId)}/hello`)
    assert.equal((await res.json() as { url: string }).url, '/cli/hello')
  })
})
