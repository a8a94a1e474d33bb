import assert from 'node:assert/strict'
import {
  BadRequestException, ConflictException, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateStageCommand,
  DeleteResourceCommand, GetDeploymentCommand, GetGatewayResponseCommand, GetIntegrationCommand, GetIntegrationResponseCommand,
  GetMethodCommand, GetMethodResponseCommand, GetResourceCommand, GetResourcesCommand, GetRestApiCommand, GetRestApisCommand,
  GetStageCommand, GetStagesCommand, NotFoundException, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand,
  PutMethodResponseCommand, UpdateGatewayResponseCommand, UpdateMethodCommand, UpdateResourceCommand, UpdateRestApiCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { callManagementApi } from '../../helpers/control-plane.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { recording } from '../../helpers/recordings.ts'
import { rawRequest } from '../../helpers/raw-http.ts'

/** Awaits a call the SDK must refuse, and checks the error AWS would send: its class, status and message. */
async function assertRefused(
  call: Promise<unknown>,
  expected: { name: typeof BadRequestException | typeof NotFoundException | typeof ConflictException; status: number; message?: string },
): Promise<void> {
  await assert.rejects(call, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.ok(error instanceof expected.name, `${error.name}: ${error.message}`)
    assert.equal(error.$metadata?.httpStatusCode, expected.status)
    if (expected.message !== undefined) assert.equal(error.message, expected.message)
    return true
  })
}

/** What a Get answered, without the SDK's per-call metadata, so two reads can be compared whole. */
const withoutMetadata = <T extends { $metadata?: unknown }>(output: T): Omit<T, '$metadata'> => {
  const { $metadata: _, ...rest } = output
  return rest
}

const RESOURCE_RECORDED = recording('test_apigateway_api', 'TestApiGatewayApiResource::test_create_proxy_resource_validation')

/** `[LS test_apigateway_api > test > key]`'s error message, with our account id for the snapshot's. */
const recordedMessage = (test: string, key: string): string =>
  (recording('test_apigateway_api', test)[key].Error.Message as string).replaceAll('111111111111', DEFAULT_AWS_ENVIRONMENT.accountId)
/** The recorded `Invalid API identifier specified <account>:<id>`, for another id. */
const apiNotFound = (id: string): string =>
  recordedMessage('TestApiGatewayApiRestApi::test_update_rest_api_invalid_api_id', 'not-found-update-rest-api').replace(/:[^:]*$/, `:${id}`)
const RESOURCE_NOT_FOUND = recordedMessage('TestApiGatewayApiResource::test_update_resource_behaviour', 'nonexistent-resource')

/**
 * Bad input answers an AWS-shaped error (status, `x-amzn-ErrorType`, `{"message"}`) and stores
 * nothing: every check runs before the first write, inside one transaction.
 */
describe('control plane bad input', () => {
  let gw: TestGateway
  let send: TestGateway['apigateway']['send']
  let restApiId: string
  let rootId: string
  before(async () => {
    gw = await startTestGateway()
    send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'bad-input' }))
    restApiId = api.id!
    rootId = api.rootResourceId!
  })
  after(() => gw.close())

  const apiCount = async () => (await send(new GetRestApisCommand({ limit: 500 }))).items!.length
  const resourcePaths = async () => (await send(new GetResourcesCommand({ restApiId }))).items!.map((r) => r.path).sort()

  it('malformed JSON is a SerializationException and creates nothing', async () => {
    const before = await apiCount()
    const reply = await callManagementApi(gw, 'POST', '/restapis', '{"name": "broken"')
    assert.equal(reply.status, 400)
    assert.equal(reply.errorType, 'SerializationException')
    assert.equal(typeof reply.body.message, 'string')
    assert.equal(await apiCount(), before)
  })

  it('a JSON body that is not an object is a SerializationException', async () => {
    const reply = await callManagementApi(gw, 'POST', '/restapis', '["name"]')
    assert.equal(reply.status, 400)
    assert.equal(reply.errorType, 'SerializationException')
  })

  it('a member of the wrong JSON type is a SerializationException naming the Java classes (LS test_apigateway_api > test_integration_response_invalid_responsetemplates)', async () => {
    const before = await apiCount()
    const reply = await callManagementApi(gw, 'POST', '/restapis', { name: 42 })
    assert.equal(reply.status, 400)
    assert.equal(reply.errorType, 'SerializationException')
    assert.deepEqual(reply.body, {
      message: recordedMessage('TestApigatewayIntegrationResponse::test_integration_response_invalid_responsetemplates', 'put-integration-response-invalid-responseTemplates-1'),
    })
    assert.equal(await apiCount(), before)
  })

  it('unknown ids answer 404 NotFoundException with AWS texts', async () => {
    const api = await callManagementApi(gw, 'GET', '/restapis/doesnotexist')
    assert.equal(api.status, 404)
    assert.equal(api.errorType, 'NotFoundException')
    assert.deepEqual(api.body, { message: apiNotFound('doesnotexist') })
    const resource = await callManagementApi(gw, 'PUT', `/restapis/doesnotexist/resources/${rootId}/methods/GET`, { authorizationType: 'NONE' })
    assert.equal(resource.status, 404)
    assert.deepEqual(resource.body, { message: RESOURCE_NOT_FOUND })
  })

  it('an unknown route answers UnknownOperationException, not a crash', async () => {
    const reply = await callManagementApi(gw, 'GET', '/no/such/operation')
    assert.equal(reply.status, 404)
    assert.equal(reply.errorType, 'UnknownOperationException')
    assert.equal(typeof reply.body.message, 'string')
    const wrongVerb = await callManagementApi(gw, 'POST', `/restapis/${restApiId}`, {})
    assert.equal(wrongVerb.errorType, 'UnknownOperationException')
  })

  it('an invalid path part is refused with AWS\'s text and stores nothing', async () => {
    const before = await resourcePaths()
    const reply = await callManagementApi(gw, 'POST', `/restapis/${restApiId}/resources/${rootId}`, { pathPart: 'bad part!' })
    assert.equal(reply.status, 400)
    assert.equal(reply.errorType, 'BadRequestException')
    assert.deepEqual(reply.body, {
      message: "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end.",
    })
    assert.deepEqual(await resourcePaths(), before)
  })

  it('an oversized body is a 413 and stores nothing', async () => {
    const before = await apiCount()
    const huge = JSON.stringify({ name: 'huge', description: 'x'.repeat(7 * 1024 * 1024) })
    const reply = await callManagementApi(gw, 'POST', '/restapis', huge)
    assert.equal(reply.status, 413)
    assert.equal(reply.errorType, 'PayloadTooLargeException')
    assert.equal(await apiCount(), before)
    // The server is still answering normally afterwards.
    assert.equal((await callManagementApi(gw, 'GET', '/restapis')).status, 200)
  })

  it('a multi-op patch with one bad op leaves the stage unchanged', async () => {
    const resource = await send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'patched' }))
    await send(new PutMethodCommand({ restApiId, resourceId: resource.id, httpMethod: 'GET', authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({ restApiId, resourceId: resource.id, httpMethod: 'GET', type: 'MOCK' }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'atomic', stageDescription: 'before' }))
    const { $metadata: _, ...before } = await send(new GetStageCommand({ restApiId, stageName: 'atomic' }))
    const reply = await callManagementApi(gw, 'PATCH', `/restapis/${restApiId}/stages/atomic`, {
      patchOperations: [
        { op: 'replace', path: '/description', value: 'after' },
        { op: 'replace', path: '/variables/v', value: '1' },
        { op: 'replace', path: '/documentation_version', value: '2' },
      ],
    })
    assert.equal(reply.status, 400)
    assert.equal(reply.errorType, 'BadRequestException')
    assert.match(reply.body.message, /^Invalid method setting path: \/documentation_version\. Must be one of: \[/)
    const { $metadata: __, ...afterStage } = await send(new GetStageCommand({ restApiId, stageName: 'atomic' }))
    assert.equal(afterStage.description, 'before')
    assert.equal(afterStage.variables, undefined)
    assert.deepEqual(afterStage, before)
  })

  it('a multi-op resource patch with one bad op neither renames nor moves anything', async () => {
    const parent = await send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'parent' }))
    const child = await send(new CreateResourceCommand({ restApiId, parentId: parent.id, pathPart: 'child' }))
    const before = await resourcePaths()
    const reply = await callManagementApi(gw, 'PATCH', `/restapis/${restApiId}/resources/${parent.id}`, {
      patchOperations: [
        { op: 'replace', path: '/pathPart', value: 'renamed' },
        { op: 'replace', path: '/parentId', value: child.id },
      ],
    })
    assert.equal(reply.status, 400)
    assert.deepEqual(reply.body, { message: 'Resources cannot be cyclical.' })
    assert.deepEqual(await resourcePaths(), before)
  })

  it('concurrent creates of the same path part: exactly one wins, the other is a 409', async () => {
    const attempts = await Promise.all([0, 1, 2].map(() =>
      callManagementApi(gw, 'POST', `/restapis/${restApiId}/resources/${rootId}`, { pathPart: 'race' })))
    assert.deepEqual(attempts.map((a) => a.status).sort(), [201, 409, 409])
    assert.equal((await resourcePaths()).filter((path) => path === '/race').length, 1)
  })

  it('unknown ids of every kind answer 404 NotFoundException with AWS\'s texts (LS test_apigateway_api), and delete nothing', async () => {
    const resource = await send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'known' }))
    const resourceId = resource.id!
    await send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }))
    const notFound = (message?: string) => ({ name: NotFoundException, status: 404, message })

    await assertRefused(send(new GetResourceCommand({ restApiId, resourceId: 'nosuchres0' })), notFound(RESOURCE_NOT_FOUND))
    await assertRefused(send(new GetMethodCommand({ restApiId, resourceId, httpMethod: 'POST' })), notFound(recordedMessage('TestApiGatewayApiMethod::test_update_method_validation', 'method-does-not-exist')))
    await assertRefused(send(new GetIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET' })), notFound(recordedMessage('TestApigatewayIntegration::test_get_integration_non_existent', 'get-integration-no-integration')))
    await assertRefused(send(new GetMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '404' })),
      notFound(recordedMessage('TestApigatewayMethodResponse::test_update_method_response_negative_tests', 'update-method-response-wrong-statuscode')))
    await send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK' }))
    await assertRefused(send(new GetIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '404' })),
      notFound(recordedMessage('TestApigatewayIntegrationResponse::test_integration_response_wrong_status_code', 'get-integration-response-wrong-status-code')))
    await assertRefused(send(new UpdateRestApiCommand({ restApiId: 'nosuchapi0', patchOperations: [{ op: 'replace', path: '/name', value: 'x' }] })),
      notFound(apiNotFound('nosuchapi0')))
    // API ids are case-sensitive ([LS test_apigateway_api > test_get_api_case_insensitive > get-api-upper-case]).
    await assertRefused(send(new GetRestApiCommand({ restApiId: restApiId.toUpperCase() })),
      notFound(recordedMessage('TestApiGatewayApiRestApi::test_get_api_case_insensitive', 'get-api-upper-case').replace('<upper-id>', restApiId.toUpperCase())))
    await assertRefused(send(new GetStageCommand({ restApiId, stageName: 'nosuchstage' })), notFound())
    await assertRefused(send(new GetDeploymentCommand({ restApiId, deploymentId: 'nodep0' })), notFound())

    const paths = await resourcePaths()
    const stages = (await send(new GetStagesCommand({ restApiId }))).item?.map((stage) => stage.stageName).sort()
    await assertRefused(send(new DeleteResourceCommand({ restApiId, resourceId: 'nosuchres0' })), notFound(RESOURCE_NOT_FOUND))
    await assertRefused(send(new CreateStageCommand({ restApiId, stageName: 'orphan', deploymentId: 'nodep0' })), notFound())
    assert.deepEqual(await resourcePaths(), paths)
    assert.deepEqual((await send(new GetStagesCommand({ restApiId }))).item?.map((stage) => stage.stageName).sort(), stages)
  })

  it('invalid patch paths are refused with AWS\'s texts and leave the resource as it was, even after a valid op', async () => {
    const resource = await send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'unpatched' }))
    const resourceId = resource.id!
    await send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE', operationName: 'before' }))
    const badRequest = (message: string) => ({ name: BadRequestException, status: 400, message })

    const resourceBefore = withoutMetadata(await send(new GetResourceCommand({ restApiId, resourceId })))
    await assertRefused(send(new UpdateResourceCommand({
      restApiId, resourceId,
      patchOperations: [{ op: 'replace', path: '/pathPart', value: 'renamed' }, { op: 'replace', path: '/invalid', value: 'x' }],
    })), badRequest(recordedMessage('TestApiGatewayApiResource::test_update_resource_behaviour', 'invalid-path-part')))
    assert.deepEqual(withoutMetadata(await send(new GetResourceCommand({ restApiId, resourceId }))), resourceBefore)

    const methodBefore = withoutMetadata(await send(new GetMethodCommand({ restApiId, resourceId, httpMethod: 'GET' })))
    await assertRefused(send(new UpdateMethodCommand({
      restApiId, resourceId, httpMethod: 'GET',
      patchOperations: [{ op: 'replace', path: '/operationName', value: 'after' }, { op: 'replace', path: '/httpMethod', value: 'POST' }],
    })), badRequest(recordedMessage('TestApiGatewayApiMethod::test_update_method_validation', 'unsupported-path')))
    assert.deepEqual(withoutMetadata(await send(new GetMethodCommand({ restApiId, resourceId, httpMethod: 'GET' }))), methodBefore)

    const apiBefore = withoutMetadata(await send(new GetRestApiCommand({ restApiId })))
    const rename: PatchOperation = { op: 'replace', path: '/name', value: 'renamed' }
    await assertRefused(send(new UpdateRestApiCommand({ restApiId, patchOperations: [rename, { op: 'move', from: '/description', path: '/name' }] })),
      badRequest(recordedMessage('TestApiGatewayApiRestApi::test_update_rest_api_compression', 'unsupported-operation')))
    await assertRefused(send(new UpdateRestApiCommand({ restApiId, patchOperations: [rename, { op: 'replace', path: '/id', value: 'x' }] })),
      { name: BadRequestException, status: 400 })
    assert.deepEqual(withoutMetadata(await send(new GetRestApiCommand({ restApiId }))), apiBefore)

    // `/statusCode` only takes replace; a missing path is reported as null
    // ([LS test_apigateway_api > test_update_gateway_response > update-gateway-add-status-code / update-gateway-no-path]).
    const responseBefore = withoutMetadata(await send(new GetGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_4XX' })))
    await assertRefused(send(new UpdateGatewayResponseCommand({
      restApiId, responseType: 'DEFAULT_4XX', patchOperations: [{ op: 'add', path: '/statusCode', value: '418' }],
    })), badRequest(recordedMessage('TestApiGatewayGatewayResponse::test_update_gateway_response', 'update-gateway-add-status-code')))
    await assertRefused(send(new UpdateGatewayResponseCommand({
      restApiId, responseType: 'DEFAULT_4XX', patchOperations: [{ op: 'replace', value: '418' }],
    })), badRequest(recordedMessage('TestApiGatewayGatewayResponse::test_update_gateway_response', 'update-gateway-no-path')))
    assert.deepEqual(withoutMetadata(await send(new GetGatewayResponseCommand({ restApiId, responseType: 'DEFAULT_4XX' }))), responseBefore)
  })

  it('invalid path parts are refused with AWS\'s texts and create nothing (LS test_apigateway_api > TestApiGatewayApiResource)', async () => {
    const base = await send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'parts' }))
    const proxy = await send(new CreateResourceCommand({ restApiId, parentId: base.id!, pathPart: '{proxy+}' }))
    const before = await resourcePaths()
    const invalid = { name: BadRequestException, status: 400, message: "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end." }
    for (const pathPart of ['', 'a/b', '{open', 'close}', 'sp ace']) {
      await assertRefused(send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart })), invalid)
    }
    // [LS test_apigateway_api > test_create_proxy_resource_validation > create-proxy-dynamic-sibling-resource / create-proxy-*-child-resource]
    const refusal = (key: string) => ({ name: BadRequestException, status: 400, message: RESOURCE_RECORDED[key].message })
    await assertRefused(send(new CreateResourceCommand({ restApiId, parentId: base.id!, pathPart: '{dynamic}' })),
      refusal('create-proxy-dynamic-sibling-resource'))
    await assertRefused(send(new CreateResourceCommand({ restApiId, parentId: proxy.id!, pathPart: 'static' })),
      refusal('create-proxy-static-child-resource'))
    await assertRefused(send(new CreateResourceCommand({ restApiId, parentId: proxy.id!, pathPart: '{dynamic}' })),
      refusal('create-proxy-dynamic-child-resource'))
    await assertRefused(send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'parts' })),
      {
        name: ConflictException, status: 409,
        message: recordedMessage('TestApiGatewayApiResource::test_update_resource_behaviour', 'existing-future-sibling-path').replace(/: pets$/, ': parts'),
      })
    await assertRefused(send(new UpdateResourceCommand({
      restApiId, resourceId: rootId, patchOperations: [{ op: 'replace', path: '/pathPart', value: 'root' }],
    })), { name: BadRequestException, status: 400, message: recordedMessage('TestApiGatewayApiResource::test_update_resource_on_root', 'update-root-path-part') })
    await assertRefused(send(new UpdateResourceCommand({
      restApiId, resourceId: base.id!, patchOperations: [{ op: 'replace', path: '/pathPart', value: 'bad/part' }],
    })), invalid)
    assert.deepEqual(await resourcePaths(), before)
  })

  it('malformed JSON on a PUT or a PATCH stores nothing', async () => {
    const resource = await send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'malformed' }))
    const resourceId = resource.id!
    await send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }))
    const put = await callManagementApi(gw, 'PUT', `/restapis/${restApiId}/resources/${resourceId}/methods/GET/integration`, '{"type": "MOCK",')
    assert.equal(put.status, 400)
    assert.equal(put.errorType, 'SerializationException')
    assert.deepEqual(Object.keys(put.body), ['message'])
    await assertRefused(send(new GetIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET' })),
      { name: NotFoundException, status: 404, message: 'Invalid Integration identifier specified' })

    await send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }))
    await send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK' }))
    await send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', selectionPattern: '' }))
    const before = withoutMetadata(await send(new GetIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' })))
    const patch = await callManagementApi(gw, 'PATCH', `/restapis/${restApiId}/resources/${resourceId}/methods/GET/integration/responses/200`,
      '{"patchOperations": [{"op": "replace", "path": "/selectionPattern", "value": "404"}')
    assert.equal(patch.status, 400)
    assert.equal(patch.errorType, 'SerializationException')
    assert.deepEqual(withoutMetadata(await send(new GetIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }))), before)
  })

  it('an oversized PutIntegration is a 413 whether its size is declared or streamed, and stores nothing', async () => {
    const resource = await send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'oversized' }))
    const resourceId = resource.id!
    await send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'POST', authorizationType: 'NONE' }))
    const path = `/restapis/${restApiId}/resources/${resourceId}/methods/POST/integration`
    const huge = JSON.stringify({ type: 'MOCK', requestTemplates: { 'application/json': 'x'.repeat(7 * 1024 * 1024) } })

    const declared = await callManagementApi(gw, 'PUT', path, huge)
    assert.equal(declared.status, 413)
    assert.equal(declared.errorType, 'PayloadTooLargeException')
    assert.deepEqual(Object.keys(declared.body), ['message'])

    const streamed = await rawRequest({
      port: Number(new URL(gw.adminUrl).port), method: 'PUT', path, headers: { 'Content-Type': 'application/json' }, body: huge, chunked: true,
    })
    assert.equal(streamed.status, 413)
    assert.equal(streamed.headers['x-amzn-errortype'], 'PayloadTooLargeException')

    await assertRefused(send(new GetIntegrationCommand({ restApiId, resourceId, httpMethod: 'POST' })),
      { name: NotFoundException, status: 404, message: 'Invalid Integration identifier specified' })
    // A well-sized one right after is stored.
    await send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'POST', type: 'MOCK' }))
    assert.equal((await send(new GetIntegrationCommand({ restApiId, resourceId, httpMethod: 'POST' }))).type, 'MOCK')
  })
})
