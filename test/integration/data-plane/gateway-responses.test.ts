import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand, CreateModelCommand, CreateRequestValidatorCommand, CreateResourceCommand, CreateRestApiCommand,
  DeleteGatewayResponseCommand, PutGatewayResponseCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand,
  PutMethodResponseCommand, type PutIntegrationCommandInput, type PutMethodCommandInput,
} from '@aws-sdk/client-api-gateway'
import { createServer } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * Customised gateway responses served by the data plane ([LS test_apigateway_api >
 * TestApiGatewayGatewayResponse], developer guide, supported-gateway-response-types): the status,
 * `responseParameters` (`gatewayresponse.header.X` from `method.request.header|querystring|path.*`,
 * `stageVariables.*`, `context.*`, `'static'`) and `responseTemplates` with `$context.error.*` and
 * `$stageVariables.*` substituted — plain substitution, not VTL, so a `#if` stays as written (developer
 * guide, "x-amazon-apigateway-gateway-responses.responseTemplates") —, DEFAULT_4XX and DEFAULT_5XX
 * standing in for the types not customised, and all of it only once redeployed.
 */

/** The template of [LS test_apigateway_api > test_gateway_response_put > put-gateway-response-all-value]. */
const RECORDED_TEMPLATE = `{
     "message": $context.error.messageString,
     "type":  "$context.error.responseType",
     "stage":  "$context.stage",
     "resourcePath":  "$context.resourcePath",
     "stageVariables.a":  "$stageVariables.a",
     "statusCode": "'404'"
}`
/** Its parameters, plus the other sources a gateway response may map. */
const RECORDED_PARAMETERS = {
  'gatewayresponse.header.Access-Control-Allow-Origin': "'a.b.c'",
  'gatewayresponse.header.x-request-header': 'method.request.header.Accept',
  'gatewayresponse.header.x-request-path': 'method.request.path.petId',
  'gatewayresponse.header.x-request-query': 'method.request.querystring.q',
}
const ALL_SOURCES = {
  ...RECORDED_PARAMETERS,
  'gatewayresponse.header.x-stage-variable': 'stageVariables.a',
  'gatewayresponse.header.x-context-resource': 'context.resourcePath',
  'gatewayresponse.header.x-context-stage': 'context.stage',
}
const BAD_BODY_TEMPLATE = '{"message": $context.error.messageString, "raw": "$context.error.message", "type": "$context.error.responseType", ' +
  '"validation": "$context.error.validationErrorString", "a": "${stageVariables.a}", "vtl": "#if($x)kept#end $input.body"}'
const FAMILY_TEMPLATE = (family: string) => `{"family": "${family}", "type": "$context.error.responseType", "message": $context.error.messageString}`

/** A port nothing listens on: an HTTP integration to it fails (INTEGRATION_FAILURE). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise((done) => server.close(done))
  return port
}

describe('customised gateway responses on the data plane', () => {
  let gw: TestGateway
  let send: TestGateway['apigateway']['send']
  let restApiId: string
  let base: string

  const deploy = () => send(new CreateDeploymentCommand({ restApiId, stageName: 'test', variables: { a: 'stage-a' } }))
  const putResponse = (responseType: 'MISSING_AUTHENTICATION_TOKEN' | 'BAD_REQUEST_BODY' | 'DEFAULT_4XX' | 'DEFAULT_5XX',
    statusCode: string | undefined, responseParameters: Record<string, string>, responseTemplates: Record<string, string>) =>
    send(new PutGatewayResponseCommand({ restApiId, responseType, statusCode, responseParameters, responseTemplates }))

  before(async () => {
    gw = await startTestGateway()
    send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'gateway responses' }))
    restApiId = api.id!
    const resource = async (parentId: string, pathPart: string) => (await send(new CreateResourceCommand({ restApiId, parentId, pathPart }))).id!
    const method = async (resourceId: string, httpMethod: string, settings: Partial<PutMethodCommandInput>, integration: Partial<PutIntegrationCommandInput>) => {
      await send(new PutMethodCommand({ restApiId, resourceId, httpMethod, authorizationType: 'NONE', ...settings }))
      await send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod, type: 'MOCK', ...integration }))
      await send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod, statusCode: '200' }))
      await send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod, statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } }))
    }
    await send(new CreateModelCommand({
      restApiId, name: 'Pet', contentType: 'application/json',
      schema: JSON.stringify({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }),
    }))
    const validator = await send(new CreateRequestValidatorCommand({ restApiId, name: 'body', validateRequestBody: true }))
    const pets = await resource(api.rootResourceId!, 'pets')
    const pet = await resource(pets, '{petId}')
    await method(pet, 'POST', {
      requestValidatorId: validator.id, requestModels: { 'application/json': 'Pet' },
      requestParameters: { 'method.request.path.petId': true, 'method.request.querystring.q': false, 'method.request.header.Accept': false },
    }, { requestTemplates: { 'application/json': '{"statusCode": 200}' } })
    await method(await resource(api.rootResourceId!, 'strict'), 'POST', {},
      { requestTemplates: { 'application/json': '{"statusCode": 200}' }, passthroughBehavior: 'NEVER' })
    await method(await resource(api.rootResourceId!, 'broken'), 'GET', {},
      { type: 'HTTP', integrationHttpMethod: 'GET', uri: `http://127.0.0.1:${await closedPort()}/` })
    await deploy()
    base = gw.stageUrl(restApiId, 'test')
  })
  after(() => gw.close())

  const missingToken = () => fetch(`${base}/nowhere?q=search`, { headers: { accept: 'application/json', origin: 'https://app.example' } })
  const badBody = () => fetch(`${base}/pets/42?q=cats`, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', 'x-client': 'c1' }, body: '{"kind": "dog"}',
  })

  it('a customisation is not served before the API is redeployed (the defaults until then)', async () => {
    await putResponse('MISSING_AUTHENTICATION_TOKEN', '404', ALL_SOURCES, { 'application/json': RECORDED_TEMPLATE })
    await putResponse('BAD_REQUEST_BODY', '422', {
      'gatewayresponse.header.x-pet': 'method.request.path.petId',
      'gatewayresponse.header.x-q': 'method.request.querystring.q',
      'gatewayresponse.header.x-client': 'method.request.header.X-Client',
      'gatewayresponse.header.x-stage-variable': 'stageVariables.a',
      'gatewayresponse.header.x-context-resource': 'context.resourcePath',
      'gatewayresponse.header.x-static': "'static value'",
    }, { 'application/json': BAD_BODY_TEMPLATE })
    await putResponse('DEFAULT_4XX', '499', { 'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.Origin' },
      { 'application/json': FAMILY_TEMPLATE('4XX') })
    await putResponse('DEFAULT_5XX', '503', { 'gatewayresponse.header.x-family': "'5XX'" },
      { 'application/json': FAMILY_TEMPLATE('5XX'), 'application/xml': '<error><type>$context.error.responseType</type></error>' })

    let res = await missingToken()
    assert.equal(res.status, 403)
    assert.equal(await res.text(), '{"message":"Missing Authentication Token"}')
    res = await badBody()
    assert.equal(res.status, 400)
    assert.equal(await res.text(), '{"message": "Invalid request body"}')
    await deploy()
    assert.equal((await missingToken()).status, 404)
  })

  it('MISSING_AUTHENTICATION_TOKEN: the recorded template and parameters, mapped from a request no route matched', async () => {
    const res = await missingToken()
    assert.equal(res.status, 404)
    assert.equal(res.headers.get('content-type'), 'application/json')
    assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException')
    assert.equal(await res.text(), `{
     "message": "Missing Authentication Token",
     "type":  "MISSING_AUTHENTICATION_TOKEN",
     "stage":  "test",
     "resourcePath":  "",
     "stageVariables.a":  "stage-a",
     "statusCode": "'404'"
}`)
    assert.equal(res.headers.get('access-control-allow-origin'), 'a.b.c')
    assert.equal(res.headers.get('x-request-header'), 'application/json')
    assert.equal(res.headers.get('x-request-query'), 'search')
    // No resource matched, so there is no path parameter and no resource path to map.
    assert.equal(res.headers.get('x-request-path'), null)
    assert.equal(res.headers.get('x-context-resource'), null)
    assert.equal(res.headers.get('x-stage-variable'), 'stage-a')
    assert.equal(res.headers.get('x-context-stage'), 'test')
  })

  it('BAD_REQUEST_BODY from a validator: $context.error.* and $stageVariables substituted, #if and $input left as written, every parameter source', async () => {
    const res = await badBody()
    assert.equal(res.status, 422)
    assert.equal(res.headers.get('x-amzn-errortype'), 'BadRequestException')
    // validationErrorString comes JSON-escaped, so the quoted template stays JSON (test/parity/request-validation.test.ts).
    assert.equal(await res.text(), '{"message": "Invalid request body", "raw": "Invalid request body", "type": "BAD_REQUEST_BODY", ' +
      '"validation": "[object has missing required properties ([\\"name\\"])]", "a": "stage-a", "vtl": "#if($x)kept#end $input.body"}')
    assert.deepEqual({
      pet: res.headers.get('x-pet'), q: res.headers.get('x-q'), client: res.headers.get('x-client'), stage: res.headers.get('x-stage-variable'),
      resource: res.headers.get('x-context-resource'), literal: res.headers.get('x-static'),
    }, { pet: '42', q: 'cats', client: 'c1', stage: 'stage-a', resource: '/pets/{petId}', literal: 'static value' })
    const ok = await fetch(`${base}/pets/42`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": "rex"}' })
    assert.deepEqual([ok.status, await ok.text()], [200, '{"ok": true}'])
  })

  it('DEFAULT_4XX stands in for a 4XX type not customised (UNSUPPORTED_MEDIA_TYPE): its status, parameters and template', async () => {
    const res = await fetch(`${base}/strict`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'https://app.example' }, body: 'x' })
    assert.equal(res.status, 499)
    assert.equal(res.headers.get('x-amzn-errortype'), 'UnsupportedMediaTypeException')
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example')
    assert.equal(await res.text(), '{"family": "4XX", "type": "UNSUPPORTED_MEDIA_TYPE", "message": "Unsupported Media Type"}')
  })

  it('DEFAULT_5XX stands in for INTEGRATION_FAILURE; the template is chosen by Accept', async () => {
    let res = await fetch(`${base}/broken`)
    assert.equal(res.status, 503)
    assert.equal(res.headers.get('x-family'), '5XX')
    assert.equal(res.headers.get('content-type'), 'application/json')
    assert.equal(await res.text(), '{"family": "5XX", "type": "INTEGRATION_FAILURE", "message": "Internal server error"}')
    res = await fetch(`${base}/broken`, { headers: { accept: 'application/xml' } })
    assert.equal(res.status, 503)
    assert.equal(res.headers.get('content-type'), 'application/xml')
    assert.equal(await res.text(), '<error><type>INTEGRATION_FAILURE</type></error>')
  })

  it('deleting a customisation hands the type to its family once redeployed', async () => {
    await send(new DeleteGatewayResponseCommand({ restApiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }))
    assert.equal((await missingToken()).status, 404)
    await deploy()
    const res = await missingToken()
    assert.equal(res.status, 499)
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example')
    assert.equal(await res.text(), '{"family": "4XX", "type": "MISSING_AUTHENTICATION_TOKEN", "message": "Missing Authentication Token"}')
  })
})
