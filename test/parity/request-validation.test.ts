import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand, CreateModelCommand, CreateRequestValidatorCommand, CreateResourceCommand, CreateRestApiCommand,
  GetModelsCommand, PutGatewayResponseCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand,
  PutMethodResponseCommand, UpdateMethodCommand, UpdateRequestValidatorCommand, type PatchOperation,
} from '@aws-sdk/client-api-gateway'
import { describe, it } from 'node:test'
import { gatewayForSuite } from '../helpers/gateway.ts'
import { RecordingMatcher } from '../helpers/openapi-recording.ts'
import { recording } from '../helpers/recordings.ts'
import { assertRecordedOutput } from '../helpers/sdk-recording.ts'

/**
 * Request validation end to end: validators, required parameters and models set
 * with the real SDK, deployed, and called over HTTP. Each case reproduces
 * `[LS test_apigateway_common > TestApiGatewayCommon::<test> > key]`. The recordings used a Lambda
 * proxy backend; a MOCK integration answering `{"data": "ok"}` stands in for it, as validation
 * happens in Method Request, before any integration.
 */
const recorded = (test: string) => recording('test_apigateway_common', `TestApiGatewayCommon::${test}`)
const OK = '{"data": "ok"}'

describe('parity: request validation (LS test_apigateway_common > TestApiGatewayCommon)', () => {
  const { send, gateway } = gatewayForSuite()

  /** A method on a MOCK integration that answers 200 `{"data": "ok"}`. */
  async function mockMethod(restApiId: string, resourceId: string, httpMethod: string, method: Omit<ConstructorParameters<typeof PutMethodCommand>[0], 'restApiId' | 'resourceId' | 'httpMethod' | 'authorizationType'>) {
    await send(new PutMethodCommand({ restApiId, resourceId, httpMethod, authorizationType: 'NONE', ...method }))
    await send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod, statusCode: '200' }))
    // A template for every Content-Type the tests send: a passed-through body names no status code (500).
    await send(new PutIntegrationCommand({
      restApiId, resourceId, httpMethod, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}', 'text/plain': '{"statusCode": 200}' },
    }))
    await send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod, statusCode: '200', responseTemplates: { 'application/json': OK } }))
  }

  async function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
    const res = await fetch(url, init)
    return { status: res.status, text: await res.text(), errorType: res.headers.get('x-amzn-errortype'), contentType: res.headers.get('content-type') }
  }

  /** A 400 with AWS's exact bytes: `{"message": "..."}` with the space, as AWS sends its own error bodies (the recordings show them parsed). */
  function assertRefused(res: Awaited<ReturnType<typeof call>>, recordedBody: { message: string }, where: string) {
    assert.equal(res.status, 400, `${where}: status (${res.text})`)
    assert.equal(res.text, `{"message": ${JSON.stringify(recordedBody.message)}}`, where)
    assert.equal(res.errorType, 'BadRequestException', where)
    assert.equal(res.contentType, 'application/json', where)
  }

  it('required parameters, then the body, then a disabled validator [LS test_apigateway_common > test_api_gateway_request_validator]', async () => {
    const rec = recorded('test_api_gateway_request_validator')
    const m = new RecordingMatcher()
    const api = await send(new CreateRestApiCommand({ name: 'aws lambda api' }))
    const restApiId = api.id!
    const nested = await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'nested' }))
    const resourceId = (await send(new CreateResourceCommand({ restApiId, parentId: nested.id!, pathPart: '{test}' }))).id!
    const validator = await send(new CreateRequestValidatorCommand({ restApiId, name: 'test-validator', validateRequestParameters: true, validateRequestBody: true }))
    await send(new CreateModelCommand({
      restApiId, name: 'testSchema', contentType: 'application/json',
      schema: JSON.stringify({ title: 'testSchema', type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] }),
    }))
    for (const httpMethod of ['GET', 'POST']) {
      await mockMethod(restApiId, resourceId, httpMethod, {
        requestValidatorId: validator.id,
        requestParameters: { 'method.request.path.test': true, 'method.request.querystring.qs1': true, 'method.request.header.x-header-param': true },
        requestModels: { 'application/json': 'testSchema' },
      })
    }
    assertRecordedOutput(m, await send(new CreateDeploymentCommand({ restApiId, stageName: 'local' })), rec['deploy-1'], 'deploy-1')
    const url = `${gateway().stageUrl(restApiId, 'local')}/nested/value`
    const redeploy = () => send(new CreateDeploymentCommand({ restApiId, stageName: 'local' }))
    const json = { 'content-type': 'application/json' }

    // With every parameter and a valid body, it passes.
    let res = await call(`${url}?qs1=test`, { method: 'POST', headers: { ...json, 'x-header-param': 'test' }, body: '{"a": 1, "b": 2}' })
    assert.deepEqual([res.status, res.text], [200, OK])

    // The POST method now requires a {issuer} path part the resource does not have.
    const swap = (add: string, remove: string): PatchOperation[] => [
      { op: 'add', path: `/requestParameters/method.request.path.${add}`, value: 'true' },
      { op: 'remove', path: `/requestParameters/method.request.path.${remove}`, value: 'true' },
    ]
    const changed = await send(new UpdateMethodCommand({ restApiId, resourceId, httpMethod: 'POST', patchOperations: swap('issuer', 'test') }))
    // The recorded method has a Lambda proxy integration; everything else must match.
    const { methodIntegration: _changedIntegration, ...changedRecorded } = rec['change-request-path-names']
    const { methodIntegration: _ours, ...changedOurs } = changed
    assertRecordedOutput(m, changedOurs as typeof changed, changedRecorded, 'change-request-path-names')
    await redeploy()

    res = await call(url, { method: 'POST', headers: json, body: '{"test": "test"}' })
    assertRefused(res, rec['missing-all-required-request-params-post'], 'missing-all-required-request-params-post')
    assertRefused(await call(`${url}?qs1=test`), rec['missing-required-headers-request-params-get'], 'missing-required-headers-request-params-get')
    assertRefused(await call(url, { headers: { 'x-header-param': 'test' } }), rec['missing-required-qs-request-params-get'], 'missing-required-qs-request-params-get')

    const reverted = await send(new UpdateMethodCommand({ restApiId, resourceId, httpMethod: 'POST', patchOperations: swap('test', 'issuer') }))
    const { methodIntegration: _revertedIntegration, ...revertedRecorded } = rec['revert-request-path-names']
    const { methodIntegration: _ours2, ...revertedOurs } = reverted
    assertRecordedOutput(m, revertedOurs as typeof reverted, revertedRecorded, 'revert-request-path-names')
    await redeploy()

    // The body must now match testSchema.
    res = await call(`${url}?qs1=test`, { method: 'POST', headers: { ...json, 'x-header-param': 'test' }, body: '{"test": "test"}' })
    assertRefused(res, rec['invalid-request-body'], 'invalid-request-body')
    // A GET without a body is validated as `{}`, with or without a Content-Type (asserted 400 in the recorded test).
    assertRefused(await call(`${url}?qs1=test`, { headers: { 'x-header-param': 'test' } }), rec['invalid-request-body'], 'GET without a body')
    assertRefused(await call(`${url}?qs1=test`, { headers: { ...json, 'x-header-param': 'test' } }), rec['invalid-request-body'], 'GET without a body, JSON')
    res = await call(`${url}?qs1=test`, { method: 'POST', headers: { ...json, 'x-header-param': 'test' }, body: '{"a": 1, "b": 2}' })
    assert.deepEqual([res.status, res.text], [200, OK])

    // A validator that validates nothing lets everything through once deployed.
    const disabled = await send(new UpdateRequestValidatorCommand({
      restApiId, requestValidatorId: validator.id!,
      patchOperations: [{ op: 'replace', path: '/validateRequestBody', value: 'false' }, { op: 'replace', path: '/validateRequestParameters', value: 'false' }],
    }))
    assertRecordedOutput(m, disabled, rec['disable-request-validator'], 'disable-request-validator')
    // Deployments are immutable: until the next one, the stage still validates.
    assertRefused(await call(url, { method: 'POST', headers: json, body: '{"test": "test"}' }),
      { message: 'Missing required request parameters: [x-header-param, qs1]' }, 'before redeploying')
    await redeploy()
    res = await call(url, { method: 'POST', headers: json, body: '{"test": "test"}' })
    assert.deepEqual([res.status, res.text], [200, OK])
    assert.equal((await call(url)).status, 200)
  })

  it('a $ref to another model of the API [LS test_apigateway_common > test_api_gateway_request_validator_with_ref_models]', async () => {
    const rec = recorded('test_api_gateway_request_validator_with_ref_models')
    const api = await send(new CreateRestApiCommand({ name: 'ref models' }))
    const restApiId = api.id!
    const m = new RecordingMatcher()
    m.match(restApiId, '<api-id>', 'api id')
    await send(new CreateModelCommand({
      restApiId, name: 'testSchema', contentType: 'application/json',
      schema: JSON.stringify({
        $schema: 'http://json-schema.org/draft-04/schema#', title: 'testSchema', type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'],
      }),
    }))
    await send(new CreateModelCommand({
      restApiId, name: 'testSchemaList', contentType: 'application/json',
      schema: JSON.stringify({ type: 'array', items: { $ref: `https://apigateway.amazonaws.com/restapis/${restApiId}/models/testSchema` } }),
    }))
    assertRecordedOutput(m, await send(new GetModelsCommand({ restApiId })), rec['get-models-with-ref'], 'get-models-with-ref')
    const validator = await send(new CreateRequestValidatorCommand({ restApiId, name: 'body', validateRequestBody: true }))
    const resourceId = (await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'list' }))).id!
    await mockMethod(restApiId, resourceId, 'POST', { requestValidatorId: validator.id, requestModels: { 'application/json': 'testSchemaList' } })
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }))
    const url = `${gateway().stageUrl(restApiId, 'dev')}/list`
    const json = { 'content-type': 'application/json' }

    const ok = await call(url, { method: 'POST', headers: json, body: '[{"a": 1, "b": 2}, {"a": 3.5, "b": 0}]' })
    assert.equal(ok.status, 200)
    assert.deepEqual(JSON.parse(ok.text), rec.successful)
    assertRefused(await call(url, { method: 'POST', headers: json, body: '[{"a": 1, "b": 2}, {"a": 1}]' }), rec['failed-validation'], 'failed-validation')
    assertRefused(await call(url, { method: 'POST', headers: json, body: '{"a": 1, "b": 2}' }), rec['failed-validation'], 'an object is not a list')
  })

  it('oneOf null or a $ref model [LS test_apigateway_common > test_api_gateway_request_validator_with_ref_one_ofmodels]', async () => {
    const rec = recorded('test_api_gateway_request_validator_with_ref_one_ofmodels')
    const api = await send(new CreateRestApiCommand({ name: 'one of' }))
    const restApiId = api.id!
    const m = new RecordingMatcher()
    m.match(restApiId, '<api-id>', 'api id')
    await send(new CreateModelCommand({
      restApiId, name: 'StatusModel', contentType: 'application/json',
      schema: JSON.stringify({ type: 'object', properties: { Status: { type: 'string' }, Order: { type: 'integer' } }, required: ['Status', 'Order'] }),
    }))
    await send(new CreateModelCommand({
      restApiId, name: 'TestModel', contentType: 'application/json',
      schema: JSON.stringify({
        type: 'object',
        properties: { status: { oneOf: [{ type: 'null' }, { $ref: `https://apigateway.amazonaws.com/restapis/${restApiId}/models/StatusModel` }] } },
        required: ['status'],
      }),
    }))
    assertRecordedOutput(m, await send(new GetModelsCommand({ restApiId })), rec['get-models-with-ref'], 'get-models-with-ref')
    const validator = await send(new CreateRequestValidatorCommand({ restApiId, name: 'body', validateRequestBody: true }))
    const resourceId = (await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'status' }))).id!
    await mockMethod(restApiId, resourceId, 'POST', { requestValidatorId: validator.id, requestModels: { 'application/json': 'TestModel' } })
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }))
    const url = `${gateway().stageUrl(restApiId, 'dev')}/status`
    const post = (body: string) => call(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })

    // The recorded bodies are not in the snapshot; these are the cases its keys name.
    for (const [key, body] of [['successful', '{"status": null}'], ['successful-with-data', '{"status": {"Status": "ok", "Order": 1}}']]) {
      const res = await post(body)
      assert.equal(res.status, 200, key)
      assert.deepEqual(JSON.parse(res.text), rec[key], key)
    }
    assertRefused(await post('{}'), rec['failed-validation-no-data'], 'failed-validation-no-data')
    assertRefused(await post('{"status": {"Status": "ok", "Order": "first"}}'), rec['failed-validation-bad-data'], 'failed-validation-bad-data')
  })

  it('$context.error.validationErrorString reaches a customised BAD_REQUEST_BODY (developer guide, api-gateway-mapping-template-reference)', async () => {
    const api = await send(new CreateRestApiCommand({ name: 'error string' }))
    const restApiId = api.id!
    await send(new CreateModelCommand({
      restApiId, name: 'Pet', contentType: 'application/json',
      schema: JSON.stringify({ type: 'object', properties: { kind: { enum: ['cat', 'dog'] } }, required: ['kind'] }),
    }))
    const validator = await send(new CreateRequestValidatorCommand({ restApiId, name: 'all', validateRequestBody: true, validateRequestParameters: true }))
    await mockMethod(restApiId, api.rootResourceId!, 'POST', {
      requestValidatorId: validator.id, requestModels: { $default: 'Pet' }, requestParameters: { 'method.request.header.x-tenant': true },
    })
    await send(new PutGatewayResponseCommand({
      restApiId, responseType: 'BAD_REQUEST_BODY', statusCode: '422',
      responseTemplates: { 'application/json': '{"error": "$context.error.validationErrorString", "type": "$context.error.responseType"}' },
    }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }))
    const url = `${gateway().stageUrl(restApiId, 'dev')}/`
    const post = (body: string, headers: Record<string, string> = {}) =>
      call(url, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-tenant': 't1', ...headers }, body })

    let res = await post('{"kind": "fish"}')
    assert.equal(res.status, 422)
    assert.deepEqual(JSON.parse(res.text), {
      error: '[instance value ("fish") not found in enum (possible values: ["cat","dog"])]',
      type: 'BAD_REQUEST_BODY',
    })
    res = await post('{}')
    assert.deepEqual(JSON.parse(res.text).error, '[object has missing required properties (["kind"])]')
    // Parameters are checked first, and their failure is not a body failure.
    res = await post('{}', { 'x-tenant': '' })
    assert.equal(res.status, 400)
    assert.equal(res.text, '{"message": "Missing required request parameters: [x-tenant]"}')
    res = await post('{"kind": "cat"}')
    assert.deepEqual([res.status, res.text], [200, OK])
  })
})
