import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  GetAuthorizersCommand, GetModelsCommand, GetRequestValidatorsCommand, GetResourcesCommand, ImportRestApiCommand,
} from '@aws-sdk/client-api-gateway'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { LAMBDA_INVOCATION_ARN, matchImportedMethods, sortedResources } from '../helpers/openapi-import.ts'
import { RecordingMatcher } from '../helpers/openapi-recording.ts'
import { inputDocument, recording } from '../helpers/recordings.ts'

/**
 * ImportRestApi of the recorded inputs (`localstack-snapshots/inputs/`) through the AWS SDK, and
 * what GetRestApi/GetResources/GetMethod/GetIntegration/GetModels/GetAuthorizers answer after,
 * against `[LS test_apigateway_import > <test> > <key>]`.
 */

const FILE = 'test_apigateway_import'
let gw: TestGateway

before(async () => {
  gw = await startTestGateway()
})
after(async () => {
  await gw.close()
})

const importDocument = (body: string, failOnWarnings = true) =>
  gw.apigateway.send(new ImportRestApiCommand({ body: Buffer.from(body), failOnWarnings }))

const sortedModels = async (restApiId: string) => {
  const { items = [] } = await gw.apigateway.send(new GetModelsCommand({ restApiId }))
  return { items: [...items].sort((a, b) => (a.name! < b.name! ? -1 : 1)) }
}

describe('ImportRestApi, recorded against AWS', () => {
  test('a Pulumi Swagger 2 document: binary media types, version [LS test_apigateway_import > test_import_rest_api > import_rest_api]', async () => {
    const recorded = recording(FILE, 'test_import_rest_api')
    const api = await importDocument(inputDocument('openapi.spec.pulumi.json'))
    new RecordingMatcher().match(api, recorded.import_rest_api, 'import_rest_api')
  })

  test('petstore with TOKEN authorizers and $ref models [LS test_apigateway_import > test_import_swagger_api]', async () => {
    const recorded = recording(FILE, 'test_import_swagger_api')
    const body = inputDocument('petstore-authorizer.swagger.json')
      .replaceAll('${uri}', 'http://petstore.execute-api.us-east-1.amazonaws.com/petstore/pets')
      .replaceAll('arn:aws:iam::account-id:role', 'arn:aws:iam::000000000000:role/placeholder')
    const matcher = new RecordingMatcher()
    const api = await importDocument(body)
    matcher.match(api, recorded['import-swagger'], 'import-swagger')
    matcher.match(await gw.apigateway.send(new GetAuthorizersCommand({ restApiId: api.id })), recorded['get-authorizers'], 'get-authorizers')
    matcher.match(await sortedModels(api.id!), recorded['get-models'], 'get-models')
    const resources = await sortedResources(gw, api.id!)
    matcher.match(resources, recorded.resources, 'resources')
    assert.equal(await matchImportedMethods(gw, [{ restApiId: api.id!, resources: resources.items }], recorded, matcher), 24)
  })

  for (const input of ['openapi.spec.tf.json', 'swagger-mock-cors.json']) {
    test(`${input}: methods, integrations, CORS responses [LS test_apigateway_import > test_import_and_validate_rest_api[${input}]]`, async () => {
      const recorded = recording(FILE, `test_import_and_validate_rest_api[${input}]`)
      const matcher = new RecordingMatcher()
      const api = await importDocument(inputDocument(input))
      matcher.match(api, recorded.import_tf_rest_api, 'import_tf_rest_api')
      matcher.match(await sortedModels(api.id!), recorded['get-models'], 'get-models')
      const resources = await sortedResources(gw, api.id!)
      matcher.match(resources, recorded.resources, 'resources')
      const checked = await matchImportedMethods(gw, [{ restApiId: api.id!, resources: resources.items }], recorded, matcher)
      assert.equal(checked, Object.keys(recorded).length - 3)
    })
  }

  test('a global REQUEST authorizer and x-amazon-apigateway-any-method [LS test_apigateway_import > test_import_with_global_api_key_authorizer]', async () => {
    const recorded = recording(FILE, 'test_import_with_global_api_key_authorizer')
    const matcher = new RecordingMatcher()
    const api = await importDocument(inputDocument('openapi.spec.global-auth.json').replaceAll('${authorizer_lambda_invocation_arn}', LAMBDA_INVOCATION_ARN))
    matcher.match(api, recorded['import-swagger'], 'import-swagger')
    matcher.match(await gw.apigateway.send(new GetAuthorizersCommand({ restApiId: api.id })), recorded['get-authorizers'], 'get-authorizers')
    const resources = await sortedResources(gw, api.id!)
    matcher.match(resources, recorded.resources, 'resources')
    assert.equal(await matchImportedMethods(gw, [{ restApiId: api.id!, resources: resources.items }], recorded, matcher), 8)
  })

  for (const [test_, input, validators] of [
    ['test_import_with_circular_models', 'openapi.spec.circular-ref.json', false],
    ['test_import_with_circular_models_and_request_validation', 'openapi.spec.circular-ref-with-request-body.json', true],
  ] as const) {
    test(`circular $ref models${validators ? ' and a request validator' : ''} [LS test_apigateway_import > ${test_}]`, async () => {
      const recorded = recording(FILE, test_)
      const matcher = new RecordingMatcher()
      const api = await importDocument(inputDocument(input))
      matcher.match(api, recorded['import-api'], 'import-api')
      matcher.match(await sortedModels(api.id!), recorded['get-models'], 'get-models')
      if (validators) {
        matcher.match(await gw.apigateway.send(new GetRequestValidatorsCommand({ restApiId: api.id })), recorded['request-validators'], 'request-validators')
      }
      const resources = await sortedResources(gw, api.id!)
      matcher.match(resources, recorded.resources, 'resources')
      assert.equal(await matchImportedMethods(gw, [{ restApiId: api.id!, resources: resources.items }], recorded, matcher), 4)
    })
  }

  test('an AWS integration keeps its httpMethod, a MOCK drops it [LS test_apigateway_import > test_import_with_http_method_integration]', async () => {
    const recorded = recording(FILE, 'test_import_with_http_method_integration')
    const matcher = new RecordingMatcher()
    const api = await importDocument(inputDocument('openapi-http-method-integration.json').replaceAll('${lambda_invocation_arn}', LAMBDA_INVOCATION_ARN))
    const resources = await sortedResources(gw, api.id!)
    matcher.match(resources, recorded.resources, 'resources')
    assert.equal(await matchImportedMethods(gw, [{ restApiId: api.id!, resources: resources.items }], recorded, matcher), 8)
  })

  test('Cognito authorizers: identity source from the scheme, scopes per method [LS test_apigateway_import > test_import_with_cognito_auth_identity_source]', async () => {
    const recorded = recording(FILE, 'test_import_with_cognito_auth_identity_source')
    const matcher = new RecordingMatcher()
    const api = await importDocument(inputDocument('openapi.cognito-auth.json')
      .replaceAll('${cognito_pool_arn}', 'arn:aws:cognito-idp:us-east-1:111111111111:userpool/us-east-1_ABC123'))
    matcher.match(api, recorded['import-swagger'], 'import-swagger')
    const { items = [] } = await gw.apigateway.send(new GetAuthorizersCommand({ restApiId: api.id }))
    matcher.match([...items].sort((a, b) => (a.name! < b.name! ? -1 : 1)), recorded['get-authorizers'], 'get-authorizers')
    const resources = await sortedResources(gw, api.id!)
    matcher.match(resources, recorded.resources, 'resources')
    assert.equal(await matchImportedMethods(gw, [{ restApiId: api.id!, resources: resources.items }], recorded, matcher), 16)
  })

  test('YAML with integer status codes [LS test_apigateway_import > test_import_with_integer_http_status_code]', async () => {
    const recorded = recording(FILE, 'test_import_with_integer_http_status_code')
    const matcher = new RecordingMatcher()
    const api = await importDocument(inputDocument('openapi-method-int.spec.yaml'))
    const resources = await sortedResources(gw, api.id!)
    matcher.match(resources, recorded.resources, 'resources')
    assert.equal(await matchImportedMethods(gw, [{ restApiId: api.id!, resources: resources.items }], recorded, matcher), 4)
  })

  test('bad documents are `Invalid OpenAPI input.` and store nothing [LS test_apigateway_import > test_import_api_bad_file]', async () => {
    const recorded = recording(FILE, 'test_import_api_bad_file')
    const before = (await gw.apigateway.send(new GetResourcesCommand({ restApiId: (await importDocument(inputDocument('pets.json'))).id }))).items!.length
    assert.ok(before > 0)
    for (const [key, body] of [
      ['import-api-bad-yaml-file', 'openapi: 3.0.1\ninfo: {title: x\n  paths: ]'],
      ['import-api-bad-json-file', '{"openapi": "3.0.1", "info": '],
      // OpenAPI 3.1 is refused with the same text (smithy-lang/smithy#985).
      ['import-api-bad-json-file', JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} })],
    ] as const) {
      await assert.rejects(importDocument(body), (error: Error) => {
        assert.equal(error.name, recorded[key].Error.Code)
        assert.equal(error.message, recorded[key].Error.Message)
        return true
      })
    }
  })

  test('documents with documentation parts and stage-variable URIs import their methods', async () => {
    for (const input of ['oas30_documentation_parts.json', 'openapi.spec.stage-variables.json', 'petstore-swagger.json', 'pets.json']) {
      const api = await importDocument(inputDocument(input).replaceAll('${uri}', 'http://petstore.example.com/pets'))
      const { items = [] } = await gw.apigateway.send(new GetResourcesCommand({ restApiId: api.id }))
      assert.ok(items.some((resource) => Object.keys(resource.resourceMethods ?? {}).length > 0), input)
    }
  })
})
