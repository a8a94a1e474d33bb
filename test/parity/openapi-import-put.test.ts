import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  CreateDeploymentCommand, CreateRestApiCommand, GetIntegrationCommand, GetRestApiCommand, ImportRestApiCommand, PutRestApiCommand,
  UpdateIntegrationCommand,
} from '@aws-sdk/client-api-gateway'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { LAMBDA_INVOCATION_ARN, matchImportedMethods, sortedResources } from '../helpers/openapi-import.ts'
import { RecordingMatcher } from '../helpers/openapi-recording.ts'
import { inputDocument, recording } from '../helpers/recordings.ts'

/**
 * PutRestApi (`overwrite`, `merge`) and the `basepath` parameter, against
 * `[LS test_apigateway_import > <test> > <key>]`; the OpenAPI 3 base-path tests also deploy and
 * call the imported MOCK methods over HTTP, as the recorded test does.
 */

const FILE = 'test_apigateway_import'
let gw: TestGateway

before(async () => {
  gw = await startTestGateway()
})
after(async () => {
  await gw.close()
})

const createApi = (binaryMediaTypes?: string[]) =>
  gw.apigateway.send(new CreateRestApiCommand({ name: `restapi-${Math.random().toString(36).slice(2, 8)}`, binaryMediaTypes }))

const put = (restApiId: string, body: string, mode: 'merge' | 'overwrite', parameters?: Record<string, string>) =>
  gw.apigateway.send(new PutRestApiCommand({ restApiId, body: Buffer.from(body), mode, parameters }))

describe('PutRestApi and basepath, recorded against AWS', () => {
  for (const mode of ['ignore', 'prepend', 'split'] as const) {
    test(`Swagger 2 basePath, basepath=${mode} [LS test_apigateway_import > test_import_rest_apis_with_base_path_swagger[${mode}]]`, async () => {
      const recorded = recording(FILE, `test_import_rest_apis_with_base_path_swagger[${mode}]`)
      const matcher = new RecordingMatcher()
      const created = await createApi()
      const body = inputDocument('swagger.json')
        .replaceAll('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:myapi-authorizer-0-22ad13b/invocations', LAMBDA_INVOCATION_ARN)
      matcher.match(await put(created.id!, body, 'overwrite', { basepath: mode }), recorded['put-rest-api-swagger-json'], 'put-rest-api-swagger-json')
      const first = await sortedResources(gw, created.id!)
      matcher.match(first, recorded['get-resources-swagger-json'], 'get-resources-swagger-json')
      const imported = await gw.apigateway.send(new ImportRestApiCommand({ body: Buffer.from(inputDocument('pets.json')), parameters: { basepath: mode } }))
      const second = await sortedResources(gw, imported.id!)
      matcher.match(second, recorded['get-resources-no-base-path-swagger'], 'get-resources-no-base-path-swagger')
      const apis = [{ restApiId: created.id!, resources: first.items }, { restApiId: imported.id!, resources: second.items }]
      assert.equal(await matchImportedMethods(gw, apis, recorded, matcher), 16)
    })

    test(`OpenAPI 3 server base path, basepath=${mode}, then deployed and called [LS test_apigateway_import > test_import_rest_api_with_base_path_oas30[${mode}]]`, async () => {
      const recorded = recording(FILE, `test_import_rest_api_with_base_path_oas30[${mode}]`)
      const matcher = new RecordingMatcher()
      const { id } = await createApi()
      matcher.match(await put(id!, inputDocument('openapi-basepath-server-variable.yaml'), 'overwrite', { basepath: mode }), recorded['put-rest-api-oas30-srv-var'], 'put-rest-api-oas30-srv-var')
      const first = await sortedResources(gw, id!)
      matcher.match(first, recorded['get-resources-oas30-srv-var'], 'get-resources-oas30-srv-var')
      assert.equal(await matchImportedMethods(gw, [{ restApiId: id!, resources: first.items }], recorded, matcher, 'srv-var-'), 8)
      await gw.apigateway.send(new CreateDeploymentCommand({ restApiId: id, stageName: 'dev' }))
      const varPath = mode === 'prepend' ? '/base-var/test' : '/test'
      assert.equal((await fetch(`${gw.stageUrl(id!, 'dev')}${varPath}`)).status, 200, varPath)

      matcher.match(await put(id!, inputDocument('openapi-basepath-url.yaml'), 'overwrite', { basepath: mode }), recorded['put-rest-api-oas30-srv-url'], 'put-rest-api-oas30-srv-url')
      const second = await sortedResources(gw, id!)
      matcher.match(second, recorded['get-resources-oas30-srv-url'], 'get-resources-oas30-srv-url')
      assert.equal(await matchImportedMethods(gw, [{ restApiId: id!, resources: second.items }], recorded, matcher, 'srv-url-'), 8)
      await gw.apigateway.send(new CreateDeploymentCommand({ restApiId: id, stageName: 'dev' }))
      const urlPath = { ignore: '/test', prepend: '/base-url/part/test', split: '/part/test' }[mode]
      assert.equal((await fetch(`${gw.stageUrl(id!, 'dev')}${urlPath}`)).status, 200, urlPath)
    })
  }

  for (const mode of ['merge', 'overwrite'] as const) {
    test(`binary media types, mode=${mode} [LS test_apigateway_import > test_put_rest_api_mode_binary_media_types[${mode}]]`, async () => {
      const recorded = recording(FILE, `test_put_rest_api_mode_binary_media_types[${mode}]`)
      const matcher = new RecordingMatcher()
      const created = await createApi(['image/heif'])
      matcher.match(created, recorded['create-rest-api'], 'create-rest-api')
      matcher.match(await gw.apigateway.send(new GetRestApiCommand({ restApiId: created.id })), recorded['get-rest-api'], 'get-rest-api')
      matcher.match(await put(created.id!, inputDocument('pets.json'), mode), recorded['put-api'], 'put-api')
    })
  }

  test('a bad document changes nothing [LS test_apigateway_import > test_import_api_bad_file > put-rest-api-bad-*-file]', async () => {
    const recorded = recording(FILE, 'test_import_api_bad_file')
    const { id } = await createApi()
    await put(id!, inputDocument('pets.json'), 'overwrite')
    const before = await sortedResources(gw, id!)
    for (const [key, body] of [['put-rest-api-bad-yaml-file', 'swagger: "2.0"\n  info: ['], ['put-rest-api-bad-json-file', '{"swagger": "2.0",']] as const) {
      await assert.rejects(put(id!, body, 'overwrite'), (error: Error) => {
        assert.equal(error.name, recorded[key].Error.Code)
        assert.equal(error.message, recorded[key].Error.Message)
        return true
      })
    }
    assert.deepEqual(await sortedResources(gw, id!), before)
  })

  test('the body is read before the id: a bad document on an unknown API is 400 Invalid OpenAPI input., a good one 404 [LS test_apigateway_import > test_import_api_bad_file > put-rest-api-bad-json-file]', async () => {
    const recorded = recording(FILE, 'test_import_api_bad_file')['put-rest-api-bad-json-file']
    await assert.rejects(put('nosuchapi1', '{"swagger": "2.0",', 'overwrite'), (error: Error) => {
      assert.deepEqual([error.name, error.message], [recorded.Error.Code, recorded.Error.Message])
      return true
    })
    await assert.rejects(put('nosuchapi1', inputDocument('pets.json'), 'overwrite'), (error: Error) => error.name === 'NotFoundException')
  })

  test('failonwarnings=true turns the warnings into an error and rolls the whole Put back', async () => {
    const { id } = await createApi()
    await put(id!, inputDocument('pets.json'), 'overwrite')
    const before = await sortedResources(gw, id!)
    await assert.rejects(
      gw.apigateway.send(new PutRestApiCommand({ restApiId: id, body: Buffer.from(inputDocument('openapi-basepath-url.yaml')), mode: 'overwrite', failOnWarnings: true })),
      (error: Error) => {
        assert.equal(error.name, 'BadRequestException')
        assert.match(error.message, /^Warnings found during import:\n\tInvalid format for 'requestParameters'/)
        return true
      },
    )
    assert.deepEqual(await sortedResources(gw, id!), before)
  })

  test('an overwrite keeps a surviving resource\'s id and the cacheNamespace its methods had (API Reference, Integration.cacheNamespace; resource ids kept as recorded in test_import_rest_api_with_base_path_oas30[ignore])', async () => {
    const { id } = await createApi()
    await put(id!, inputDocument('pets.json'), 'overwrite')
    const resources = (await sortedResources(gw, id!)).items as { id: string; path: string; resourceMethods?: Record<string, unknown> }[]
    const pets = resources.find((resource) => resource.path === '/pets' && resource.resourceMethods?.GET !== undefined)!
    await gw.apigateway.send(new UpdateIntegrationCommand({
      restApiId: id, resourceId: pets.id, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/cacheNamespace', value: 'shared-pets' }],
    }))
    await put(id!, inputDocument('pets.json'), 'overwrite')
    const after = (await sortedResources(gw, id!)).items as { id: string; path: string }[]
    assert.equal(after.find((resource) => resource.path === '/pets')!.id, pets.id)
    const integration = await gw.apigateway.send(new GetIntegrationCommand({ restApiId: id, resourceId: pets.id, httpMethod: 'GET' }))
    assert.equal(integration.cacheNamespace, 'shared-pets')
    // Another surviving resource keeps its own id as its namespace.
    const other = after.find((resource) => resource.path !== '/pets' && resource.path !== '/')!
    const otherIntegration = await gw.apigateway.send(new GetIntegrationCommand({ restApiId: id, resourceId: other.id, httpMethod: 'GET' })).catch(() => undefined)
    if (otherIntegration !== undefined) assert.equal(otherIntegration.cacheNamespace, other.id)
  })
})
