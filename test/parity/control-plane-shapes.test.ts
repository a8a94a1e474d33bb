import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { callManagementApi } from '../helpers/control-plane.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

/**
 * The exact JSON bodies AWS answers on the control plane ([LS test_apigateway_api], [LS
 * test_apigateway_common], [LS test_apigateway_integrations]; each test names its recording), compared
 * on the wire with the volatile members (ids, dates) checked for shape and then set aside — as the
 * LocalStack snapshots do.
 */

const DATE = (value: unknown) => assert.ok(Number.isInteger(value) && (value as number) > 1_600_000_000, `epoch seconds: ${value}`)

describe('parity: control plane response shapes', () => {
  let gw: TestGateway
  before(async () => {
    gw = await startTestGateway()
  })
  after(() => gw.close())

  const call = (method: string, path: string, body?: unknown) => callManagementApi(gw, method, path, body)

  /** An API with GET / on a MOCK integration, ready to deploy. */
  async function deployableApi(name: string) {
    const api = (await call('POST', '/restapis', { name })).body
    const M = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/GET`
    await call('PUT', M, { authorizationType: 'NONE' })
    await call('PUT', `${M}/integration`, { type: 'MOCK' })
    return api
  }

  it('CreateRestApi with only a name (LS test_create_rest_api_with_optional_params > create-only-name)', async () => {
    const reply = await call('POST', '/restapis', { name: 'only-name' })
    const { id, createdDate, rootResourceId, ...rest } = reply.body
    assert.match(id, /^[a-z0-9]{10}$/)
    assert.match(rootResourceId, /^[a-z0-9]+$/)
    DATE(createdDate)
    assert.deepEqual(rest, {
      apiKeySource: 'HEADER', disableExecuteApiEndpoint: false, endpointConfiguration: { ipAddressType: 'ipv4', types: ['EDGE'] }, name: 'only-name',
    })
    // GetRestApi adds "tags": {}; GetRestApis does not.
    assert.deepEqual((await call('GET', `/restapis/${id}`)).body.tags, {})
    const listed = (await call('GET', '/restapis')).body.item.find((api: { id: string }) => api.id === id)
    assert.equal('tags' in listed, false)
  })

  it('endpoint defaults: PRIVATE is dualstack, empty binaryMediaTypes omitted (LS test_create_rest_api_verify_defaults)', async () => {
    const privateApi = (await call('POST', '/restapis', { name: 'p', endpointConfiguration: { types: ['PRIVATE'] } })).body
    assert.deepEqual(privateApi.endpointConfiguration, { ipAddressType: 'dualstack', types: ['PRIVATE'] })
    const empty = (await call('POST', '/restapis', { name: 'e', binaryMediaTypes: [], version: 'v1' })).body
    assert.equal('binaryMediaTypes' in empty, false)
    assert.equal(empty.version, 'v1')
  })

  it('resources: the root, a child, and resourceMethods once methods exist (LS test_resource_lifecycle)', async () => {
    const api = (await call('POST', '/restapis', { name: 'res' })).body
    const A = `/restapis/${api.id}`
    assert.deepEqual((await call('GET', `${A}/resources`)).body, { item: [{ id: api.rootResourceId, path: '/' }] })
    const pets = (await call('POST', `${A}/resources/${api.rootResourceId}`, { pathPart: 'pets' })).body
    assert.deepEqual(pets, { id: pets.id, parentId: api.rootResourceId, path: '/pets', pathPart: 'pets' })
    await call('PUT', `${A}/resources/${pets.id}/methods/GET`, { authorizationType: 'NONE' })
    const listed = (await call('GET', `${A}/resources`)).body.item
    assert.deepEqual(listed[1], { id: pets.id, parentId: api.rootResourceId, path: '/pets', pathPart: 'pets', resourceMethods: { GET: {} } })
  })

  it('PutMethod and GetMethod (LS test_method_lifecycle, test_method_request_parameters)', async () => {
    const api = (await call('POST', '/restapis', { name: 'method' })).body
    const M = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/ANY`
    const requestParameters = { 'method.request.header.h_required': true, 'method.request.querystring.q_optional': false }
    const put = await call('PUT', M, { authorizationType: 'NONE', requestParameters })
    assert.deepEqual(put.body, { apiKeyRequired: false, authorizationType: 'NONE', httpMethod: 'ANY', requestParameters })
    assert.deepEqual((await call('GET', M)).body, put.body)
  })

  it('PutIntegration defaults for MOCK, HTTP and AWS_PROXY (LS test_apigateway_integrations > test_put_integration_validation)', async () => {
    const api = (await call('POST', '/restapis', { name: 'integration' })).body
    const R = `/restapis/${api.id}/resources/${api.rootResourceId}`
    for (const verb of ['GET', 'POST', 'PUT']) await call('PUT', `${R}/methods/${verb}`, { authorizationType: 'NONE' })
    const mock = await call('PUT', `${R}/methods/GET/integration`, { type: 'MOCK' })
    assert.deepEqual(mock.body, {
      cacheKeyParameters: [], cacheNamespace: api.rootResourceId, passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29000, type: 'MOCK',
    })
    const http = await call('PUT', `${R}/methods/POST/integration`, { type: 'HTTP', httpMethod: 'POST', uri: 'http://example.com' })
    assert.deepEqual(http.body, {
      cacheKeyParameters: [], cacheNamespace: api.rootResourceId, connectionType: 'INTERNET', httpMethod: 'POST',
      passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29000, type: 'HTTP', uri: 'http://example.com',
    })
    const uri = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111111111111:function:MyLambda/invocations'
    const proxy = await call('PUT', `${R}/methods/PUT/integration`, { type: 'AWS_PROXY', httpMethod: 'POST', uri })
    assert.deepEqual(proxy.body, {
      cacheKeyParameters: [], cacheNamespace: api.rootResourceId, httpMethod: 'POST', passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: 29000, type: 'AWS_PROXY', uri,
    })
  })

  it('integration and method responses echo only what was given (LS test_lifecycle_integration_response, test_put_integration_response_templates)', async () => {
    const api = (await call('POST', '/restapis', { name: 'responses' })).body
    const M = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/GET`
    await call('PUT', M, { authorizationType: 'NONE' })
    assert.deepEqual((await call('PUT', `${M}/responses/200`, {})).body, { statusCode: '200' })
    assert.deepEqual((await call('PUT', `${M}/responses/201`, { responseModels: {}, responseParameters: {} })).body,
      { responseModels: {}, responseParameters: {}, statusCode: '201' })
    await call('PUT', `${M}/integration`, { type: 'MOCK' })
    assert.deepEqual((await call('PUT', `${M}/integration/responses/200`, { selectionPattern: '', responseTemplates: { 'application/json': '"created"' } })).body,
      { responseTemplates: { 'application/json': '"created"' }, selectionPattern: '', statusCode: '200' })
    assert.deepEqual((await call('PUT', `${M}/integration/responses/201`, { selectionPattern: '', responseTemplates: { 'application/json': '' } })).body,
      { responseTemplates: { 'application/json': null }, selectionPattern: '', statusCode: '201' })
    assert.deepEqual((await call('PUT', `${M}/integration/responses/202`, { selectionPattern: '' })).body, { selectionPattern: '', statusCode: '202' })
  })

  it('CreateDeployment is {createdDate, id}; the stage it creates has AWS\'s defaults (LS test_create_delete_deployments)', async () => {
    const api = await deployableApi('deploy')
    const A = `/restapis/${api.id}`
    const deployment = (await call('POST', `${A}/deployments`, { stageName: 's1' })).body
    assert.deepEqual(Object.keys(deployment).sort(), ['createdDate', 'id'])
    DATE(deployment.createdDate)
    const stages = (await call('GET', `${A}/stages`)).body
    assert.deepEqual(Object.keys(stages), ['item'])
    const { createdDate, lastUpdatedDate, ...stage } = stages.item[0]
    DATE(createdDate)
    DATE(lastUpdatedDate)
    assert.deepEqual(stage, {
      cacheClusterEnabled: false, cacheClusterStatus: 'NOT_AVAILABLE', deploymentId: deployment.id, methodSettings: {}, stageName: 's1', tracingEnabled: false,
    })
    // Every v1 list travels as "item" on the wire; the SDK renames it.
    assert.deepEqual(Object.keys((await call('GET', `${A}/deployments`)).body), ['item'])
  })

  it('UpdateStage method settings: full entries, seeded from */*, override keeps others (LS test_create_update_stages)', async () => {
    const api = await deployableApi('settings')
    const A = `/restapis/${api.id}`
    const deployment = (await call('POST', `${A}/deployments`, {})).body
    await call('POST', `${A}/stages`, { stageName: 's1', deploymentId: deployment.id, description: 'my stage', documentationVersion: 'v123' })
    const updated = (await call('PATCH', `${A}/stages/s1`, {
      patchOperations: [
        { op: 'replace', path: '/description', value: 'stage new' },
        { op: 'replace', path: '/variables/var1', value: 'test' },
        { op: 'replace', path: '/variables/var2', value: 'test2' },
        { op: 'replace', path: '/*/*/throttling/burstLimit', value: '123' },
        { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
        { op: 'replace', path: '/tracingEnabled', value: 'true' },
        { op: 'replace', path: '/test/GET/throttling/burstLimit', value: '124' },
      ],
    })).body
    const entry = (burst: number) => ({
      cacheDataEncrypted: false, cacheTtlInSeconds: 300, cachingEnabled: true, dataTraceEnabled: false, metricsEnabled: false,
      requireAuthorizationForCacheControl: true, throttlingBurstLimit: burst, throttlingRateLimit: 10000,
      unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
    })
    assert.deepEqual(updated.methodSettings, { '*/*': entry(123), 'test/GET': entry(124) })
    assert.deepEqual(updated.variables, { var1: 'test', var2: 'test2' })
    assert.equal(updated.description, 'stage new')
    assert.equal(updated.documentationVersion, 'v123')
    assert.equal(updated.tracingEnabled, true)
    const override = (await call('PATCH', `${A}/stages/s1`, { patchOperations: [{ op: 'replace', path: '/*/*/throttling/burstLimit', value: '100' }] })).body
    assert.deepEqual(override.methodSettings, { '*/*': entry(100), 'test/GET': entry(124) })
  })

  it('removing */* deletes it; removing it again has AWS\'s text with its trailing space (LS test_update_stage_remove_wildcard)', async () => {
    const api = await deployableApi('wildcard')
    const A = `/restapis/${api.id}`
    await call('POST', `${A}/deployments`, { stageName: 's1' })
    const missing = await call('PATCH', `${A}/stages/s1`, { patchOperations: [{ op: 'remove', path: '/*/*' }] })
    assert.equal(missing.status, 400)
    assert.deepEqual(missing.body, { message: 'Cannot remove method setting */* because there is no method setting for this method ' })
    await call('PATCH', `${A}/stages/s1`, { patchOperations: [{ op: 'replace', path: '/*/*/caching/enabled', value: 'true' }] })
    const reset = (await call('PATCH', `${A}/stages/s1`, { patchOperations: [{ op: 'remove', path: '/*/*' }] })).body
    assert.deepEqual(reset.methodSettings, {})
  })

  it('every API starts with the Empty and Error models (LS test_apigateway_common > test_api_gateway_request_validator_with_ref_models > get-models-with-ref)', async () => {
    const api = (await call('POST', '/restapis', { name: 'models' })).body
    const models = (await call('GET', `/restapis/${api.id}/models`)).body.item
    assert.deepEqual(models.map((m: { name: string }) => m.name).sort(), ['Empty', 'Error'])
    const empty = models.find((m: { name: string }) => m.name === 'Empty')
    assert.equal(empty.description, 'This is a default empty schema model')
    assert.deepEqual(JSON.parse(empty.schema), { $schema: 'http://json-schema.org/draft-04/schema#', title: 'Empty Schema', type: 'object' })
    assert.equal(empty.contentType, 'application/json')
  })
})
