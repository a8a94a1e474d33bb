import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { callManagementApi, type RawReply } from '../helpers/control-plane.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { recordedStatus } from '../helpers/parity-recording.ts'
import { recording } from '../helpers/recordings.ts'

/**
 * The HTTP status of each management operation, checked on the wire, one request per operation, in
 * the order an API is built and taken apart. Each expected status is the
 * `ResponseMetadata.HTTPStatusCode` of the recorded answer the table names (`[LS file > test > key]`);
 * the one operation no recording answers says where its status is documented instead.
 */

type Source = readonly [file: string, test: string, key: string]

/** Where AWS's answer to each operation was recorded. */
const RECORDED: Record<string, Source> = {
  CreateRestApi: ['test_apigateway_api', 'test_create_rest_api_with_optional_params', 'create-only-name'],
  GetRestApi: ['test_apigateway_api', 'test_create_rest_api_with_tags', 'get-rest-api-w-tags'],
  GetRestApis: ['test_apigateway_api', 'test_list_and_delete_apis', 'get-rest-api-before-delete'],
  UpdateRestApi: ['test_apigateway_api', 'test_update_rest_api_compression', 'enable-compression'],
  DeleteRestApi: ['test_apigateway_api', 'test_list_and_delete_apis', 'delete-rest-api'],
  CreateResource: ['test_apigateway_api', 'TestApiGatewayApiResource::test_resource_lifecycle', 'create-resource'],
  GetResource: ['test_apigateway_api', 'TestApiGatewayApiResource::test_resource_lifecycle', 'get-resp-after-update-path-part'],
  GetResources: ['test_apigateway_api', 'TestApiGatewayApiResource::test_resource_lifecycle', 'rest-api-root-resource'],
  UpdateResource: ['test_apigateway_api', 'TestApiGatewayApiResource::test_resource_lifecycle', 'update-path-part'],
  DeleteResource: ['test_apigateway_api', 'TestApiGatewayApiResource::test_resource_lifecycle', 'del-resource'],
  PutMethod: ['test_apigateway_api', 'test_method_lifecycle', 'put-base-method-response'],
  GetMethod: ['test_apigateway_api', 'test_method_lifecycle', 'get-base-method-response'],
  UpdateMethod: ['test_apigateway_api', 'TestApiGatewayApiMethod::test_update_method', 'update-method-replace'],
  DeleteMethod: ['test_apigateway_api', 'test_method_lifecycle', 'del-base-method-response'],
  PutMethodResponse: ['test_apigateway_api', 'TestApigatewayMethodResponse::test_lifecycle_method_response', 'put-method-response'],
  // The recording names GetMethodResponse's answer "get-integration-response".
  GetMethodResponse: ['test_apigateway_api', 'TestApigatewayMethodResponse::test_lifecycle_method_response', 'get-integration-response'],
  UpdateMethodResponse: ['test_apigateway_api', 'TestApigatewayMethodResponse::test_lifecycle_method_response', 'update-method-responses'],
  DeleteMethodResponse: ['test_apigateway_api', 'TestApigatewayMethodResponse::test_lifecycle_method_response', 'delete-method-response'],
  PutIntegration: ['test_apigateway_integrations', 'test_put_integration_validation', 'not-required-integration-method-MOCK'],
  GetIntegration: ['test_apigateway_api', 'test_create_integration_with_vpc_link', 'get-integration-vpc-link'],
  UpdateIntegration: ['test_apigateway_api', 'test_create_integration_with_vpc_link', 'update-integration-vpc-link'],
  DeleteIntegration: ['test_apigateway_lambda', 'test_lambda_aws_integration_with_request_template', 'delete-integration'],
  PutIntegrationResponse: ['test_apigateway_api', 'TestApigatewayIntegrationResponse::test_lifecycle_integration_response', 'put-integration-response'],
  GetIntegrationResponse: ['test_apigateway_api', 'TestApigatewayIntegrationResponse::test_lifecycle_integration_response', 'get-integration-response'],
  UpdateIntegrationResponse: ['test_apigateway_api', 'TestApigatewayIntegrationResponse::test_lifecycle_integration_response', 'update-integration-response'],
  DeleteIntegrationResponse: ['test_apigateway_api', 'TestApigatewayIntegrationResponse::test_lifecycle_integration_response', 'delete-integration-response'],
  CreateDeployment: ['test_apigateway_canary', 'TestStageCrudCanary::test_create_update_stages', 'create-deployment-1'],
  GetDeployment: ['test_apigateway_common', 'test_create_update_deployments', 'get-deployment-1'],
  GetDeployments: ['test_apigateway_common', 'test_create_delete_deployments[True]', 'get-deployments-0'],
  // "after-update" is what UpdateDeployment answered (the patched description is in it).
  UpdateDeployment: ['test_apigateway_basic', 'test_update_rest_api_deployment', 'after-update'],
  DeleteDeployment: ['test_apigateway_common', 'test_create_update_deployments', 'delete-deployment-1'],
  CreateStage: ['test_apigateway_common', 'TestStages::test_create_update_stages', 'create-stage'],
  GetStage: ['test_apigateway_common', 'TestStages::test_create_update_stages', 'get-stage'],
  GetStages: ['test_apigateway_common', 'test_create_update_deployments', 'get-stages'],
  UpdateStage: ['test_apigateway_common', 'TestStages::test_create_update_stages', 'update-stage'],
  PutGatewayResponse: ['test_apigateway_api', 'test_gateway_response_crud', 'put-gateway-response'],
  GetGatewayResponse: ['test_apigateway_api', 'test_gateway_response_crud', 'get-gateway-response'],
  GetGatewayResponses: ['test_apigateway_api', 'test_gateway_response_crud', 'get-gateway-responses'],
  UpdateGatewayResponse: ['test_apigateway_api', 'test_update_gateway_response', 'update-gateway-response'],
  DeleteGatewayResponse: ['test_apigateway_api', 'test_gateway_response_crud', 'delete-gateway-response'],
  CreateModel: ['test_apigateway_api', 'test_model_lifecycle', 'create-model'],
  GetModel: ['test_apigateway_api', 'test_model_lifecycle', 'get-model'],
  GetModels: ['test_apigateway_api', 'test_model_lifecycle', 'get-models'],
  UpdateModel: ['test_apigateway_api', 'test_update_model', 'update-model'],
  DeleteModel: ['test_apigateway_api', 'test_model_lifecycle', 'del-model'],
}

/**
 * No recording holds an answer to DeleteStage. AWS API reference, DeleteStage
 * (https://docs.aws.amazon.com/apigateway/latest/api/API_DeleteStage.html), Response Syntax:
 * `HTTP/1.1 202`.
 */
const DOCUMENTED: Record<string, number> = { DeleteStage: 202 }

/** AWS's status for one operation: the recorded answer's, else the documented one. */
function awsStatus(operation: string): number {
  const source = RECORDED[operation]
  if (source === undefined) {
    assert.ok(operation in DOCUMENTED, `${operation}: neither recorded nor documented`)
    return DOCUMENTED[operation]
  }
  const [file, test, key] = source
  const answer = recording(file, test)[key]
  const where = `[LS ${file} > ${test} > ${key}]`
  assert.equal(answer?.Error, undefined, `${where} is an answer to ${operation}, not an error`)
  return recordedStatus(answer, where)
}

describe('parity: control plane status codes (each operation\'s recorded ResponseMetadata.HTTPStatusCode)', () => {
  let gw: TestGateway
  before(async () => {
    gw = await startTestGateway()
  })
  after(() => gw.close())

  it('answers each operation with the status AWS answered', async () => {
    const seen: [string, number, number][] = []
    const call = async (operation: string, method: string, path: string, body?: unknown): Promise<RawReply> => {
      const reply = await callManagementApi(gw, method, path, body)
      seen.push([operation, reply.status, awsStatus(operation)])
      return reply
    }
    const api = (await call('CreateRestApi', 'POST', '/restapis', { name: 'statuses' })).body
    const A = `/restapis/${api.id}`
    await call('GetRestApi', 'GET', A)
    await call('GetRestApis', 'GET', '/restapis')
    await call('UpdateRestApi', 'PATCH', A, { patchOperations: [{ op: 'replace', path: '/name', value: 'renamed' }] })
    const resource = (await call('CreateResource', 'POST', `${A}/resources/${api.rootResourceId}`, { pathPart: 'things' })).body
    const R = `${A}/resources/${resource.id}`
    await call('GetResource', 'GET', R)
    await call('GetResources', 'GET', `${A}/resources`)
    await call('UpdateResource', 'PATCH', R, { patchOperations: [{ op: 'replace', path: '/pathPart', value: 'items' }] })
    const M = `${R}/methods/GET`
    await call('PutMethod', 'PUT', M, { authorizationType: 'NONE' })
    await call('GetMethod', 'GET', M)
    await call('UpdateMethod', 'PATCH', M, { patchOperations: [{ op: 'replace', path: '/operationName', value: 'list' }] })
    await call('PutMethodResponse', 'PUT', `${M}/responses/200`, {})
    await call('GetMethodResponse', 'GET', `${M}/responses/200`)
    await call('UpdateMethodResponse', 'PATCH', `${M}/responses/200`, {
      patchOperations: [{ op: 'add', path: '/responseParameters/method.response.header.x-a', value: 'true' }],
    })
    await call('PutIntegration', 'PUT', `${M}/integration`, { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } })
    await call('GetIntegration', 'GET', `${M}/integration`)
    await call('UpdateIntegration', 'PATCH', `${M}/integration`, { patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '1000' }] })
    await call('PutIntegrationResponse', 'PUT', `${M}/integration/responses/200`, { selectionPattern: '' })
    await call('GetIntegrationResponse', 'GET', `${M}/integration/responses/200`)
    await call('UpdateIntegrationResponse', 'PATCH', `${M}/integration/responses/200`, {
      patchOperations: [{ op: 'replace', path: '/selectionPattern', value: '2\\d{2}' }],
    })
    const deployment = (await call('CreateDeployment', 'POST', `${A}/deployments`, {})).body
    await call('GetDeployment', 'GET', `${A}/deployments/${deployment.id}`)
    await call('GetDeployments', 'GET', `${A}/deployments`)
    await call('UpdateDeployment', 'PATCH', `${A}/deployments/${deployment.id}`, { patchOperations: [{ op: 'replace', path: '/description', value: 'd' }] })
    await call('CreateStage', 'POST', `${A}/stages`, { stageName: 'dev', deploymentId: deployment.id })
    await call('GetStage', 'GET', `${A}/stages/dev`)
    await call('GetStages', 'GET', `${A}/stages`)
    await call('UpdateStage', 'PATCH', `${A}/stages/dev`, { patchOperations: [{ op: 'replace', path: '/description', value: 'd' }] })
    await call('PutGatewayResponse', 'PUT', `${A}/gatewayresponses/THROTTLED`, { statusCode: '429' })
    await call('GetGatewayResponse', 'GET', `${A}/gatewayresponses/THROTTLED`)
    await call('GetGatewayResponses', 'GET', `${A}/gatewayresponses`)
    await call('UpdateGatewayResponse', 'PATCH', `${A}/gatewayresponses/THROTTLED`, { patchOperations: [{ op: 'replace', path: '/statusCode', value: '430' }] })
    await call('CreateModel', 'POST', `${A}/models`, { name: 'Thing', contentType: 'application/json', schema: '{"type": "object"}' })
    await call('GetModel', 'GET', `${A}/models/Thing`)
    await call('GetModels', 'GET', `${A}/models`)
    await call('UpdateModel', 'PATCH', `${A}/models/Thing`, { patchOperations: [{ op: 'replace', path: '/description', value: 'd' }] })

    await call('DeleteModel', 'DELETE', `${A}/models/Thing`)
    await call('DeleteGatewayResponse', 'DELETE', `${A}/gatewayresponses/THROTTLED`)
    await call('DeleteStage', 'DELETE', `${A}/stages/dev`)
    await call('DeleteDeployment', 'DELETE', `${A}/deployments/${deployment.id}`)
    await call('DeleteIntegrationResponse', 'DELETE', `${M}/integration/responses/200`)
    await call('DeleteIntegration', 'DELETE', `${M}/integration`)
    await call('DeleteMethodResponse', 'DELETE', `${M}/responses/200`)
    await call('DeleteMethod', 'DELETE', M)
    await call('DeleteResource', 'DELETE', R)
    await call('DeleteRestApi', 'DELETE', A)

    assert.deepEqual(
      seen.filter(([, status, expected]) => status !== expected),
      [],
      'operations answered with a status other than AWS\'s: [operation, got, expected]',
    )
    // Every operation the tables name was called, once.
    assert.deepEqual(seen.map(([operation]) => operation).sort(), [...Object.keys(RECORDED), ...Object.keys(DOCUMENTED)].sort())
  })
})
