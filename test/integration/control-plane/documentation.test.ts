import assert from 'node:assert/strict'
import {
  type DocumentationPartLocation, CreateDeploymentCommand, CreateDocumentationPartCommand, CreateDocumentationVersionCommand, CreateRestApiCommand,
  DeleteDocumentationPartCommand, DeleteDocumentationVersionCommand, GetDocumentationPartCommand, GetDocumentationPartsCommand,
  GetDocumentationVersionCommand, GetDocumentationVersionsCommand, GetStageCommand, PutIntegrationCommand, PutMethodCommand,
  UpdateDocumentationPartCommand, UpdateDocumentationVersionCommand,
} from '@aws-sdk/client-api-gateway'
import { describe, it } from 'node:test'
import { gatewayForSuite } from '../../helpers/gateway.ts'
import { RecordingMatcher } from '../../helpers/openapi-recording.ts'
import { recording } from '../../helpers/recordings.ts'
import { assertRecordedError, assertRecordedOutput } from '../../helpers/sdk-recording.ts'

/**
 * DocumentationParts and DocumentationVersions through the real SDK. The part answers and texts are
 * `[LS test_apigateway_api > TestApiGatewayApiDocumentationPart::* > key]`, the version answers
 * `[LS test_apigateway_common > TestDocumentations::test_documentation_parts_and_versions > key]`;
 * the location rules are the API reference's (DocumentationPartLocation), their texts the
 * catalogue's own (messages/documentation-messages.ts).
 */
const parts = (test: string) => recording('test_apigateway_api', `TestApiGatewayApiDocumentationPart::${test}`)

async function rejected(call: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await call
  } catch (error) {
    return error as Error
  }
  assert.fail('the call should fail')
}

describe('DocumentationParts and DocumentationVersions: management API', () => {
  const { send } = gatewayForSuite()
  const newApi = async (name = 'docs') => (await send(new CreateRestApiCommand({ name }))).id!

  it('part lifecycle: create 201, get, list, update /properties, delete 202 [LS test_apigateway_api > test_documentation_part_lifecycle]', async () => {
    const rec = parts('test_documentation_part_lifecycle')
    const m = new RecordingMatcher()
    const restApiId = await newApi()
    const created = await send(new CreateDocumentationPartCommand({
      restApiId, location: { type: 'API' }, properties: JSON.stringify({ description: 'Sample API description' }),
    }))
    assertRecordedOutput(m, created, rec['create-documentation-part'], 'create-documentation-part')
    const documentationPartId = created.id!
    assertRecordedOutput(m, await send(new GetDocumentationPartCommand({ restApiId, documentationPartId })), rec['get-documentation-part'], 'get-documentation-part')
    assertRecordedOutput(m, await send(new GetDocumentationPartsCommand({ restApiId })), rec['get-documentation-parts'], 'get-documentation-parts')
    assertRecordedOutput(m, await send(new UpdateDocumentationPartCommand({
      restApiId, documentationPartId,
      patchOperations: [{ op: 'replace', path: '/properties', value: JSON.stringify({ description: 'Updated Sample API description' }) }],
    })), rec['update-documentation-part'], 'update-documentation-part')
    assertRecordedOutput(m, await send(new GetDocumentationPartCommand({ restApiId, documentationPartId })), rec['get-documentation-part-after-update'], 'get-documentation-part-after-update')
    assertRecordedOutput(m, await send(new DeleteDocumentationPartCommand({ restApiId, documentationPartId })), rec['delete_documentation_part'], 'delete_documentation_part')
    assert.deepEqual((await send(new GetDocumentationPartsCommand({ restApiId }))).items, [])
  })

  it('unknown API or part on every call, with the recorded texts [LS test_apigateway_api > test_doc_parts_crud_no_api, test_invalid_*_documentation_part(s)]', async () => {
    const restApiId = await newApi()
    const documentationPartId = (await send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'API' }, properties: '{"a":1}' }))).id!
    const noApi = parts('test_doc_parts_crud_no_api')
    await assertRecordedError(send(new CreateDocumentationPartCommand({ restApiId: 'test-fake-rest-id', location: { type: 'API' }, properties: '{}' })),
      noApi['wrong-rest-api-id-create-doc-part'], 'wrong-rest-api-id-create-doc-part')
    await assertRecordedError(send(new GetDocumentationPartsCommand({ restApiId: 'test-fake-rest-id' })), noApi['wrong-rest-api-id-get-doc-parts'], 'wrong-rest-api-id-get-doc-parts')
    await assertRecordedError(send(new GetDocumentationPartsCommand({ restApiId: 'api_id' })),
      parts('test_invalid_get_documentation_parts')['get-inavlid-documentation-parts'], 'get-inavlid-documentation-parts')

    const get = parts('test_invalid_get_documentation_part')
    await assertRecordedError(send(new GetDocumentationPartCommand({ restApiId: 'api_id', documentationPartId })), get['get-documentation-part-invalid-api-id'], 'get-invalid-api-id')
    await assertRecordedError(send(new GetDocumentationPartCommand({ restApiId, documentationPartId: 'doc_id' })), get['get-documentation-part-invalid-doc-id'], 'get-invalid-doc-id')

    const update = parts('test_invalid_update_documentation_part')
    await assertRecordedError(send(new UpdateDocumentationPartCommand({
      restApiId: 'api_id', documentationPartId, patchOperations: [{ op: 'replace', path: '/properties', value: '{}' }],
    })), update['update-documentation-part-invalid-api-id'], 'update-invalid-api-id')
    await assertRecordedError(send(new UpdateDocumentationPartCommand({
      restApiId, documentationPartId, patchOperations: [{ op: 'add', path: '/properties', value: '{}' }],
    })), update['update-documentation-part-invalid-add-operation'], 'update-invalid-add-operation')
    await assertRecordedError(send(new UpdateDocumentationPartCommand({
      restApiId, documentationPartId, patchOperations: [{ op: 'replace', path: '/invalidPath', value: '{}' }],
    })), update['update-documentation-part-invalid-path'], 'update-invalid-path')

    const create = parts('test_invalid_create_documentation_part_operations')
    await assertRecordedError(send(new CreateDocumentationPartCommand({ restApiId: 'api_id', location: { type: 'API' }, properties: '{}' })),
      create['create_documentation_part_invalid_api_id'], 'create-invalid-api-id')
    await assertRecordedError(send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'INVALID' as 'API' }, properties: '{}' })),
      create['create_documentation_part_invalid_location_type'], 'create-invalid-location-type')

    const del = parts('test_invalid_delete_documentation_part')
    await assertRecordedError(send(new DeleteDocumentationPartCommand({ restApiId: 'api_id', documentationPartId })), del['delete_documentation_part_wrong_api_id'], 'delete-wrong-api-id')
    assert.equal((await send(new DeleteDocumentationPartCommand({ restApiId, documentationPartId }))).$metadata.httpStatusCode, 202)
    await assertRecordedError(send(new DeleteDocumentationPartCommand({ restApiId, documentationPartId })), del['delete_already_deleted_documentation_part'], 'delete-already-deleted')
  })

  it('validates the location per type, fills the API reference defaults, and refuses a location documented twice (ConflictException)', async () => {
    const restApiId = await newApi()
    const method = await send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'METHOD', path: '/pets' }, properties: '{"summary":"list"}' }))
    assert.deepEqual(method.location, { type: 'METHOD', path: '/pets', method: '*' })
    const response = await send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'RESPONSE' }, properties: '{}' }))
    assert.deepEqual(response.location, { type: 'RESPONSE', path: '/', method: '*', statusCode: '*' })

    // path does not apply to API; statusCode only to the response types; name is required for MODEL.
    for (const location of [{ type: 'API' as const, path: '/pets' }, { type: 'METHOD' as const, statusCode: '200' }, { type: 'MODEL' as const }]) {
      const error = await rejected(send(new CreateDocumentationPartCommand({ restApiId, location, properties: '{}' })))
      assert.equal(error.name, 'BadRequestException', JSON.stringify(location))
      assert.match(error.message, /^Invalid location: /)
    }
    // The statusCode pattern of DocumentationPartLocation is Coral's (a ValidationException).
    const badStatus = await rejected(send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'RESPONSE', statusCode: '600' }, properties: '{}' })))
    assert.equal(badStatus.name, 'ValidationException')
    assert.match(badStatus.message, /createDocumentationPartInput\.location\.statusCode/)
    // properties must be JSON.
    assert.equal((await rejected(send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'API' }, properties: 'not json' })))).name, 'BadRequestException')

    const duplicate = await rejected(send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'METHOD', path: '/pets', method: '*' }, properties: '{}' })))
    assert.equal(duplicate.name, 'ConflictException')
    assert.equal(duplicate.$metadata?.httpStatusCode, 409)
  })

  it('lists parts by type, nameQuery, path and locationStatus, with paging', async () => {
    const restApiId = await newApi()
    const create = (location: DocumentationPartLocation, properties = '{"d":1}') =>
      send(new CreateDocumentationPartCommand({ restApiId, location, properties }))
    await create({ type: 'API' })
    await create({ type: 'MODEL', name: 'PetModel' })
    await create({ type: 'MODEL', name: 'Error' }, '{}')
    await create({ type: 'QUERY_PARAMETER', path: '/pets', method: 'GET', name: 'petLimit' })
    await create({ type: 'RESOURCE', path: '/pets' })
    const list = async (input: Omit<ConstructorParameters<typeof GetDocumentationPartsCommand>[0], 'restApiId'>) =>
      (await send(new GetDocumentationPartsCommand({ restApiId, ...input })))

    assert.deepEqual((await list({ type: 'MODEL' })).items!.map((part) => part.location!.name), ['PetModel', 'Error'])
    assert.deepEqual((await list({ nameQuery: 'Pet' })).items!.map((part) => part.location!.name), ['PetModel'])
    assert.deepEqual((await list({ path: '/pets' })).items!.map((part) => part.location!.type), ['QUERY_PARAMETER', 'RESOURCE'])
    assert.deepEqual((await list({ locationStatus: 'UNDOCUMENTED' })).items!.map((part) => part.location!.name), ['Error'])
    assert.equal((await list({ locationStatus: 'DOCUMENTED' })).items!.length, 4)

    const first = await list({ limit: 2 })
    assert.equal(first.items!.length, 2)
    assert.ok(first.position)
    const rest = await list({ limit: 10, position: first.position })
    assert.equal(rest.items!.length, 3)
    assert.equal(rest.position, undefined)
  })

  it('version lifecycle: create 201, get, update /description, list, delete 202 [LS test_apigateway_common > test_documentation_parts_and_versions]', async () => {
    const rec = recording('test_apigateway_common', 'TestDocumentations::test_documentation_parts_and_versions')
    const m = new RecordingMatcher()
    const restApiId = await newApi()
    assertRecordedOutput(m, await send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'API' }, properties: '{"foo": "bar"}' })),
      rec['create-part-response'], 'create-part-response')
    assertRecordedOutput(m, await send(new GetDocumentationPartsCommand({ restApiId })), rec['get-parts-response'], 'get-parts-response')
    const created = await send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: 'v123' }))
    assertRecordedOutput(m, created, rec['create-version-response'], 'create-version-response')
    assert.ok(created.createdDate instanceof Date)
    assertRecordedOutput(m, await send(new UpdateDocumentationVersionCommand({
      restApiId, documentationVersion: 'v123', patchOperations: [{ op: 'replace', path: '/description', value: 'doc version new' }],
    })), rec['update-version-response'], 'update-version-response')
    assertRecordedOutput(m, await send(new GetDocumentationVersionCommand({ restApiId, documentationVersion: 'v123' })), rec['get-version-response'], 'get-version-response')

    assert.deepEqual((await send(new GetDocumentationVersionsCommand({ restApiId }))).items!.map((version) => version.version), ['v123'])
    const again = await rejected(send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: 'v123' })))
    assert.equal(again.name, 'ConflictException')
    const badPath = await rejected(send(new UpdateDocumentationVersionCommand({
      restApiId, documentationVersion: 'v123', patchOperations: [{ op: 'replace', path: '/version', value: 'v2' }],
    })))
    assert.equal(badPath.message, "Invalid patch path  '/version' specified for op 'replace'. Must be one of: [/description]")

    assert.equal((await send(new DeleteDocumentationVersionCommand({ restApiId, documentationVersion: 'v123' }))).$metadata.httpStatusCode, 202)
    const gone = await rejected(send(new GetDocumentationVersionCommand({ restApiId, documentationVersion: 'v123' })))
    assert.equal(gone.name, 'NotFoundException')
    assert.deepEqual((await send(new GetDocumentationVersionsCommand({ restApiId }))).items, [])
  })

  it("CreateDocumentationVersion with a stageName sets the stage's documentationVersion; an unknown stage is a 404", async () => {
    const restApiId = await newApi()
    const api = await send(new CreateRestApiCommand({ name: 'staged' }))
    await send(new PutMethodCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET', authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({ restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET', type: 'MOCK' }))
    await send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }))
    await send(new CreateDocumentationPartCommand({ restApiId: api.id!, location: { type: 'API' }, properties: '{"info":"x"}' }))
    await send(new CreateDocumentationVersionCommand({ restApiId: api.id!, documentationVersion: '1.0', stageName: 'prod', description: 'first' }))
    assert.equal((await send(new GetStageCommand({ restApiId: api.id!, stageName: 'prod' }))).documentationVersion, '1.0')

    const noStage = await rejected(send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: '1.0', stageName: 'nope' })))
    assert.equal(noStage.name, 'NotFoundException')
    // Nothing was created by the refused call.
    assert.deepEqual((await send(new GetDocumentationVersionsCommand({ restApiId }))).items, [])
  })
})
