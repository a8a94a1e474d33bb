import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand,
  PutMethodCommand, PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { recording } from '../../helpers/recordings.ts'
import { rawRequest, type RawResponse } from '../../helpers/raw-http.ts'

/**
 * MOCK ([LS test_apigateway_basic > TestIntegrations::test_mock_integration_response]): the rendered
 * request template's `statusCode` selects the integration response by its `selectionPattern`, else the
 * default one; no match and no default is AWS's 500; and `passthroughBehavior` decides what happens to a
 * Content-Type no template maps (NEVER → 415, UNSUPPORTED_MEDIA_TYPE in the developer guide,
 * supported-gateway-response-types).
 *
 * The request templates are chosen by Content-Type, so one method can be made to answer any status
 * without depending on more VTL than a literal template.
 */
const MOCK_RECORDED = recording('test_apigateway_basic', 'TestIntegrations::test_mock_integration_response[WHEN_NO_MATCH-UrlType.PATH_BASED-GET]')
const STATUS_BY_CONTENT_TYPE = {
  'application/json': '{"statusCode": 200}',
  'application/x-not-found': '{"statusCode": 404}',
  'application/x-unavailable': '{"statusCode": 503}',
  'application/x-teapot': '{"statusCode": 418}',
}

describe('MOCK integration', () => {
  let gw: TestGateway
  let port: number
  let restApiId: string

  before(async () => {
    gw = await startTestGateway()
    port = Number(new URL(gw.url).port)
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'mock', endpointConfiguration: { types: ['REGIONAL'] } }))
    restApiId = api.id!
    const root = api.rootResourceId!

    /** A resource with one MOCK method and its method and integration responses. */
    async function mockMethod(pathPart: string, httpMethod: string, integration: {
      requestTemplates: Record<string, string>
      passthroughBehavior?: 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER'
      responses: { statusCode: string; selectionPattern?: string; body: string }[]
    }): Promise<void> {
      const resource = await send(new CreateResourceCommand({ restApiId, parentId: root, pathPart }))
      const resourceId = resource.id!
      await send(new PutMethodCommand({ restApiId, resourceId, httpMethod, authorizationType: 'NONE' }))
      await send(new PutIntegrationCommand({
        restApiId, resourceId, httpMethod, type: 'MOCK',
        requestTemplates: integration.requestTemplates, passthroughBehavior: integration.passthroughBehavior,
      }))
      for (const response of integration.responses) {
        await send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod, statusCode: response.statusCode }))
        await send(new PutIntegrationResponseCommand({
          restApiId, resourceId, httpMethod, statusCode: response.statusCode, selectionPattern: response.selectionPattern,
          responseTemplates: { 'application/json': response.body },
        }))
      }
    }

    await mockMethod('select', 'POST', {
      requestTemplates: STATUS_BY_CONTENT_TYPE,
      responses: [
        { statusCode: '200', body: '{"result": "default"}' },
        { statusCode: '404', selectionPattern: '404', body: '{"result": "not found"}' },
        { statusCode: '500', selectionPattern: '5\\d{2}', body: '{"result": "server error"}' },
      ],
    })
    await mockMethod('no-default', 'POST', {
      requestTemplates: STATUS_BY_CONTENT_TYPE,
      responses: [{ statusCode: '404', selectionPattern: '404', body: '{"result": "not found"}' }],
    })
    for (const behaviour of ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const) {
      await mockMethod(behaviour.toLowerCase().replaceAll('_', '-'), 'ANY', {
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        passthroughBehavior: behaviour,
        responses: [{ statusCode: '200', body: '{"id": 42, "statusCode": 200}' }],
      })
    }
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }))
  })
  after(() => gw.close())

  const call = (method: string, path: string, contentType?: string, form: 'path' | 'host' = 'path'): Promise<RawResponse> => rawRequest({
    port,
    method,
    path: form === 'path' ? `/_aws/execute-api/${restApiId}/test${path}` : `/test${path}`,
    headers: {
      Host: form === 'path' ? `localhost:${port}` : `${restApiId}.execute-api.localhost:${port}`,
      ...(contentType === undefined ? {} : { 'Content-Type': contentType }),
    },
    body: method === 'GET' ? undefined : '{"some": "input"}',
  })

  it('a statusCode matching a selectionPattern selects that integration response', async () => {
    const notFound = await call('POST', '/select', 'application/x-not-found')
    assert.equal(notFound.status, 404)
    assert.equal(notFound.body.toString(), '{"result": "not found"}')
    assert.equal(notFound.headers['content-type'], 'application/json')
    const unavailable = await call('POST', '/select', 'application/x-unavailable')
    assert.equal(unavailable.status, 500)
    assert.equal(unavailable.body.toString(), '{"result": "server error"}')
  })

  it('a statusCode no pattern matches takes the default response (no selectionPattern), with its status', async () => {
    for (const contentType of ['application/json', 'application/x-teapot']) {
      const res = await call('POST', '/select', contentType)
      assert.equal(res.status, 200, contentType)
      assert.equal(res.body.toString(), '{"result": "default"}')
    }
  })

  it('without a Content-Type the application/json template applies (developer guide)', async () => {
    const res = await call('POST', '/select')
    assert.equal(res.status, 200)
    assert.equal(res.body.toString(), '{"result": "default"}')
  })

  it('no matching response and no default is 500 Internal server error', async () => {
    const res = await call('POST', '/no-default', 'application/json')
    assert.equal(res.status, 500)
    assert.equal(res.body.toString(), '{"message": "Internal server error"}')
    assert.equal(res.headers['x-amzn-errortype'], 'InternalServerErrorException')
    // The pattern that does match still works on the same method.
    assert.equal((await call('POST', '/no-default', 'application/x-not-found')).status, 404)
  })

  it('every passthroughBehavior answers a mapped Content-Type, GET and POST, path and host URLs [LS test_apigateway_basic > TestIntegrations::test_mock_integration_response[*] > mock-response]', async () => {
    for (const behaviour of ['when-no-match', 'when-no-templates', 'never']) {
      for (const method of ['GET', 'POST']) {
        for (const form of ['path', 'host'] as const) {
          const res = await call(method, `/${behaviour}`, 'application/json', form)
          assert.equal(res.status, 200, `${behaviour} ${method} ${form}`)
          assert.deepEqual(JSON.parse(res.body.toString()), MOCK_RECORDED['mock-response'])
        }
      }
    }
  })

  it('NEVER refuses an unmapped Content-Type with 415 Unsupported Media Type (developer guide, supported-gateway-response-types)', async () => {
    const res = await call('POST', '/never', 'text/csv')
    assert.equal(res.status, 415)
    assert.equal(res.body.toString(), '{"message":"Unsupported Media Type"}')
    assert.equal(res.headers['content-type'], 'application/json')
    assert.equal(res.headers['x-amzn-errortype'], 'UnsupportedMediaTypeException')
  })

  it('WHEN_NO_TEMPLATES refuses an unmapped Content-Type too once templates exist (developer guide, passthrough behaviour)', async () => {
    const res = await call('POST', '/when-no-templates', 'text/csv')
    assert.equal(res.status, 415)
    assert.equal(res.body.toString(), '{"message":"Unsupported Media Type"}')
  })
})
