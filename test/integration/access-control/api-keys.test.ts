import assert from 'node:assert/strict'
import {
  CreateApiKeyCommand, CreateAuthorizerCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand,
  CreateUsagePlanCommand, CreateUsagePlanKeyCommand, DeleteUsagePlanKeyCommand, PutGatewayResponseCommand, PutIntegrationCommand,
  PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, UpdateApiKeyCommand, UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * API keys on the data plane ([LS test_apigateway_common > test_api_key_required_for_methods]), end to
 * end: real gateway, real SDK, real HTTP. A method with `apiKeyRequired` lets a request through only
 * with a key that exists, is enabled and belongs to a usage plan covering the API and stage; every other
 * case is the same `403 {"message":"Forbidden"}` (INVALID_API_KEY,
 * `x-amzn-ErrorType: ForbiddenException`). Key and plan changes apply to the next request, without a redeploy.
 */

const lambdaUri = (fn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${fn}/invocations`
const IDENTITY_TEMPLATE = '{"apiKey": "$context.identity.apiKey", "apiKeyId": "$context.identity.apiKeyId"}'
const AUTHORIZER_KEY = 'usage-key-0123456789abcdef' // what test/fixtures/functions/authorizers.ts answers for `usage`

describe('API keys on the data plane', () => {
  let gw: TestGateway
  let send: TestGateway['apigateway']['send']
  let headerApi: string
  let authorizerApi: string

  /** GET /{pathPart} as MOCK rendering the identity's API key fields, or AWS_PROXY to the echo function. */
  async function method(restApiId: string, parentId: string, pathPart: string, options: {
    apiKeyRequired: boolean, integration: 'mock' | 'echo', authorizerId?: string,
  }): Promise<void> {
    const resourceId = (await send(new CreateResourceCommand({ restApiId, parentId, pathPart }))).id!
    const where = { restApiId, resourceId, httpMethod: 'GET' }
    await send(new PutMethodCommand({
      ...where, apiKeyRequired: options.apiKeyRequired,
      authorizationType: options.authorizerId === undefined ? 'NONE' : 'CUSTOM', authorizerId: options.authorizerId,
    }))
    if (options.integration === 'echo') {
      await send(new PutIntegrationCommand({ ...where, type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaUri('echo') }))
      return
    }
    await send(new PutMethodResponseCommand({ ...where, statusCode: '200' }))
    await send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await send(new PutIntegrationResponseCommand({ ...where, statusCode: '200', responseTemplates: { 'application/json': IDENTITY_TEMPLATE } }))
  }

  before(async () => {
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        echo: { handler: 'test/fixtures/functions/proxy-parity.echoEvent' },
        'auth-request': { handler: 'test/fixtures/functions/authorizers.request' },
      },
    })
    send = gw.apigateway.send.bind(gw.apigateway)

    const api = await send(new CreateRestApiCommand({ name: 'keyed', endpointConfiguration: { types: ['REGIONAL'] } }))
    headerApi = api.id!
    await method(headerApi, api.rootResourceId!, 'keyed', { apiKeyRequired: true, integration: 'mock' })
    await method(headerApi, api.rootResourceId!, 'open', { apiKeyRequired: false, integration: 'mock' })
    await method(headerApi, api.rootResourceId!, 'event', { apiKeyRequired: true, integration: 'echo' })
    await send(new CreateDeploymentCommand({ restApiId: headerApi, stageName: 'prod' }))
    await send(new CreateDeploymentCommand({ restApiId: headerApi, stageName: 'dev' }))

    const viaAuthorizer = await send(new CreateRestApiCommand({ name: 'keyed-by-authorizer', apiKeySource: 'AUTHORIZER' }))
    authorizerApi = viaAuthorizer.id!
    const authorizerId = (await send(new CreateAuthorizerCommand({
      restApiId: authorizerApi, name: 'usage', type: 'REQUEST', authorizerUri: lambdaUri('auth-request'),
      identitySource: 'method.request.header.x-behaviour', authorizerResultTtlInSeconds: 0,
    }))).id!
    await method(authorizerApi, viaAuthorizer.rootResourceId!, 'keyed', { apiKeyRequired: true, integration: 'mock', authorizerId })
    await send(new CreateDeploymentCommand({ restApiId: authorizerApi, stageName: 'prod' }))
  })
  after(() => gw.close())

  const get = (restApiId: string, stage: string, path: string, headers: Record<string, string> = {}) =>
    fetch(`${gw.stageUrl(restApiId, stage)}/${path}`, { headers })

  async function assertForbidden(response: Response, why: string): Promise<void> {
    assert.equal(response.status, 403, why)
    assert.equal(response.headers.get('x-amzn-errortype'), 'ForbiddenException', why)
    assert.deepEqual(await response.json(), { message: 'Forbidden' }, why)
  }

  async function keyInPlan(stages: { apiId: string, stage: string }[], value?: string) {
    const key = await send(new CreateApiKeyCommand({ name: 'caller', enabled: true, value }))
    const plan = await send(new CreateUsagePlanCommand({ name: 'plan', apiStages: stages }))
    await send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }))
    return { key, plan }
  }

  it('refuses a missing, empty, unknown, disabled or unplanned key with the same 403 Forbidden (LS test_apigateway_common > test_api_key_required_for_methods)', async () => {
    const enabledUnplanned = await send(new CreateApiKeyCommand({ name: 'no-plan', enabled: true }))
    const disabled = await keyInPlan([{ apiId: headerApi, stage: 'prod' }])
    await send(new UpdateApiKeyCommand({ apiKey: disabled.key.id!, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }))
    await assertForbidden(await get(headerApi, 'prod', 'keyed'), 'no x-api-key')
    await assertForbidden(await get(headerApi, 'prod', 'keyed', { 'x-api-key': '' }), 'empty x-api-key')
    await assertForbidden(await get(headerApi, 'prod', 'keyed', { 'x-api-key': 'x'.repeat(40) }), 'unknown key')
    await assertForbidden(await get(headerApi, 'prod', 'keyed', { 'x-api-key': enabledUnplanned.value! }), 'key in no plan')
    await assertForbidden(await get(headerApi, 'prod', 'keyed', { 'x-api-key': disabled.key.value! }), 'disabled key')
    // A near miss (one character off) is no key either.
    const near = disabled.key.value!.slice(0, -1) + (disabled.key.value!.endsWith('a') ? 'b' : 'a')
    await assertForbidden(await get(headerApi, 'prod', 'keyed', { 'x-api-key': near }), 'near miss')
  })

  it('lets a planned key through and fills $context.identity.apiKey / apiKeyId (developer guide, api-gateway-mapping-template-reference)', async () => {
    const { key } = await keyInPlan([{ apiId: headerApi, stage: 'prod' }])
    const response = await get(headerApi, 'prod', 'keyed', { 'X-Api-Key': key.value! })
    assert.equal(response.status, 200)
    assert.deepEqual(await response.json(), { apiKey: key.value, apiKeyId: key.id })
  })

  it('puts apiKey and apiKeyId into the proxy event requestContext.identity (powertools-lambda-typescript\'s sample event apigw-rest/console-test-ui.json)', async () => {
    const { key } = await keyInPlan([{ apiId: headerApi, stage: 'prod' }])
    const response = await get(headerApi, 'prod', 'event', { 'x-api-key': key.value! })
    assert.equal(response.status, 200)
    const event = await response.json() as { requestContext: { identity: Record<string, unknown> } }
    assert.equal(event.requestContext.identity.apiKey, key.value)
    assert.equal(event.requestContext.identity.apiKeyId, key.id)
    assert.equal(event.requestContext.identity.sourceIp, '127.0.0.1')
  })

  it('leaves methods without apiKeyRequired open, whatever key is sent, and without the identity fields', async () => {
    const open = await get(headerApi, 'prod', 'open', { 'x-api-key': 'not-a-key-at-all-0000000' })
    assert.equal(open.status, 200)
    assert.deepEqual(await open.json(), { apiKey: '', apiKeyId: '' })
  })

  it('covers only the plan\'s API stages; adding or removing a stage, a plan key or a disable applies without a redeploy', async () => {
    const { key, plan } = await keyInPlan([{ apiId: headerApi, stage: 'prod' }])
    const headers = { 'x-api-key': key.value! }
    assert.equal((await get(headerApi, 'prod', 'keyed', headers)).status, 200)
    await assertForbidden(await get(headerApi, 'dev', 'keyed', headers), 'stage outside the plan')
    await send(new UpdateUsagePlanCommand({ usagePlanId: plan.id!, patchOperations: [{ op: 'add', path: '/apiStages', value: `${headerApi}:dev` }] }))
    assert.equal((await get(headerApi, 'dev', 'keyed', headers)).status, 200)
    await send(new UpdateUsagePlanCommand({ usagePlanId: plan.id!, patchOperations: [{ op: 'remove', path: '/apiStages', value: `${headerApi}:prod` }] }))
    await assertForbidden(await get(headerApi, 'prod', 'keyed', headers), 'stage removed from the plan')
    await send(new UpdateApiKeyCommand({ apiKey: key.id!, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }))
    await assertForbidden(await get(headerApi, 'dev', 'keyed', headers), 'disabled')
    await send(new UpdateApiKeyCommand({ apiKey: key.id!, patchOperations: [{ op: 'replace', path: '/enabled', value: 'true' }] }))
    assert.equal((await get(headerApi, 'dev', 'keyed', headers)).status, 200)
    await send(new DeleteUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id! }))
    await assertForbidden(await get(headerApi, 'dev', 'keyed', headers), 'key taken out of the plan')
  })

  it('answers with the API\'s customised INVALID_API_KEY gateway response once deployed', async () => {
    const api = await send(new CreateRestApiCommand({ name: 'custom-forbidden' }))
    await method(api.id!, api.rootResourceId!, 'keyed', { apiKeyRequired: true, integration: 'mock' })
    await send(new PutGatewayResponseCommand({
      restApiId: api.id!, responseType: 'INVALID_API_KEY', statusCode: '401',
      responseTemplates: { 'application/json': '{"error":"$context.error.responseType"}' },
    }))
    await send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }))
    const response = await get(api.id!, 'prod', 'keyed')
    assert.equal(response.status, 401)
    assert.deepEqual(await response.json(), { error: 'INVALID_API_KEY' })
  })

  it('apiKeySource AUTHORIZER: the key is the authorizer\'s usageIdentifierKey, x-api-key is ignored (developer guide, api-gateway-lambda-authorizer-output)', async () => {
    const { key } = await keyInPlan([{ apiId: authorizerApi, stage: 'prod' }], AUTHORIZER_KEY)
    const response = await get(authorizerApi, 'prod', 'keyed', { 'x-behaviour': 'usage' })
    assert.equal(response.status, 200)
    assert.deepEqual(await response.json(), { apiKey: AUTHORIZER_KEY, apiKeyId: key.id })
    // The authorizer allows but names no key: the header's valid key does not count.
    await assertForbidden(await get(authorizerApi, 'prod', 'keyed', { 'x-behaviour': 'allow', 'x-api-key': AUTHORIZER_KEY }), 'no usageIdentifierKey')
  })
})
