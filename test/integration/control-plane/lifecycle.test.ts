import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateStageCommand, DeleteDeploymentCommand,
  DeleteIntegrationCommand, DeleteIntegrationResponseCommand, DeleteMethodCommand, DeleteMethodResponseCommand,
  DeleteResourceCommand, DeleteRestApiCommand, DeleteStageCommand, GetDeploymentsCommand, GetIntegrationCommand,
  GetMethodCommand, GetResourceCommand, GetResourcesCommand, GetRestApiCommand, GetRestApisCommand, GetStageCommand,
  GetStagesCommand, NotFoundException, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand,
  PutMethodResponseCommand, UpdateIntegrationResponseCommand, UpdateStageCommand, BadRequestException,
} from '@aws-sdk/client-api-gateway'
import { describe, it } from 'node:test'
import { gatewayForSuite } from '../../helpers/gateway.ts'

const LAMBDA_URI =
  'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:greeter/invocations'

/**
 * The control plane end to end through the real AWS SDK v3 client: an API built piece by piece,
 * deployed, its stage edited, redeployed, then taken apart again.
 */
describe('control plane lifecycle through @aws-sdk/client-api-gateway', () => {
  const { send, gateway } = gatewayForSuite()

  it('builds, deploys, updates, redeploys and deletes an API', async () => {
    const api = await send(new CreateRestApiCommand({ name: 'pets', description: 'pet store', endpointConfiguration: { types: ['REGIONAL'] } }))
    const restApiId = api.id!
    assert.match(restApiId, /^[a-z0-9]{10}$/)
    assert.deepEqual(api.endpointConfiguration, { ipAddressType: 'ipv4', types: ['REGIONAL'] })
    assert.ok(api.createdDate instanceof Date)

    const pets = await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId, pathPart: 'pets' }))
    const pet = await send(new CreateResourceCommand({ restApiId, parentId: pets.id, pathPart: '{id}' }))
    const toys = await send(new CreateResourceCommand({ restApiId, parentId: pet.id, pathPart: 'toys' }))
    const proxy = await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId, pathPart: '{proxy+}' }))
    assert.equal(toys.path, '/pets/{id}/toys')
    assert.equal(proxy.path, '/{proxy+}')

    // MOCK on GET /pets with a method response and an integration response.
    await send(new PutMethodCommand({ restApiId, resourceId: pets.id, httpMethod: 'GET', authorizationType: 'NONE' }))
    const methodResponse = await send(new PutMethodResponseCommand({
      restApiId, resourceId: pets.id, httpMethod: 'GET', statusCode: '200', responseModels: { 'application/json': 'Empty' },
    }))
    assert.deepEqual(methodResponse.responseModels, { 'application/json': 'Empty' })
    const mock = await send(new PutIntegrationCommand({
      restApiId, resourceId: pets.id, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' },
    }))
    assert.equal(mock.cacheNamespace, pets.id)
    assert.equal(mock.timeoutInMillis, 29000)
    assert.equal(mock.connectionType, undefined)
    await send(new PutIntegrationResponseCommand({
      restApiId, resourceId: pets.id, httpMethod: 'GET', statusCode: '200', selectionPattern: '',
      responseTemplates: { 'application/json': '{"pets": []}' },
    }))

    // HTTP_PROXY on POST /pets/{id}, AWS_PROXY on ANY /{proxy+}.
    await send(new PutMethodCommand({
      restApiId, resourceId: pet.id, httpMethod: 'POST', authorizationType: 'NONE', requestParameters: { 'method.request.path.id': true },
    }))
    const http = await send(new PutIntegrationCommand({
      restApiId, resourceId: pet.id, httpMethod: 'POST', type: 'HTTP_PROXY', integrationHttpMethod: 'POST',
      uri: 'http://backend.example/pets/{id}', requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
    }))
    assert.equal(http.connectionType, 'INTERNET')
    assert.equal(http.httpMethod, 'POST')
    await send(new PutMethodCommand({ restApiId, resourceId: proxy.id, httpMethod: 'ANY', authorizationType: 'NONE' }))
    const lambda = await send(new PutIntegrationCommand({
      restApiId, resourceId: proxy.id, httpMethod: 'ANY', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: LAMBDA_URI,
    }))
    assert.equal(lambda.passthroughBehavior, 'WHEN_NO_MATCH')

    const method = await send(new GetMethodCommand({ restApiId, resourceId: pets.id, httpMethod: 'GET' }))
    assert.equal(method.methodIntegration?.integrationResponses?.['200']?.responseTemplates?.['application/json'], '{"pets": []}')
    assert.deepEqual(Object.keys(method.methodResponses ?? {}), ['200'])

    // GetResources: methods as empty objects, or whole with embed=methods ([LS test_apigateway_api > test_resource_lifecycle]).
    const plain = await send(new GetResourcesCommand({ restApiId }))
    assert.deepEqual(plain.items?.find((r) => r.id === pets.id)?.resourceMethods, { GET: {} })
    const embedded = await send(new GetResourcesCommand({ restApiId, embed: ['methods'] }))
    assert.equal(embedded.items?.find((r) => r.id === proxy.id)?.resourceMethods?.ANY?.methodIntegration?.type, 'AWS_PROXY')
    const single = await send(new GetResourceCommand({ restApiId, resourceId: pet.id, embed: ['methods'] }))
    assert.equal(single.resourceMethods?.POST?.methodIntegration?.uri, 'http://backend.example/pets/{id}')

    // Deploy with a stage name: the stage is created and points at the deployment.
    const first = await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod', description: 'v1' }))
    assert.equal(first.description, 'v1')
    const stage = await send(new GetStageCommand({ restApiId, stageName: 'prod' }))
    assert.equal(stage.deploymentId, first.id)
    assert.equal(stage.cacheClusterStatus, 'NOT_AVAILABLE')
    assert.deepEqual(stage.methodSettings, {})

    // A second stage on the same deployment, then edit the first one.
    await send(new CreateStageCommand({ restApiId, stageName: 'beta', deploymentId: first.id, variables: { color: 'blue' } }))
    const updated = await send(new UpdateStageCommand({
      restApiId, stageName: 'prod', patchOperations: [
        { op: 'replace', path: '/description', value: 'production' },
        { op: 'replace', path: '/variables/backend', value: 'backend.example' },
        { op: 'replace', path: '/*/*/throttling/rateLimit', value: '100' },
        { op: 'replace', path: '/~1pets/GET/caching/enabled', value: 'true' },
      ],
    }))
    assert.equal(updated.description, 'production')
    assert.deepEqual(updated.variables, { backend: 'backend.example' })
    assert.equal(updated.methodSettings?.['*/*']?.throttlingRateLimit, 100)
    assert.equal(updated.methodSettings?.['pets/GET']?.cachingEnabled, true)
    assert.equal(updated.methodSettings?.['pets/GET']?.throttlingRateLimit, 100)

    // Edit the API and redeploy: prod moves, beta stays, the first deployment is still in use.
    await send(new UpdateIntegrationResponseCommand({
      restApiId, resourceId: pets.id, httpMethod: 'GET', statusCode: '200',
      patchOperations: [{ op: 'replace', path: '/responseTemplates/application~1json', value: '{"pets": [1]}' }],
    }))
    const second = await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
    assert.equal((await send(new GetStageCommand({ restApiId, stageName: 'prod' }))).deploymentId, second.id)
    const stages = await send(new GetStagesCommand({ restApiId, deploymentId: first.id }))
    assert.deepEqual(stages.item?.map((s) => s.stageName), ['beta'])
    assert.equal((await send(new GetDeploymentsCommand({ restApiId }))).items?.length, 2)
    await assert.rejects(send(new DeleteDeploymentCommand({ restApiId, deploymentId: first.id })), BadRequestException)

    // Take it apart.
    await send(new DeleteStageCommand({ restApiId, stageName: 'beta' }))
    await send(new DeleteDeploymentCommand({ restApiId, deploymentId: first.id }))
    await send(new DeleteStageCommand({ restApiId, stageName: 'prod' }))
    await send(new DeleteDeploymentCommand({ restApiId, deploymentId: second.id }))
    assert.deepEqual((await send(new GetStagesCommand({ restApiId }))).item, [])
    await send(new DeleteIntegrationResponseCommand({ restApiId, resourceId: pets.id, httpMethod: 'GET', statusCode: '200' }))
    await send(new DeleteIntegrationCommand({ restApiId, resourceId: pets.id, httpMethod: 'GET' }))
    await assert.rejects(send(new GetIntegrationCommand({ restApiId, resourceId: pets.id, httpMethod: 'GET' })), NotFoundException)
    await send(new DeleteMethodResponseCommand({ restApiId, resourceId: pets.id, httpMethod: 'GET', statusCode: '200' }))
    await send(new DeleteMethodCommand({ restApiId, resourceId: pets.id, httpMethod: 'GET' }))
    await send(new DeleteResourceCommand({ restApiId, resourceId: pets.id }))
    const left = await send(new GetResourcesCommand({ restApiId }))
    assert.deepEqual(left.items?.map((r) => r.path).sort(), ['/', '/{proxy+}'])
    await send(new DeleteRestApiCommand({ restApiId }))
    await assert.rejects(send(new GetRestApiCommand({ restApiId })), NotFoundException)
    // Everything the API owned went with it.
    assert.deepEqual(await gateway().store.list('resource', restApiId), [])
    assert.deepEqual(await gateway().store.list('model', restApiId), [])
  })

  it('pages lists with limit and position (default 25, at most 500)', async () => {
    const api = await send(new CreateRestApiCommand({ name: 'paging' }))
    const restApiId = api.id!
    for (let i = 0; i < 30; i++) await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId, pathPart: `r${i}` }))
    const first = await send(new GetResourcesCommand({ restApiId }))
    assert.equal(first.items?.length, 25)
    assert.ok(first.position)
    const second = await send(new GetResourcesCommand({ restApiId, position: first.position }))
    assert.equal(second.items?.length, 6)
    assert.equal(second.position, undefined)
    const all = new Set([...first.items!, ...second.items!].map((r) => r.id))
    assert.equal(all.size, 31)
    const small = await send(new GetResourcesCommand({ restApiId, limit: 2 }))
    assert.equal(small.items?.length, 2)
    const huge = await send(new GetResourcesCommand({ restApiId, limit: 10_000 }))
    assert.equal(huge.items?.length, 31)
    const apis = await send(new GetRestApisCommand({ limit: 1 }))
    assert.equal(apis.items?.length, 1)
  })
})
