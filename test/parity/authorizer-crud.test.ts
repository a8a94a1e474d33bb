import assert from 'node:assert/strict'
import {
  CreateAuthorizerCommand, CreateRestApiCommand, DeleteAuthorizerCommand, GetAuthorizerCommand, GetAuthorizersCommand,
  GetResourcesCommand, PutMethodCommand, UpdateAuthorizerCommand, UpdateMethodCommand,
} from '@aws-sdk/client-api-gateway'
import { describe, it } from 'node:test'
import { callManagementApi } from '../helpers/control-plane.ts'
import { gatewayForSuite } from '../helpers/gateway.ts'
import { RecordingMatcher } from '../helpers/openapi-recording.ts'
import { assertRecordedReply, recordedStatus } from '../helpers/parity-recording.ts'
import { recording } from '../helpers/recordings.ts'
import { assertRecordedError, assertRecordedOutput } from '../helpers/sdk-recording.ts'

/**
 * Authorizer CRUD with the real SDK ([LS test_apigateway_basic >
 * test_apigateway_with_custom_authorization_method], [LS test_apigateway_api >
 * test_authorizer_crud_no_api]). Where no recording covers a case, the test says which AWS source the
 * expected text comes from.
 */

const LAMBDA_URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations'
const POOL_ARN = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abc123'
/** CreateAuthorizer's status: [LS test_apigateway_basic > test_apigateway_with_custom_authorization_method > authorizer]. */
const CREATED = () => recordedStatus(recording('test_apigateway_basic', 'test_apigateway_with_custom_authorization_method').authorizer)
/**
 * DeleteAuthorizer's status, which no recording holds: AWS API reference, DeleteAuthorizer
 * (https://docs.aws.amazon.com/apigateway/latest/api/API_DeleteAuthorizer.html), Response Syntax `HTTP/1.1 202`.
 */
const DELETED = 202

describe('parity: Authorizer CRUD', () => {
  const { send, gateway } = gatewayForSuite()

  const newApi = async () => {
    const restApiId = (await send(new CreateRestApiCommand({ name: 'authorizers' }))).id!
    const rootId = (await send(new GetResourcesCommand({ restApiId }))).items![0].id!
    return { restApiId, rootId }
  }

  it('CreateAuthorizer TOKEN → 201 with authType custom and no TTL; PutMethod CUSTOM echoes authorizerId [LS test_apigateway_basic > test_apigateway_with_custom_authorization_method]', async () => {
    const rec = recording('test_apigateway_basic', 'test_apigateway_with_custom_authorization_method')
    const m = new RecordingMatcher()
    const { restApiId, rootId } = await newApi()
    // The URI exactly as the recorded test sent it (a Python line continuation put spaces inside it): AWS took it.
    const authorizerUri = `arn:aws:apigateway:us-east-1:lambda:path/                 2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:x/invocations`
    const authorizer = await send(new CreateAuthorizerCommand({
      restApiId, name: 'lambda_authorizer', type: 'TOKEN', authorizerUri, identitySource: 'method.request.header.Auth',
    }))
    assertRecordedOutput(m, authorizer, rec.authorizer, 'authorizer')
    assert.equal(authorizer.authorizerResultTtlInSeconds, undefined)
    const method = await send(new PutMethodCommand({
      restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: authorizer.id, apiKeyRequired: true,
    }))
    assertRecordedOutput(m, method, rec['put-method-response'], 'put-method-response')
  })

  it('unknown API: CreateAuthorizer is 409 ConflictException, GetAuthorizers 404 [LS test_apigateway_api > test_authorizer_crud_no_api]', async () => {
    const rec = recording('test_apigateway_api', 'test_authorizer_crud_no_api')
    await assertRecordedError(send(new CreateAuthorizerCommand({
      restApiId: 'test-fake-rest-id', name: 'fake-auth-name', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.Auth',
    })), rec['wrong-rest-api-id-create-authorizer'], 'create')
    await assertRecordedError(send(new GetAuthorizersCommand({ restApiId: 'test-fake-rest-id' })), rec['wrong-rest-api-id-get-authorizers'], 'get')
  })

  it('lifecycle: get, list, update with patch operations, delete, then 404 [LS test_apigateway_basic > test_apigateway_with_custom_authorization_method > authorizer] (status of CreateAuthorizer)', async () => {
    const { restApiId } = await newApi()
    const created = await send(new CreateAuthorizerCommand({
      restApiId, name: 'req', type: 'REQUEST', authorizerUri: LAMBDA_URI,
      identitySource: 'method.request.header.Auth, method.request.querystring.q, stageVariables.v, context.stage', authorizerResultTtlInSeconds: 60,
    }))
    assert.equal(created.$metadata.httpStatusCode, CREATED())
    assert.match(created.id!, /^[a-z0-9]{6}$/)
    const { $metadata: _m, ...stored } = created
    const got = await send(new GetAuthorizerCommand({ restApiId, authorizerId: created.id }))
    const { $metadata: _g, ...gotMembers } = got
    assert.deepEqual(gotMembers, stored)
    assert.deepEqual((await send(new GetAuthorizersCommand({ restApiId }))).items?.map((a) => a.id), [created.id])

    const updated = await send(new UpdateAuthorizerCommand({
      restApiId, authorizerId: created.id, patchOperations: [
        { op: 'replace', path: '/name', value: 'renamed' },
        { op: 'replace', path: '/authorizerResultTtlInSeconds', value: '0' },
        { op: 'replace', path: '/identitySource', value: '' },
      ],
    }))
    assert.equal(updated.name, 'renamed')
    assert.equal(updated.authorizerResultTtlInSeconds, 0)
    assert.equal(updated.identitySource, undefined)

    const deleted = await send(new DeleteAuthorizerCommand({ restApiId, authorizerId: created.id }))
    assert.equal(deleted.$metadata.httpStatusCode, DELETED)
    const missing = await callManagementApi(gateway(), 'GET', `/restapis/${restApiId}/authorizers/${created.id}`)
    // Not recorded; the text moto and LocalStack use for an unknown authorizer.
    assert.deepEqual([missing.status, missing.errorType, missing.body], [404, 'NotFoundException', { message: 'Invalid Authorizer identifier specified' }])
  })

  it('COGNITO_USER_POOLS: authType cognito_user_pools; providerARNs add/remove by patch', async () => {
    const { restApiId } = await newApi()
    const created = await send(new CreateAuthorizerCommand({
      restApiId, name: 'pool', type: 'COGNITO_USER_POOLS', providerARNs: [POOL_ARN], identitySource: 'method.request.header.Authorization',
    }))
    assert.equal(created.authType, 'cognito_user_pools')
    const second = POOL_ARN.replace('abc123', 'def456')
    const added = await send(new UpdateAuthorizerCommand({
      restApiId, authorizerId: created.id, patchOperations: [{ op: 'add', path: `/providerARNs/${second}` }, { op: 'remove', path: `/providerARNs/${POOL_ARN}` }],
    }))
    assert.deepEqual(added.providerARNs, [second])
    const emptied = await callManagementApi(gateway(), 'PATCH', `/restapis/${restApiId}/authorizers/${created.id}`, {
      patchOperations: [{ op: 'remove', path: `/providerARNs/${second}` }],
    })
    assert.equal(emptied.status, 400)
    assert.equal((await send(new GetAuthorizerCommand({ restApiId, authorizerId: created.id }))).providerARNs?.[0], second, 'a refused update stores nothing')
  })

  it('validation: Coral enum and null checks, the TOKEN source rule, TTL range, unknown patch path', async () => {
    const { restApiId } = await newApi()
    const create = (body: unknown) => callManagementApi(gateway(), 'POST', `/restapis/${restApiId}/authorizers`, body)
    const badType = await create({ name: 'x', type: 'JWT', authorizerUri: LAMBDA_URI })
    assert.deepEqual([badType.status, badType.errorType, badType.body.message], [400, 'ValidationException',
      "1 validation error detected: Value 'JWT' at 'createAuthorizerInput.type' failed to satisfy constraint: Member must satisfy enum value set: [TOKEN, REQUEST, COGNITO_USER_POOLS]"])
    const noName = await create({ type: 'TOKEN' })
    assert.deepEqual([noName.status, noName.errorType, noName.body.message], [400, 'ValidationException',
      "1 validation error detected: Value null at 'createAuthorizerInput.name' failed to satisfy constraint: Member must not be null"])
    // AWS's text as CloudFormation and CDK users report it.
    const querySource = await create({ name: 'x', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.querystring.key' })
    assert.deepEqual([querySource.status, querySource.body.message], [400,
      "Invalid token source expression: method.request.querystring.key. The source must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'."])
    const ttl = await create({ name: 'x', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.A', authorizerResultTtlInSeconds: 3601 })
    assert.equal(ttl.status, 400)
    const noUri = await create({ name: 'x', type: 'REQUEST', identitySource: 'method.request.header.A' })
    assert.equal(noUri.status, 400)
    const wrongTypeTtl = await create({ name: 'x', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.A', authorizerResultTtlInSeconds: 'ten' })
    assert.equal(wrongTypeTtl.errorType, 'SerializationException')
    assert.deepEqual((await send(new GetAuthorizersCommand({ restApiId }))).items, [], 'nothing half-written')

    const id = (await create({ name: 'x', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.A' })).body.id
    const badPath = await callManagementApi(gateway(), 'PATCH', `/restapis/${restApiId}/authorizers/${id}`, { patchOperations: [{ op: 'replace', path: '/id', value: 'x' }] })
    assert.equal(badPath.status, 400)
    assert.match(badPath.body.message, /^Invalid patch path {2}'\/id' specified for op 'replace'/)
  })

  it('PutMethod/UpdateMethod take an authorizer of the API; an unknown authorizer is refused [LS test_apigateway_api > test_put_method_validation > missing-authorizer-id]; DeleteAuthorizer in use is 409 with AWS\'s text (terraform-provider-aws#14812)', async () => {
    const { restApiId, rootId } = await newApi()
    const id = (await send(new CreateAuthorizerCommand({
      restApiId, name: 'in-use', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.Auth',
    }))).id!
    const bad = await callManagementApi(gateway(), 'PUT', `/restapis/${restApiId}/resources/${rootId}/methods/POST`, { authorizationType: 'CUSTOM', authorizerId: 'nope00' })
    assertRecordedReply(new RecordingMatcher(), bad, recording('test_apigateway_api', 'test_put_method_validation')['missing-authorizer-id'], 'missing-authorizer-id')
    await send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: id }))
    const refused = await callManagementApi(gateway(), 'DELETE', `/restapis/${restApiId}/authorizers/${id}`)
    assert.deepEqual([refused.status, refused.errorType, refused.body.message], [409, 'ConflictException',
      "Cannot delete authorizer 'in-use', is referenced in method: GET//"])
    await send(new UpdateMethodCommand({
      restApiId, resourceId: rootId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'NONE' }],
    }))
    assert.equal((await send(new DeleteAuthorizerCommand({ restApiId, authorizerId: id }))).$metadata.httpStatusCode, DELETED)
  })
})
