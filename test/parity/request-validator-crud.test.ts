import assert from 'node:assert/strict'
import {
  CreateRequestValidatorCommand, CreateRestApiCommand, DeleteRequestValidatorCommand, GetMethodCommand, GetRequestValidatorCommand,
  GetRequestValidatorsCommand, PutMethodCommand, UpdateMethodCommand, UpdateRequestValidatorCommand,
} from '@aws-sdk/client-api-gateway'
import { describe, it } from 'node:test'
import { callManagementApi } from '../helpers/control-plane.ts'
import { gatewayForSuite } from '../helpers/gateway.ts'
import { RecordingMatcher } from '../helpers/openapi-recording.ts'
import { recording } from '../helpers/recordings.ts'
import { assertRecordedError, assertRecordedOutput } from '../helpers/sdk-recording.ts'

/**
 * RequestValidator CRUD as AWS recorded it, driven with the real SDK:
 * `[LS test_apigateway_api > TestApiGatewayApiRequestValidator::* > key]`.
 */
const recorded = (test: string) => recording('test_apigateway_api', `TestApiGatewayApiRequestValidator::${test}`)

describe('parity: RequestValidator CRUD (LS test_apigateway_api > TestApiGatewayApiRequestValidator)', () => {
  const { send, gateway } = gatewayForSuite()

  const newApi = async () => (await send(new CreateRestApiCommand({ name: 'validators', description: 'my api' })))

  it('lifecycle: create 201, get, list, update with and without a value, delete 202, then 404 [LS test_apigateway_api > test_request_validator_lifecycle]', async () => {
    const rec = recorded('test_request_validator_lifecycle')
    const m = new RecordingMatcher()
    const api = await newApi()
    assertRecordedOutput(m, api, rec['create-rest-api'], 'create-rest-api')
    const restApiId = api.id!
    const created = await send(new CreateRequestValidatorCommand({ restApiId, name: 'test-validator-1a2b' }))
    assertRecordedOutput(m, created, rec['create-request-validator'], 'create-request-validator')
    const requestValidatorId = created.id!
    assert.match(requestValidatorId, /^[a-z0-9]{6}$/)
    assertRecordedOutput(m, await send(new GetRequestValidatorCommand({ restApiId, requestValidatorId })), rec['get-request-validator'], 'get-request-validator')
    assertRecordedOutput(m, await send(new GetRequestValidatorsCommand({ restApiId })), rec['get-request-validators'], 'get-request-validators')
    assertRecordedOutput(m, await send(new UpdateRequestValidatorCommand({
      restApiId, requestValidatorId, patchOperations: [{ op: 'replace', path: '/validateRequestBody', value: 'true' }],
    })), rec['update-request-validator-with-value'], 'update-request-validator-with-value')
    assertRecordedOutput(m, await send(new UpdateRequestValidatorCommand({
      restApiId, requestValidatorId, patchOperations: [{ op: 'replace', path: '/validateRequestBody' }],
    })), rec['update-request-validator-without-value'], 'update-request-validator-without-value')
    assertRecordedOutput(m, await send(new GetRequestValidatorCommand({ restApiId, requestValidatorId })),
      rec['get-request-validators-after-update-operation'], 'get-request-validators-after-update-operation')
    assertRecordedOutput(m, await send(new DeleteRequestValidatorCommand({ restApiId, requestValidatorId })), rec['delete-request-validator'], 'delete-request-validator')
    await assertRecordedError(send(new GetRequestValidatorCommand({ restApiId, requestValidatorId })), rec['get-deleted-request-validator'], 'get-deleted-request-validator')
    assertRecordedOutput(m, await send(new GetRequestValidatorsCommand({ restApiId })), rec['get-request-validators-after-delete'], 'get-request-validators-after-delete')
  })

  it('unknown API or validator on Get and Delete [LS test_apigateway_api > test_invalid_get_request_validator, test_invalid_delete_request_validator]', async () => {
    const get = recorded('test_invalid_get_request_validator')
    const del = recorded('test_invalid_delete_request_validator')
    const restApiId = (await newApi()).id!
    const requestValidatorId = (await send(new CreateRequestValidatorCommand({ restApiId, name: 'v' }))).id!
    await assertRecordedError(send(new GetRequestValidatorCommand({ restApiId: 'api_id', requestValidatorId })), get['get-request-validators-invalid-api-id'], 'get-invalid-api-id')
    await assertRecordedError(send(new GetRequestValidatorCommand({ restApiId, requestValidatorId: 'validator_id' })), get['get-request-validators-invalid-validator-id'], 'get-invalid-validator-id')
    await assertRecordedError(send(new DeleteRequestValidatorCommand({ restApiId: 'api_id', requestValidatorId })), del['delete-request-validator-invalid-api-id'], 'delete-invalid-api-id')
    await assertRecordedError(send(new DeleteRequestValidatorCommand({ restApiId, requestValidatorId: 'validator_id' })), del['delete-request-validator-invalid-validator-id'], 'delete-invalid-validator-id')
    // Nothing was deleted by the refused calls.
    assert.equal((await send(new GetRequestValidatorCommand({ restApiId, requestValidatorId }))).id, requestValidatorId)
  })

  it('unknown API on Create is a 400, on GetRequestValidators a 404 [LS test_apigateway_api > test_validators_crud_no_api, test_create_request_validator_invalid_api_id, test_invalid_get_request_validators]', async () => {
    const noApi = recorded('test_validators_crud_no_api')
    await assertRecordedError(send(new CreateRequestValidatorCommand({
      restApiId: 'test-fake-rest-id', name: 'test-validator', validateRequestBody: true, validateRequestParameters: false,
    })), noApi['wrong-rest-api-id-create-validator'], 'wrong-rest-api-id-create-validator')
    await assertRecordedError(send(new GetRequestValidatorsCommand({ restApiId: 'test-fake-rest-id' })), noApi['wrong-rest-api-id-get-validators'], 'wrong-rest-api-id-get-validators')
    await assertRecordedError(send(new CreateRequestValidatorCommand({ restApiId: 'api_id', name: 'v' })),
      recorded('test_create_request_validator_invalid_api_id')['invalid-create-request-validator'], 'invalid-create-request-validator')
    await assertRecordedError(send(new GetRequestValidatorsCommand({ restApiId: 'api_id' })),
      recorded('test_invalid_get_request_validators')['get-invalid-request-validators'], 'get-invalid-request-validators')
  })

  it('UpdateRequestValidator takes only replace on three paths and a non-blank name [LS test_apigateway_api > test_invalid_update_request_validator_operations]', async () => {
    const rec = recorded('test_invalid_update_request_validator_operations')
    const m = new RecordingMatcher()
    const api = await newApi()
    assertRecordedOutput(m, api, rec['create-rest-api'], 'create-rest-api')
    const restApiId = api.id!
    const created = await send(new CreateRequestValidatorCommand({ restApiId, name: 'test-validator-x' }))
    assertRecordedOutput(m, created, rec['create-request-validator'], 'create-request-validator')
    const requestValidatorId = created.id!
    const update = (op: 'add' | 'remove' | 'replace', path: string, value?: string) =>
      send(new UpdateRequestValidatorCommand({ restApiId, requestValidatorId, patchOperations: [{ op, path, value }] }))
    await assertRecordedError(update('add', '/validateRequestBody', 'true'), rec['update-request-validator-invalid-add-operation'], 'invalid-add-operation')
    await assertRecordedError(update('remove', '/validateRequestBody', 'true'), rec['update-request-validator-invalid-remove-operation'], 'invalid-remove-operation')
    await assertRecordedError(update('replace', '/invalidPath', 'true'), rec['update-request-validator-invalid-path'], 'invalid-path')
    await assertRecordedError(update('replace', '/name'), rec['update-request-validator-empty-name-value'], 'empty-name-value')
    // All or nothing: a valid operation before a refused one is not applied either.
    await assert.rejects(send(new UpdateRequestValidatorCommand({
      restApiId, requestValidatorId,
      patchOperations: [{ op: 'replace', path: '/validateRequestBody', value: 'true' }, { op: 'replace', path: '/name', value: '' }],
    })))
    const after = await send(new GetRequestValidatorCommand({ restApiId, requestValidatorId }))
    assert.deepEqual({ name: after.name, body: after.validateRequestBody }, { name: 'test-validator-x', body: false })
  })

  it('GetRequestValidators pages with item and position (API reference, GetRequestValidators)', async () => {
    const restApiId = (await newApi()).id!
    for (const name of ['a', 'b', 'c']) await send(new CreateRequestValidatorCommand({ restApiId, name, validateRequestParameters: true }))
    const first = await callManagementApi(gateway(), 'GET', `/restapis/${restApiId}/requestvalidators?limit=2`)
    assert.deepEqual(first.body.item.map((v: { name: string }) => v.name), ['a', 'b'])
    assert.equal(first.body.position, '2')
    const second = await callManagementApi(gateway(), 'GET', `/restapis/${restApiId}/requestvalidators?limit=2&position=2`)
    assert.deepEqual(second.body, { item: [{ id: second.body.item[0].id, name: 'c', validateRequestBody: false, validateRequestParameters: true }] })
  })

  it('PutMethod and UpdateMethod accept a validator of the API and refuse an unknown one (LS test_apigateway_api > test_put_method_validation, test_update_method_validation)', async () => {
    const putRecorded = recording('test_apigateway_api', 'TestApiGatewayApiMethod::test_put_method_validation')['invalid-request-validator']
    const updateRecorded = recording('test_apigateway_api', 'TestApiGatewayApiMethod::test_update_method_validation')['wrong-req-validator-id']
    const api = await newApi()
    const restApiId = api.id!
    const resourceId = api.rootResourceId!
    const requestValidatorId = (await send(new CreateRequestValidatorCommand({ restApiId, name: 'v' }))).id!
    const other = (await newApi()).id!
    const otherValidator = (await send(new CreateRequestValidatorCommand({ restApiId: other, name: 'elsewhere' }))).id!
    await assertRecordedError(
      send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE', requestValidatorId: otherValidator })),
      putRecorded, 'invalid-request-validator',
    )
    await assert.rejects(
      send(new GetMethodCommand({ restApiId, resourceId, httpMethod: 'GET' })),
      { name: 'NotFoundException' },
      'a refused PutMethod stores nothing',
    )
    const put = await send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE', requestValidatorId }))
    assert.equal(put.requestValidatorId, requestValidatorId)
    await assertRecordedError(
      send(new UpdateMethodCommand({ restApiId, resourceId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/requestValidatorId', value: 'nope42' }] })),
      updateRecorded, 'wrong-req-validator-id',
    )
    assert.equal((await send(new GetMethodCommand({ restApiId, resourceId, httpMethod: 'GET' }))).requestValidatorId, requestValidatorId)
    const cleared = await send(new UpdateMethodCommand({
      restApiId, resourceId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/requestValidatorId', value: '' }],
    }))
    assert.equal(cleared.requestValidatorId, undefined)
  })
})
