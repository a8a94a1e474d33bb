import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { callManagementApi, type RawReply } from '../helpers/control-plane.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

/**
 * [LS test_apigateway_api], [LS test_apigateway_common > test_create_update_deployments] (each recorded
 * answer's ResponseMetadata.HTTPStatusCode): Create and Put operations answer 201 (UpdateMethodResponse
 * too), Get and Update 200, deletes 202 except
 * DeleteMethod/MethodResponse/Integration/IntegrationResponse, which answer 204. Checked on the wire,
 * one request per operation, in the order an API is built and taken apart.
 */
describe('parity: control plane status codes (LS test_apigateway_api)', () => {
  let gw: TestGateway
  before(async () => {
    gw = await startTestGateway()
  })
  after(() => gw.close())

  it('answers each operation with AWS\'s status', async () => {
    const seen: [string, number, number][] = []
    const call = async (name: string, expected: number, method: string, path: string, body?: unknown): Promise<RawReply> => {
      const reply = await callManagementApi(gw, method, path, body)
      seen.push([name, reply.status, expected])
      return reply
    }
    const api = (await call('CreateRestApi', 201, 'POST', '/restapis', { name: 'statuses' })).body
    const A = `/restapis/${api.id}`
    await call('GetRestApi', 200, 'GET', A)
    await call('GetRestApis', 200, 'GET', '/restapis')
    await call('UpdateRestApi', 200, 'PATCH', A, { patchOperations: [{ op: 'replace', path: '/name', value: 'renamed' }] })
    const resource = (await call('CreateResource', 201, 'POST', `${A}/resources/${api.rootResourceId}`, { pathPart: 'things' })).body
    const R = `${A}/resources/${resource.id}`
    await call('GetResource', 200, 'GET', R)
    await call('GetResources', 200, 'GET', `${A}/resources`)
    await call('UpdateResource', 200, 'PATCH', R, { patchOperations: [{ op: 'replace', path: '/pathPart', value: 'items' }] })
    const M = `${R}/methods/GET`
    await call('PutMethod', 201, 'PUT', M, { authorizationType: 'NONE' })
    await call('GetMethod', 200, 'GET', M)
    await call('UpdateMethod', 200, 'PATCH', M, { patchOperations: [{ op: 'replace', path: '/operationName', value: 'list' }] })
    await call('PutMethodResponse', 201, 'PUT', `${M}/responses/200`, {})
    await call('GetMethodResponse', 200, 'GET', `${M}/responses/200`)
    await call('UpdateMethodResponse', 201, 'PATCH', `${M}/responses/200`, {
      patchOperations: [{ op: 'add', path: '/responseParameters/method.response.header.x-a', value: 'true' }],
    })
    await call('PutIntegration', 201, 'PUT', `${M}/integration`, { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } })
    await call('GetIntegration', 200, 'GET', `${M}/integration`)
    await call('UpdateIntegration', 200, 'PATCH', `${M}/integration`, { patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '1000' }] })
    await call('PutIntegrationResponse', 201, 'PUT', `${M}/integration/responses/200`, { selectionPattern: '' })
    await call('GetIntegrationResponse', 200, 'GET', `${M}/integration/responses/200`)
    await call('UpdateIntegrationResponse', 200, 'PATCH', `${M}/integration/responses/200`, {
      patchOperations: [{ op: 'replace', path: '/selectionPattern', value: '2\\d{2}' }],
    })
    const deployment = (await call('CreateDeployment', 201, 'POST', `${A}/deployments`, {})).body
    await call('GetDeployment', 200, 'GET', `${A}/deployments/${deployment.id}`)
    await call('GetDeployments', 200, 'GET', `${A}/deployments`)
    await call('UpdateDeployment', 200, 'PATCH', `${A}/deployments/${deployment.id}`, { patchOperations: [{ op: 'replace', path: '/description', value: 'd' }] })
    await call('CreateStage', 201, 'POST', `${A}/stages`, { stageName: 'dev', deploymentId: deployment.id })
    await call('GetStage', 200, 'GET', `${A}/stages/dev`)
    await call('GetStages', 200, 'GET', `${A}/stages`)
    await call('UpdateStage', 200, 'PATCH', `${A}/stages/dev`, { patchOperations: [{ op: 'replace', path: '/description', value: 'd' }] })
    await call('PutGatewayResponse', 201, 'PUT', `${A}/gatewayresponses/THROTTLED`, { statusCode: '429' })
    await call('GetGatewayResponse', 200, 'GET', `${A}/gatewayresponses/THROTTLED`)
    await call('GetGatewayResponses', 200, 'GET', `${A}/gatewayresponses`)
    await call('UpdateGatewayResponse', 200, 'PATCH', `${A}/gatewayresponses/THROTTLED`, { patchOperations: [{ op: 'replace', path: '/statusCode', value: '430' }] })
    await call('CreateModel', 201, 'POST', `${A}/models`, { name: 'Thing', contentType: 'application/json', schema: '{"type": "object"}' })
    await call('GetModel', 200, 'GET', `${A}/models/Thing`)
    await call('GetModels', 200, 'GET', `${A}/models`)
    await call('UpdateModel', 200, 'PATCH', `${A}/models/Thing`, { patchOperations: [{ op: 'replace', path: '/description', value: 'd' }] })

    await call('DeleteModel', 202, 'DELETE', `${A}/models/Thing`)
    await call('DeleteGatewayResponse', 202, 'DELETE', `${A}/gatewayresponses/THROTTLED`)
    await call('DeleteStage', 202, 'DELETE', `${A}/stages/dev`)
    await call('DeleteDeployment', 202, 'DELETE', `${A}/deployments/${deployment.id}`)
    await call('DeleteIntegrationResponse', 204, 'DELETE', `${M}/integration/responses/200`)
    await call('DeleteIntegration', 204, 'DELETE', `${M}/integration`)
    await call('DeleteMethodResponse', 204, 'DELETE', `${M}/responses/200`)
    await call('DeleteMethod', 204, 'DELETE', M)
    await call('DeleteResource', 202, 'DELETE', R)
    await call('DeleteRestApi', 202, 'DELETE', A)

    assert.deepEqual(
      seen.filter(([, status, expected]) => status !== expected),
      [],
      'operations answered with a status other than AWS\'s: [name, got, expected]',
    )
    assert.equal(seen.length, 46)
  })
})
