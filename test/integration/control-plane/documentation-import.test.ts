import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand, CreateDocumentationPartCommand, CreateDocumentationVersionCommand, CreateRestApiCommand, DeleteDocumentationPartCommand,
  GetDocumentationPartsCommand, GetExportCommand, ImportDocumentationPartsCommand, ImportRestApiCommand, PutRestApiCommand,
} from '@aws-sdk/client-api-gateway'
import { describe, it } from 'node:test'
import { gatewayForSuite } from '../../helpers/gateway.ts'
import { RecordingMatcher } from '../../helpers/openapi-recording.ts'
import { inputDocument, recording } from '../../helpers/recordings.ts'
import { assertRecordedError, assertRecordedOutput } from '../../helpers/sdk-recording.ts'

/**
 * Documentation parts from OpenAPI: ImportDocumentationParts, ImportRestApi/PutRestApi reading
 * `x-amazon-apigateway-documentation`, and GetExport writing it back. Recorded answers:
 * `[LS test_apigateway_api > TestApiGatewayApiDocumentationPart::test_import_documentation_parts(_bad_file)]`;
 * merge, `ignore=documentation` and the export follow the developer guide ("Import API
 * documentation", "Publish API documentation using the API Gateway REST API"), as no recording has them.
 */
const recorded = (test: string) => recording('test_apigateway_api', `TestApiGatewayApiDocumentationPart::${test}`)
const DOCUMENT = inputDocument('oas30_documentation_parts.json')

/** A Swagger document with a MOCK method to deploy, documented by the parts given. */
function mockApi(parts: unknown[]): string {
  return JSON.stringify({
    swagger: '2.0',
    info: { title: 'documented', version: '1' },
    paths: {
      '/pets/{petId}': {
        get: {
          parameters: [{ name: 'petId', in: 'path', required: true, type: 'string' }],
          responses: { 200: { description: '200 response' } },
          'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200' } } },
        },
      },
    },
    'x-amazon-apigateway-documentation': { version: '1', documentationParts: parts },
  })
}

describe('documentation parts from and to OpenAPI', () => {
  const { send } = gatewayForSuite()
  const items = async (restApiId: string) => (await send(new GetDocumentationPartsCommand({ restApiId }))).items ?? []

  it('ImportRestApi creates the parts, ImportDocumentationParts overwrite brings them back with new ids [LS test_import_documentation_parts]', async () => {
    const rec = recorded('test_import_documentation_parts')
    const m = new RecordingMatcher()
    const restApiId = (await send(new ImportRestApiCommand({ body: Buffer.from(DOCUMENT), failOnWarnings: true }))).id!
    const afterApiImport = await send(new GetDocumentationPartsCommand({ restApiId }))
    assertRecordedOutput(m, afterApiImport, rec['get-documentations-parts-after-api-imports'], 'get-documentations-parts-after-api-imports')
    for (const part of afterApiImport.items!) await send(new DeleteDocumentationPartCommand({ restApiId, documentationPartId: part.id! }))
    assert.deepEqual(await items(restApiId), [])

    const imported = await send(new ImportDocumentationPartsCommand({ restApiId, mode: 'overwrite', body: Buffer.from(DOCUMENT) }))
    assertRecordedOutput(m, imported, rec['import-documentation-parts'], 'import-documentation-parts')
    assert.equal(imported.warnings, undefined)
    assertRecordedOutput(m, await send(new GetDocumentationPartsCommand({ restApiId })), rec['get-documentations-parts-after-import'], 'get-documentations-parts-after-import')
    const ids = new Set([...afterApiImport.items!.map((part) => part.id), ...imported.ids!])
    assert.equal(ids.size, 8, 'overwrite gives every part a new id')
  })

  it('a body that is no OpenAPI document: Unable to build importer [LS test_import_documentation_parts_bad_file]', async () => {
    const rec = recorded('test_import_documentation_parts_bad_file')
    const restApiId = (await send(new CreateRestApiCommand({ name: 'bad-file' }))).id!
    await assertRecordedError(send(new ImportDocumentationPartsCommand({ restApiId, body: Buffer.from('foo: [bar\n  - baz: {') })),
      rec['import-documentation-parts-bad-yaml-file'], 'bad-yaml-file')
    await assertRecordedError(send(new ImportDocumentationPartsCommand({ restApiId, body: Buffer.from('{"swagger": "2.0",') })),
      rec['import-documentation-parts-bad-json-file'], 'bad-json-file')
    assert.deepEqual(await items(restApiId), [])
  })

  it('merge keeps a documented location\'s id and its other attributes, and adds the new parts (developer guide, "Import API documentation")', async () => {
    const restApiId = (await send(new CreateRestApiCommand({ name: 'merge' }))).id!
    const existing = await send(new CreateDocumentationPartCommand({
      restApiId, location: { type: 'API' }, properties: JSON.stringify({ description: 'old', foo: 'kept' }),
    }))
    const answer = await send(new ImportDocumentationPartsCommand({ restApiId, body: Buffer.from(DOCUMENT) }))
    assert.equal(answer.ids!.length, 4)
    assert.equal(answer.ids![0], existing.id, 'the API part is the one that was there')
    const api = (await items(restApiId)).find((part) => part.location!.type === 'API')!
    assert.deepEqual(JSON.parse(api.properties!), {
      description: 'API description', foo: 'kept', info: { description: 'API info description 4', version: 'API info version 3' },
    })
    assert.equal((await items(restApiId)).length, 4)
  })

  it('ignore=documentation leaves the parts out; a Put in overwrite mode replaces them', async () => {
    const restApiId = (await send(new ImportRestApiCommand({ body: Buffer.from(DOCUMENT), parameters: { ignore: 'documentation' } }))).id!
    assert.deepEqual(await items(restApiId), [])
    await send(new CreateDocumentationPartCommand({ restApiId, location: { type: 'RESOURCE', path: '/' }, properties: '{"description":"gone"}' }))
    await send(new PutRestApiCommand({ restApiId, mode: 'overwrite', body: Buffer.from(DOCUMENT) }))
    assert.deepEqual((await items(restApiId)).map((part) => part.location!.type), ['API', 'METHOD', 'MODEL', 'RESPONSE'])
  })

  it('hostile parts: a bad location is a warning that skips only that part; failonwarnings refuses and writes nothing', async () => {
    const restApiId = (await send(new CreateRestApiCommand({ name: 'hostile' }))).id!
    const body = Buffer.from(mockApi([
      { location: { type: 'NOT_A_TYPE' }, properties: {} },
      { location: { type: 'MODEL' }, properties: { description: 'no name' } },
      { location: { type: 'API', statusCode: '200' }, properties: {} },
      { location: { type: '__proto__' }, properties: { constructor: 1 } },
      { location: { type: 'API' }, properties: { description: 'fine' } },
    ]))
    await assert.rejects(send(new ImportDocumentationPartsCommand({ restApiId, body, failOnWarnings: true })), (error: Error) => {
      assert.equal(error.name, 'BadRequestException')
      assert.match(error.message, /^Warnings found during import:\n\tDocumentation part 1 was ignored/)
      return true
    })
    assert.deepEqual(await items(restApiId), [])
    const answer = await send(new ImportDocumentationPartsCommand({ restApiId, body }))
    assert.equal(answer.ids!.length, 1)
    assert.equal(answer.warnings!.length, 4)
    assert.deepEqual((await items(restApiId)).map((part) => JSON.parse(part.properties!)), [{ description: 'fine' }])
  })

  it('GetExport writes the stage\'s documentation version and puts OpenAPI attributes into the entities (developer guide, "Download a documentation snapshot associated with a stage")', async () => {
    const restApiId = (await send(new ImportRestApiCommand({
      body: Buffer.from(mockApi([
        { location: { type: 'API' }, properties: { description: 'API description', 'x-bar': 'API x-bar', info: { description: 'API info description', version: 'not taken' } } },
        { location: { type: 'METHOD', path: '/pets/{petId}', method: 'GET' }, properties: { description: 'Method description.', foo: 'not OpenAPI', 'x-example': 'x- Method example' } },
        { location: { type: 'PATH_PARAMETER', path: '/pets/{petId}', method: 'GET', name: 'petId' }, properties: { description: 'The pet' } },
        { location: { type: 'RESPONSE', path: '/pets/{petId}', method: '*', statusCode: '200' }, properties: { description: 'A pet' } },
      ])),
      failOnWarnings: true,
    }))).id!
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
    const exported = async (parameters?: Record<string, string>, exportType = 'swagger') =>
      JSON.parse(Buffer.from((await send(new GetExportCommand({ restApiId, stageName: 'prod', exportType, parameters }))).body!).toString('utf8'))
    assert.equal((await exported())['x-amazon-apigateway-documentation'], undefined, 'no version is published on the stage yet')

    await send(new CreateDocumentationVersionCommand({ restApiId, documentationVersion: '1.0.0', stageName: 'prod' }))
    const document = await exported()
    const documentation = document['x-amazon-apigateway-documentation']
    assert.equal(documentation.version, '1.0.0')
    assert.match(documentation.createdDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    assert.deepEqual(documentation.documentationParts[0], {
      location: { type: 'API' },
      properties: { description: 'API description', 'x-bar': 'API x-bar', info: { description: 'API info description', version: 'not taken' } },
    })
    assert.deepEqual(documentation.documentationParts[3].location, { type: 'RESPONSE', path: '/pets/{petId}', statusCode: '200' })
    assert.equal(document['x-bar'], 'API x-bar')
    assert.equal(document.description, undefined, 'a Swagger document has no top-level description')
    assert.deepEqual(document.info, { description: 'API info description', version: '1', title: 'documented' })
    const operation = document.paths['/pets/{petId}'].get
    assert.equal(operation.description, 'Method description.')
    assert.equal(operation['x-example'], 'x- Method example')
    assert.equal(operation.foo, undefined)
    assert.equal(operation.parameters[0].description, 'The pet')
    assert.equal(operation.responses['200'].description, 'A pet')

    const oas30 = await exported(undefined, 'oas30')
    assert.equal(oas30['x-amazon-apigateway-documentation'].version, '1.0.0')
    assert.equal(oas30.info.description, 'API info description')
    const oasOperation = oas30.paths['/pets/{petId}'].get
    assert.equal(oasOperation.description, 'Method description.')
    assert.equal(oasOperation.parameters[0].description, 'The pet')
    assert.equal(oasOperation.responses['200'].description, 'A pet')

    const withoutDocumentation = await exported({ extensions: 'integrations' })
    assert.equal(withoutDocumentation['x-amazon-apigateway-documentation'], undefined)
    assert.equal(withoutDocumentation.paths['/pets/{petId}'].get.description, undefined)
    assert.ok((await exported({ extensions: 'integrations,documentation' }))['x-amazon-apigateway-documentation'])
  })
})
