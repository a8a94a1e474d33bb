import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, DeleteRestApiCommand, DeleteStageCommand,
  GetResourcesCommand, GetRestApiCommand, GetStageCommand, PutIntegrationCommand, PutIntegrationResponseCommand,
  PutMethodCommand, PutMethodResponseCommand, UpdateIntegrationResponseCommand, UpdateStageCommand, NotFoundException,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { REPO_ROOT } from '../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

/**
 * The whole life of a REST API through the real AWS SDK v3 client, called over real HTTP:
 * create → resources → methods → integrations → deploy → call → update → redeploy → delete.
 * AWS semantics checked on the way: edits are invisible until the next deployment
 * (developer guide, "Deploying a REST API"), and a deleted stage or API stops answering.
 */
describe('REST API lifecycle, end to end', () => {
  let gw: TestGateway
  before(async () => {
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: { greeter: { handler: 'test/fixtures/functions/greeter.handler' } },
    })
  })
  after(() => gw.close())

  it('serves what was deployed, and only that', async () => {
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'lifecycle', endpointConfiguration: { types: ['REGIONAL'] } }))
    const restApiId = api.id!
    const greet = await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'greet' }))
    const name = await send(new CreateResourceCommand({ restApiId, parentId: greet.id!, pathPart: '{name}' }))
    const status = await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'status' }))

    // Lambda proxy on GET /greet/{name}
    await send(new PutMethodCommand({ restApiId, resourceId: name.id!, httpMethod: 'GET', authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({
      restApiId, resourceId: name.id!, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST',
      uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:greeter/invocations',
    }))
    // MOCK on GET /status
    await send(new PutMethodCommand({ restApiId, resourceId: status.id!, httpMethod: 'GET', authorizationType: 'NONE' }))
    await send(new PutMethodResponseCommand({ restApiId, resourceId: status.id!, httpMethod: 'GET', statusCode: '200' }))
    await send(new PutIntegrationCommand({
      restApiId, resourceId: status.id!, httpMethod: 'GET', type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
    }))
    await send(new PutIntegrationResponseCommand({
      restApiId, resourceId: status.id!, httpMethod: 'GET', statusCode: '200', selectionPattern: '',
      responseTemplates: { 'application/json': '{"version": 1}' },
    }))

    const resources = await send(new GetResourcesCommand({ restApiId, embed: ['methods'] }))
    assert.deepEqual(resources.items?.map((r) => r.path).sort(), ['/', '/greet', '/greet/{name}', '/status'])

    const first = await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod', description: 'v1' }))
    const stageUrl = gw.stageUrl(restApiId, 'prod')

    const hello = await fetch(`${stageUrl}/greet/ada?excited=yes`)
    assert.equal(hello.status, 200)
    assert.deepEqual(await hello.json(), { greeting: 'Hello, ada!', stage: 'prod', resource: '/greet/{name}' })
    assert.equal(await (await fetch(`${stageUrl}/status`)).text(), '{"version": 1}')

    // Edit the API: nothing changes on the stage until it is redeployed.
    await send(new UpdateIntegrationResponseCommand({
      restApiId, resourceId: status.id!, httpMethod: 'GET', statusCode: '200',
      patchOperations: [{ op: 'replace', path: '/responseTemplates/application~1json', value: '{"version": 2}' }],
    }))
    assert.equal(await (await fetch(`${stageUrl}/status`)).text(), '{"version": 1}')

    const second = await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod', description: 'v2' }))
    assert.notEqual(second.id, first.id)
    assert.equal(await (await fetch(`${stageUrl}/status`)).text(), '{"version": 2}')
    assert.equal((await send(new GetStageCommand({ restApiId, stageName: 'prod' }))).deploymentId, second.id)

    // Roll the stage back to the first deployment: one UpdateStage, served at once.
    await send(new UpdateStageCommand({
      restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/deploymentId', value: first.id! }],
    }))
    assert.equal(await (await fetch(`${stageUrl}/status`)).text(), '{"version": 1}')

    // Delete the stage, then the API: both stop answering, with AWS's 403.
    await send(new DeleteStageCommand({ restApiId, stageName: 'prod' }))
    const gone = await fetch(`${stageUrl}/status`)
    assert.equal(gone.status, 403)
    assert.deepEqual(await gone.json(), { message: 'Missing Authentication Token' })

    await send(new CreateDeploymentCommand({ restApiId, stageName: 'again' }))
    assert.equal((await fetch(`${gw.stageUrl(restApiId, 'again')}/status`)).status, 200)
    await send(new DeleteRestApiCommand({ restApiId }))
    assert.equal((await fetch(`${gw.stageUrl(restApiId, 'again')}/status`)).status, 403)
    await assert.rejects(send(new GetRestApiCommand({ restApiId })), NotFoundException)
  })
})
