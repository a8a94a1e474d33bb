import assert from 'node:assert/strict'
import {
  BadRequestException, CreateRestApiCommand, GetIntegrationCommand, GetIntegrationResponseCommand, PutIntegrationCommand,
  PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, UpdateIntegrationCommand, UpdateIntegrationResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * Mapping expressions are checked when written. No recording here covers them; the texts are the
 * ones AWS users report for PutIntegration/PutIntegrationResponse (aws-cdk#17318,
 * amazon-api-gateway-developer-guide#24, aws-apigateway-importer#121 and #209), and the developer
 * guide's "parameter mapping source reference" lists which sources each side may read.
 */
const invalid = (expression: string) =>
  `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${expression}]`
const undeclared = (expression: string) =>
  `Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: ${expression}]`

describe('mapping expressions checked when written', () => {
  let gw: TestGateway
  let send: TestGateway['apigateway']['send']
  let restApiId: string
  let resourceId: string
  const http = { type: 'HTTP', integrationHttpMethod: 'GET', uri: 'http://backend.example/items' } as const

  before(async () => {
    gw = await startTestGateway()
    send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'mapping-expressions' }))
    restApiId = api.id!
    resourceId = api.rootResourceId!
    await send(new PutMethodCommand({
      restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE',
      requestParameters: { 'method.request.querystring.q': false, 'method.request.header.X-Tenant': true },
    }))
    await send(new PutMethodResponseCommand({
      restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseParameters: { 'method.response.header.X-Served-By': false },
    }))
  })
  after(() => gw.close())

  async function refused(call: Promise<unknown>, message: string): Promise<void> {
    await assert.rejects(call, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.ok(error instanceof BadRequestException, `${error.name}: ${error.message}`)
      assert.equal(error.$metadata?.httpStatusCode, 400)
      assert.equal(error.message, message)
      return true
    })
  }

  it('accepts every source kind the request side may read', async () => {
    const requestParameters = {
      'integration.request.querystring.q': 'method.request.querystring.q',
      'integration.request.querystring.all': 'method.request.multivaluequerystring.q',
      'integration.request.header.X-Tenant': 'method.request.header.X-Tenant',
      'integration.request.header.X-Body-Id': 'method.request.body.id',
      'integration.request.header.X-Stage': 'stageVariables.color',
      'integration.request.header.X-Request-Id': 'context.requestId',
      'integration.request.header.X-Static': "'fixed value'",
    }
    await send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', ...http, requestParameters }))
    const stored = await send(new GetIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET' }))
    assert.deepEqual(stored.requestParameters, requestParameters)
  })

  it('refuses a method request parameter the method does not declare, and keeps what was there', async () => {
    await refused(
      send(new PutIntegrationCommand({
        restApiId, resourceId, httpMethod: 'GET', ...http, requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
      })),
      undeclared('method.request.path.id'),
    )
    const stored = await send(new GetIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET' }))
    assert.equal(stored.requestParameters?.['integration.request.querystring.q'], 'method.request.querystring.q')
  })

  it('refuses an expression of no known form on either side of the mapping', async () => {
    await refused(
      send(new PutIntegrationCommand({
        restApiId, resourceId, httpMethod: 'GET', ...http, requestParameters: { 'integration.request.body.x': "'a'" },
      })),
      invalid('integration.request.body.x'),
    )
    await refused(
      send(new PutIntegrationCommand({
        restApiId, resourceId, httpMethod: 'GET', ...http, requestParameters: { 'integration.request.header.X': 'method.request.cookie.x' },
      })),
      invalid('method.request.cookie.x'),
    )
    // The request side cannot read the integration's response.
    await refused(
      send(new PutIntegrationCommand({
        restApiId, resourceId, httpMethod: 'GET', ...http, requestParameters: { 'integration.request.header.X': 'integration.response.body' },
      })),
      invalid('integration.response.body'),
    )
  })

  it('checks UpdateIntegration patches the same way', async () => {
    await refused(
      send(new UpdateIntegrationCommand({
        restApiId, resourceId, httpMethod: 'GET',
        patchOperations: [{ op: 'add', path: '/requestParameters/integration.request.header.X-Missing', value: 'method.request.header.X-Missing' }],
      })),
      undeclared('method.request.header.X-Missing'),
    )
    const stored = await send(new GetIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET' }))
    assert.equal(stored.requestParameters?.['integration.request.header.X-Missing'], undefined)
  })

  it('integration responses map only to headers declared on the method response of their status', async () => {
    await send(new PutIntegrationResponseCommand({
      restApiId, resourceId, httpMethod: 'GET', statusCode: '200',
      responseParameters: { 'method.response.header.X-Served-By': 'integration.response.header.Server' },
    }))
    await refused(
      send(new PutIntegrationResponseCommand({
        restApiId, resourceId, httpMethod: 'GET', statusCode: '200',
        responseParameters: { 'method.response.header.Location': "'https://example.com'" },
      })),
      undeclared('method.response.header.Location'),
    )
    await refused(
      send(new PutIntegrationResponseCommand({
        restApiId, resourceId, httpMethod: 'GET', statusCode: '200',
        responseParameters: { 'method.response.header.X-Served-By': 'method.request.header.X-Tenant' },
      })),
      invalid('method.request.header.X-Tenant'),
    )
    await refused(
      send(new PutIntegrationResponseCommand({
        restApiId, resourceId, httpMethod: 'GET', statusCode: '404',
        responseParameters: { 'method.response.header.X-Served-By': "'gatehouse'" },
      })),
      'Invalid mapping expression specified: Validation Result: warnings : [], errors : [No method response exists for method.]',
    )
    await refused(
      send(new UpdateIntegrationResponseCommand({
        restApiId, resourceId, httpMethod: 'GET', statusCode: '200',
        patchOperations: [{ op: 'add', path: '/responseParameters/method.response.header.X-Other', value: "'x'" }],
      })),
      undeclared('method.response.header.X-Other'),
    )
    const stored = await send(new GetIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }))
    assert.deepEqual(stored.responseParameters, { 'method.response.header.X-Served-By': 'integration.response.header.Server' })
  })
})
