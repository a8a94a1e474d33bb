import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  CreateDeploymentCommand, GetAuthorizersCommand, GetExportCommand, GetGatewayResponsesCommand, GetModelsCommand,
  GetRequestValidatorsCommand, GetResourcesCommand, GetRestApiCommand, ImportRestApiCommand,
} from '@aws-sdk/client-api-gateway'
import { parse as parseYaml } from 'yaml'
import { REPO_ROOT } from '../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { RecordingMatcher } from '../helpers/openapi-recording.ts'
import { inputDocument, recording } from '../helpers/recordings.ts'

/**
 * GetExport against `[LS test_apigateway_extended > test_export_*]`, and the round trip the issue
 * asks for: import → deploy → export → import gives the same API, in both dialects and in YAML.
 */

let gw: TestGateway

before(async () => {
  gw = await startTestGateway()
})
after(async () => {
  await gw.close()
})

const INPUTS = {
  TEST_IMPORT_PETSTORE_SWAGGER: () => inputDocument('petstore-swagger.json').replaceAll('${uri}', 'http://petstore.execute-api.us-east-1.amazonaws.com/petstore/pets'),
  TEST_IMPORT_PETS: () => inputDocument('pets.json'),
}

async function importAndDeploy(body: string | Uint8Array, stageName = 'local'): Promise<string> {
  const api = await gw.apigateway.send(new ImportRestApiCommand({ body: typeof body === 'string' ? Buffer.from(body) : body, failOnWarnings: true }))
  await gw.apigateway.send(new CreateDeploymentCommand({ restApiId: api.id, stageName }))
  return api.id!
}

describe('GetExport, recorded against AWS', () => {
  for (const [testName, exportType] of [['test_export_swagger_openapi', 'swagger'], ['test_export_oas30_openapi', 'oas30']] as const) {
    for (const [input, read] of Object.entries(INPUTS)) {
      test(`${exportType} of ${input}, with and without extensions [LS test_apigateway_extended > ${testName}[${input}]]`, async () => {
        const recorded = recording('test_apigateway_extended', `${testName}[${input}]`)
        const matcher = new RecordingMatcher()
        const restApiId = await importAndDeploy(read())
        matcher.match(await gw.apigateway.send(new GetRestApiCommand({ restApiId })), { ...recorded['import-api'], tags: {} }, 'import-api')
        for (const [key, parameters] of [['get-export', undefined], ['get-export-with-extensions', { extensions: 'apigateway' }]] as const) {
          const answer = await gw.apigateway.send(new GetExportCommand({ restApiId, stageName: 'local', exportType, parameters }))
          const body = JSON.parse(Buffer.from(answer.body!).toString('utf8'))
          const expected = recorded[key]
          // `date` stands for the deployment date when the API has no version of its own.
          const version = expected.body.info.version === 'date' ? body.info.version : expected.body.info.version
          if (expected.body.info.version === 'date') assert.match(version, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
          matcher.match(body, { ...expected.body, info: { ...expected.body.info, version } }, `${key}.body`)
          assert.equal(answer.contentDisposition, expected.contentDisposition.replace('_date.', `_${version}.`), `${key}.contentDisposition`)
          assert.equal(answer.contentType, expected.contentType, `${key}.contentType`)
        }
      })
    }
  }

  test('Accept: application/yaml answers YAML', async () => {
    const restApiId = await importAndDeploy(INPUTS.TEST_IMPORT_PETS())
    const answer = await gw.apigateway.send(new GetExportCommand({ restApiId, stageName: 'local', exportType: 'oas30', accepts: 'application/yaml' }))
    assert.equal(answer.contentType, 'application/octet-stream')
    assert.equal(answer.contentDisposition, 'attachment; filename="oas30_1.0.0.yaml"')
    assert.equal(parseYaml(Buffer.from(answer.body!).toString('utf8')).info.title, 'Simple PetStore (Swagger)')
  })

  test('an unknown stage is a 404', async () => {
    const restApiId = await importAndDeploy(INPUTS.TEST_IMPORT_PETS())
    await assert.rejects(gw.apigateway.send(new GetExportCommand({ restApiId, stageName: 'nope', exportType: 'oas30' })), { name: 'NotFoundException' })
  })
})

/** Everything an API is, with the ids that differ between two imports replaced by names. */
async function describeApi(restApiId: string): Promise<unknown> {
  const api = await gw.apigateway.send(new GetRestApiCommand({ restApiId }))
  const { items: authorizers = [] } = await gw.apigateway.send(new GetAuthorizersCommand({ restApiId }))
  const { items: validators = [] } = await gw.apigateway.send(new GetRequestValidatorsCommand({ restApiId }))
  const { items: models = [] } = await gw.apigateway.send(new GetModelsCommand({ restApiId }))
  const { items: resources = [] } = await gw.apigateway.send(new GetResourcesCommand({ restApiId, embed: ['methods'], limit: 500 }))
  const { items: responses = [] } = await gw.apigateway.send(new GetGatewayResponsesCommand({ restApiId, limit: 500 }))
  const authorizerName = new Map(authorizers.map((a) => [a.id, a.name]))
  const validatorName = new Map(validators.map((v) => [v.id, v.name]))
  const byPath = Object.fromEntries(resources.map((resource) => [resource.path, Object.fromEntries(
    Object.entries(resource.resourceMethods ?? {}).map(([verb, method]) => {
      const { authorizerId, requestValidatorId, methodIntegration, ...rest } = method as Record<string, any>
      const integration = methodIntegration === undefined ? undefined : { ...methodIntegration }
      if (integration?.cacheNamespace === resource.id) delete integration.cacheNamespace
      return [verb, { ...rest, authorizer: authorizerName.get(authorizerId), validator: validatorName.get(requestValidatorId), integration }]
    }),
  )]))
  const { id, createdDate, rootResourceId, $metadata, ...apiFields } = api
  return {
    api: apiFields,
    authorizers: authorizers.map(({ id: _, ...rest }) => rest).sort((a, b) => (a.name! < b.name! ? -1 : 1)),
    validators: validators.map(({ id: _, ...rest }) => rest).sort((a, b) => (a.name! < b.name! ? -1 : 1)),
    models: models.map(({ id: _, schema, ...rest }) => ({ ...rest, schema: JSON.parse(schema!.replaceAll(restApiId, '<api>')) }))
      .sort((a, b) => (a.name! < b.name! ? -1 : 1)),
    resources: byPath,
    gatewayResponses: responses.filter((response) => !response.defaultResponse),
  }
}

describe('round trip: import → export → import gives the same API', () => {
  const fixture = readFileSync(resolve(REPO_ROOT, 'test/fixtures/openapi/every-extension.yaml'), 'utf8')

  for (const [exportType, accepts] of [['oas30', 'application/json'], ['swagger', 'application/json'], ['oas30', 'application/yaml']] as const) {
    test(`every extension, through ${exportType} as ${accepts}`, async () => {
      const first = await importAndDeploy(fixture)
      const described = await describeApi(first) as any
      // The fixture really exercises what the round trip must keep.
      assert.equal(described.authorizers.length, 3)
      assert.equal(described.validators.length, 2)
      assert.equal(described.gatewayResponses.length, 2)
      assert.equal(described.resources['/pets'].GET.integration.cacheNamespace, 'pets-cache')
      assert.equal(described.resources['/pets/{petId}'].ANY.authorizer, 'request-authorizer')
      assert.equal(described.resources['/pets/{petId}'].DELETE.authorizationType, 'AWS_IAM')
      assert.equal(described.resources['/pets'].POST.validator, 'all')
      assert.deepEqual(described.api.binaryMediaTypes, ['image/png', 'application/octet-stream'])

      const exported = await gw.apigateway.send(new GetExportCommand({ restApiId: first, stageName: 'local', exportType, accepts, parameters: { extensions: 'apigateway' } }))
      const second = await importAndDeploy(exported.body!)
      assert.deepEqual(await describeApi(second), described)
    })
  }
})
