import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { callManagementApi } from '../helpers/control-plane.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { RecordingMatcher } from '../helpers/openapi-recording.ts'
import { assertRecordedReply, onTheWire } from '../helpers/parity-recording.ts'
import { recording } from '../helpers/recordings.ts'

/**
 * The JSON bodies AWS answers on the control plane, compared on the wire with the recorded SDK
 * answers each test names (`[LS file > test > key]`): a recorded answer's `ResponseMetadata` is its
 * status, its `items` travel as `item`, placeholders (`<id:1>`, `datetime`) stand for the volatile
 * values (test/parity/recordings/README.md). Each test sends what the recorded test sent, as far as
 * the recorded answers show it.
 */

const API = (test: string) => recording('test_apigateway_api', test)
const COMMON = (test: string) => recording('test_apigateway_common', test)

/**
 * The recordings show dates as botocore parsed them (`datetime`); on the wire AWS's REST-JSON
 * protocol sends them as epoch seconds (AWS API reference, RestApi:
 * https://docs.aws.amazon.com/apigateway/latest/api/API_RestApi.html, `createdDate`: Timestamp).
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

  it('CreateRestApi with a name only, a version, empty binaryMediaTypes [LS test_apigateway_api > test_create_rest_api_with_optional_params > create-only-name, create-with-version, create-with-empty-binary-media]', async () => {
    const rec = API('test_create_rest_api_with_optional_params')
    const m = new RecordingMatcher()
    const onlyName = await call('POST', '/restapis', { name: 'only-name' })
    assertRecordedReply(m, onlyName, rec['create-only-name'], 'create-only-name')
    DATE(onlyName.body.createdDate)
    assertRecordedReply(m, await call('POST', '/restapis', { name: 'with-version', version: 'v1' }), rec['create-with-version'], 'create-with-version')
    assertRecordedReply(m, await call('POST', '/restapis', { name: 'empty-binary', binaryMediaTypes: [] }), rec['create-with-empty-binary-media'], 'create-with-empty-binary-media')
  })

  it('GetRestApi adds "tags": {} [LS test_apigateway_import > test_put_rest_api_mode_binary_media_types[merge] > create-rest-api, get-rest-api]; GetRestApis does not [LS test_apigateway_api > test_list_and_delete_apis]', async () => {
    const merge = recording('test_apigateway_import', 'test_put_rest_api_mode_binary_media_types[merge]')
    const m = new RecordingMatcher()
    const created = await call('POST', '/restapis', { name: 'heif', binaryMediaTypes: ['image/heif'] })
    assertRecordedReply(m, created, merge['create-rest-api'], 'create-rest-api')
    assertRecordedReply(m, await call('GET', `/restapis/${created.body.id}`), merge['get-rest-api'], 'get-rest-api')

    const rec = API('test_list_and_delete_apis')
    const listed = new RecordingMatcher()
    const first = await call('POST', '/restapis', { name: 'list-1', description: 'this is my api' })
    assertRecordedReply(listed, first, rec['create-rest-api-1'], 'create-rest-api-1')
    const second = await call('POST', '/restapis', { name: 'list-2', description: 'this is my api2' })
    assertRecordedReply(listed, second, rec['create-rest-api-2'], 'create-rest-api-2')
    // Other tests' APIs share this gateway: only the two this test made are compared.
    const mine = async () => {
      const reply = await call('GET', '/restapis')
      return { ...reply, body: { ...reply.body, item: reply.body.item.filter((api: { id: string }) => [first.body.id, second.body.id].includes(api.id)) } }
    }
    assertRecordedReply(listed, await mine(), rec['get-rest-api-before-delete'], 'get-rest-api-before-delete')
    assertRecordedReply(listed, await call('DELETE', `/restapis/${first.body.id}`), rec['delete-rest-api'], 'delete-rest-api')
    assertRecordedReply(listed, await mine(), rec['get-rest-api-after-delete'], 'get-rest-api-after-delete')
  })

  it('endpoint types: EDGE and REGIONAL are ipv4, PRIVATE dualstack [LS test_apigateway_api > test_create_rest_api_verify_defaults]', async () => {
    const rec = API('test_create_rest_api_verify_defaults')
    const m = new RecordingMatcher()
    for (const [key, type] of [['create-with-edge-default', 'EDGE'], ['create-with-regional-default', 'REGIONAL'], ['create-with-private-default', 'PRIVATE']]) {
      assertRecordedReply(m, await call('POST', '/restapis', { name: key, endpointConfiguration: { types: [type] } }), rec[key], key)
    }
  })

  it('resources: the root, children, renaming and deleting a subtree [LS test_apigateway_api > test_resource_lifecycle]', async () => {
    const rec = API('TestApiGatewayApiResource::test_resource_lifecycle')
    const m = new RecordingMatcher()
    const api = (await call('POST', '/restapis', { name: 'res' })).body
    const A = `/restapis/${api.id}`
    assertRecordedReply(m, await call('GET', `${A}/resources`), rec['rest-api-root-resource'], 'rest-api-root-resource')
    const pets = await call('POST', `${A}/resources/${api.rootResourceId}`, { pathPart: 'pets' })
    assertRecordedReply(m, pets, rec['create-resource'], 'create-resource')
    assertRecordedReply(m, await call('GET', `${A}/resources`), rec['rest-api-resources-after-create'], 'rest-api-resources-after-create')
    const P = `${A}/resources/${pets.body.id}`
    assertRecordedReply(m, await call('POST', P, { pathPart: 'subpets' }), rec['create-subresource'], 'create-subresource')
    assertRecordedReply(m, await call('GET', `${A}/resources`), rec['rest-api-resources-after-create-sub'], 'rest-api-resources-after-create-sub')
    const rename = { patchOperations: [{ op: 'replace', path: '/pathPart', value: 'dogs' }] }
    assertRecordedReply(m, await call('PATCH', P, rename), rec['update-path-part'], 'update-path-part')
    assertRecordedReply(m, await call('GET', P), rec['get-resp-after-update-path-part'], 'get-resp-after-update-path-part')
    assertRecordedReply(m, await call('DELETE', P), rec['del-resource'], 'del-resource')
    assertRecordedReply(m, await call('GET', `${A}/resources`), rec['rest-api-resources-after-delete'], 'rest-api-resources-after-delete')
  })

  it('PutMethod, GetMethod, DeleteMethod [LS test_apigateway_api > test_method_lifecycle, test_method_request_parameters]', async () => {
    const api = (await call('POST', '/restapis', { name: 'method' })).body
    const M = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/ANY`
    const lifecycle = API('test_method_lifecycle')
    const m = new RecordingMatcher()
    assertRecordedReply(m, await call('PUT', M, { authorizationType: 'NONE' }), lifecycle['put-base-method-response'], 'put-base-method-response')
    assertRecordedReply(m, await call('GET', M), lifecycle['get-base-method-response'], 'get-base-method-response')
    assertRecordedReply(m, await call('DELETE', M), lifecycle['del-base-method-response'], 'del-base-method-response')
    assertRecordedReply(m, await call('GET', M), lifecycle['get-deleted-method-response'], 'get-deleted-method-response')
    assertRecordedReply(m, await call('DELETE', M), lifecycle['delete-deleted-method-response'], 'delete-deleted-method-response')

    const parameters = API('test_method_request_parameters')
    // The parameters the recorded answer echoes are the ones the recorded test sent.
    const { requestParameters } = parameters['put-method-request-params-response']
    assertRecordedReply(m, await call('PUT', M, { authorizationType: 'NONE', requestParameters }), parameters['put-method-request-params-response'], 'put-method-request-params-response')
    assertRecordedReply(m, await call('GET', M), parameters['get-method-request-params-response'], 'get-method-request-params-response')
  })

  it('PutIntegration defaults for MOCK, HTTP and AWS_PROXY [LS test_apigateway_integrations > test_put_integration_validation]', async () => {
    const rec = recording('test_apigateway_integrations', 'test_put_integration_validation')
    const api = (await call('POST', '/restapis', { name: 'integration' })).body
    const R = `/restapis/${api.id}/resources/${api.rootResourceId}`
    for (const verb of ['GET', 'POST', 'PUT']) await call('PUT', `${R}/methods/${verb}`, { authorizationType: 'NONE' })
    const m = new RecordingMatcher()
    // LocalStack's test sends a uri with the MOCK integration; AWS's answer has none.
    const mock = await call('PUT', `${R}/methods/GET/integration`, { type: 'MOCK', uri: 'http://example.com' })
    assertRecordedReply(m, mock, rec['not-required-integration-method-MOCK'], 'not-required-integration-method-MOCK')
    const http = await call('PUT', `${R}/methods/POST/integration`, { type: 'HTTP', httpMethod: 'POST', uri: 'http://example.com' })
    assertRecordedReply(m, http, rec['http-method-HTTP'], 'http-method-HTTP')
    const uri = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:111111111111:function:MyLambda/invocations'
    const proxy = await call('PUT', `${R}/methods/PUT/integration`, { type: 'AWS_PROXY', httpMethod: 'POST', uri })
    assertRecordedReply(m, proxy, rec['aws-integration-type-AWS_PROXY'], 'aws-integration-type-AWS_PROXY')
    // The recordings replace cacheNamespace by a placeholder of its own. AWS API reference, Integration
    // (https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html), cacheNamespace: "By
    // default, API Gateway uses the resource ID as the cacheNamespace."
    for (const reply of [mock, http, proxy]) assert.equal(reply.body.cacheNamespace, api.rootResourceId)
    assert.equal((await call('GET', `${R}/methods/GET/integration`)).body.uri, undefined, 'nor does GetIntegration')
    const s3 = await call('PUT', `${R}/methods/PUT/integration`, {
      type: 'AWS_PROXY', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:s3:path/b/k', credentials: 'arn:aws:iam::111111111111:role/service-role/r',
    })
    assertRecordedReply(m, s3, rec['no-s3-support-AWS_PROXY'], 'no-s3-support-AWS_PROXY')
  })

  it('authorizationType is taken in any case and stored canonical: "none" answers "NONE" [LS test_apigateway_integrations > test_put_integration_responses > put-method-put]', async () => {
    const api = (await call('POST', '/restapis', { name: 'lower-case-none' })).body
    const M = `/restapis/${api.id}/resources/${api.rootResourceId}/methods/PUT`
    const rec = recording('test_apigateway_integrations', 'test_put_integration_responses')
    assertRecordedReply(new RecordingMatcher(), await call('PUT', M, { authorizationType: 'none' }), rec['put-method-put'], 'put-method-put')
    assert.equal((await call('GET', M)).body.authorizationType, 'NONE')
    const updated = await call('PATCH', M, { patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'aws_iam' }] })
    assert.equal(updated.body.authorizationType, 'AWS_IAM', 'UpdateMethod goes through the same check')
    assert.equal((await call('PUT', M.replace('/PUT', '/GET'), { authorizationType: 'nope' })).status, 400)
  })

  it('method and integration responses echo only what was given [LS test_apigateway_integrations > test_put_integration_responses > put-method-response-get; LS test_apigateway_api > test_lifecycle_method_response, test_lifecycle_integration_response, test_put_integration_response_templates]', async () => {
    const api = (await call('POST', '/restapis', { name: 'responses' })).body
    const R = `/restapis/${api.id}/resources/${api.rootResourceId}`
    const method = async (verb: string) => {
      await call('PUT', `${R}/methods/${verb}`, { authorizationType: 'NONE' })
      await call('PUT', `${R}/methods/${verb}/integration`, { type: 'MOCK' })
      return `${R}/methods/${verb}`
    }
    const m = new RecordingMatcher()
    const onlyStatus = recording('test_apigateway_integrations', 'test_put_integration_responses')['put-method-response-get']
    assertRecordedReply(m, await call('PUT', `${await method('GET')}/responses/200`, {}), onlyStatus, 'put-method-response-get')
    const methodResponse = API('TestApigatewayMethodResponse::test_lifecycle_method_response')
    assertRecordedReply(m, await call('PUT', `${await method('POST')}/responses/200`, { responseModels: {}, responseParameters: {} }),
      methodResponse['put-method-response'], 'put-method-response')

    const lifecycle = API('TestApigatewayIntegrationResponse::test_lifecycle_integration_response')
    const created = `${await method('PUT')}/integration/responses/200`
    assertRecordedReply(m, await call('PUT', created, { selectionPattern: '', responseTemplates: { 'application/json': '"created"' } }),
      lifecycle['put-integration-response'], 'put-integration-response')
    assertRecordedReply(m, await call('GET', created), lifecycle['get-integration-response'], 'get-integration-response')
    const templates = API('test_put_integration_response_templates')
    assertRecordedReply(m, await call('PUT', `${await method('PATCH')}/integration/responses/200`, { selectionPattern: '', responseTemplates: { 'application/json': '' } }),
      templates['put-integration-response-template-empty'], 'put-integration-response-template-empty')
    assertRecordedReply(m, await call('PUT', `${await method('DELETE')}/integration/responses/200`, { selectionPattern: '' }),
      templates['put-integration-no-response-template'], 'put-integration-no-response-template')
  })

  it('CreateDeployment with a stageName: the deployment and the stage it creates [LS test_apigateway_common > test_create_delete_deployments[True] > get-deployment, get-stages, get-deployments-0]', async () => {
    const rec = COMMON('test_create_delete_deployments[True]')
    const api = await deployableApi('deploy')
    const A = `/restapis/${api.id}`
    const deployment = await call('POST', `${A}/deployments`, { stageName: 's1' })
    assertRecordedReply(new RecordingMatcher(), deployment, recording('test_apigateway_canary', 'TestStageCrudCanary::test_create_update_stages')['create-deployment-1'], 'create-deployment-1')
    DATE(deployment.body.createdDate)
    const m = new RecordingMatcher()
    assertRecordedReply(m, await call('GET', `${A}/deployments/${deployment.body.id}`), rec['get-deployment'], 'get-deployment')
    const stages = await call('GET', `${A}/stages`)
    assertRecordedReply(m, stages, rec['get-stages'], 'get-stages')
    DATE(stages.body.item[0].createdDate)
    DATE(stages.body.item[0].lastUpdatedDate)
    assertRecordedReply(new RecordingMatcher(), await call('GET', `${A}/deployments`), rec['get-deployments-0'], 'get-deployments-0')
  })

  it('UpdateStage method settings: full entries, seeded from */*, override keeps others [LS test_apigateway_common > TestStages::test_create_update_stages]', async () => {
    const rec = COMMON('TestStages::test_create_update_stages')
    const m = new RecordingMatcher()
    const api = await deployableApi('settings')
    const A = `/restapis/${api.id}`
    const deployment = (await call('POST', `${A}/deployments`, {})).body
    assertRecordedReply(m, await call('POST', `${A}/stages`, { stageName: 's1', deploymentId: deployment.id, description: 'my stage', documentationVersion: 'v123' }),
      rec['create-stage'], 'create-stage')
    const updated = await call('PATCH', `${A}/stages/s1`, {
      patchOperations: [
        { op: 'replace', path: '/description', value: 'stage new' },
        { op: 'replace', path: '/variables/var1', value: 'test' },
        { op: 'replace', path: '/variables/var2', value: 'test2' },
        { op: 'replace', path: '/*/*/throttling/burstLimit', value: '123' },
        { op: 'replace', path: '/*/*/caching/enabled', value: 'true' },
        { op: 'replace', path: '/tracingEnabled', value: 'true' },
        { op: 'replace', path: '/test/GET/throttling/burstLimit', value: '124' },
      ],
    })
    assertRecordedReply(m, updated, rec['update-stage'], 'update-stage')
    assertRecordedReply(m, await call('GET', `${A}/stages/s1`), rec['get-stage'], 'get-stage')
    const override = await call('PATCH', `${A}/stages/s1`, { patchOperations: [{ op: 'replace', path: '/*/*/throttling/burstLimit', value: '100' }] })
    assertRecordedReply(m, override, rec['update-stage-override'], 'update-stage-override')
  })

  it('removing */* deletes it; removing it when absent is an error with a trailing space [LS test_apigateway_common > test_update_stage_remove_wildcard]', async () => {
    const rec = COMMON('test_update_stage_remove_wildcard')
    const m = new RecordingMatcher()
    const api = await deployableApi('wildcard')
    const A = `/restapis/${api.id}`
    const deployment = (await call('POST', `${A}/deployments`, {})).body
    const S = `${A}/stages/s1`
    assertRecordedReply(m, await call('POST', `${A}/stages`, { stageName: 's1', deploymentId: deployment.id, description: 'my stage', documentationVersion: 'v123' }),
      rec['create-stage'], 'create-stage')
    assertRecordedReply(m, await call('GET', S), rec['get-stage'], 'get-stage')
    assertRecordedReply(m, await call('PATCH', S, { patchOperations: [{ op: 'remove', path: '/*/*' }] }), rec['delete-error'], 'delete-error')
    assertRecordedReply(m, await call('PATCH', S, { patchOperations: [{ op: 'replace', path: '/*/*/caching/enabled', value: 'true' }] }), rec['update-stage'], 'update-stage')
    assertRecordedReply(m, await call('PATCH', S, { patchOperations: [{ op: 'remove', path: '/*/*' }] }), rec['update-stage-reset'], 'update-stage-reset')
    assertRecordedReply(m, await call('GET', S), rec['get-stage-after-reset'], 'get-stage-after-reset')
  })

  it('every API starts with the Empty and Error models [LS test_apigateway_common > test_api_gateway_request_validator_with_ref_models > get-models-with-ref]', async () => {
    const recorded = onTheWire(COMMON('test_api_gateway_request_validator_with_ref_models')['get-models-with-ref']) as { item: { name: string }[] }
    // The recorded API had two models of its own besides the defaults.
    const defaults = recorded.item.filter((model) => model.name === 'Empty' || model.name === 'Error')
    assert.equal(defaults.length, 2)
    const api = (await call('POST', '/restapis', { name: 'models' })).body
    const models = (await call('GET', `/restapis/${api.id}/models`)).body
    models.item.sort((a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1))
    new RecordingMatcher().match(models, { item: defaults }, 'get-models')
  })
})
