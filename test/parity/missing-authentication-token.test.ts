import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand,
  PutMethodCommand, PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { recording } from '../helpers/recordings.ts'
import { rawRequest, type RawResponse } from '../helpers/raw-http.ts'

/**
 * Whatever does not route is AWS's 403 Missing Authentication Token, never a 404
 * (`[LS test_apigateway_common > test_routing_not_found > not-found / wrong-method]`):
 * an unknown path, a method the resource lacks — and, the same way, an unknown API id or stage —
 * on each of the three URL forms Gatehouse serves.
 */
const RECORDED = recording('test_apigateway_common', 'TestApigatewayRouting::test_routing_not_found')

type UrlForm = 'host' | '_aws/execute-api' | '_user_request_'
const FORMS: readonly UrlForm[] = ['host', '_aws/execute-api', '_user_request_']

describe('parity: Missing Authentication Token (LS test_apigateway_common > test_routing_not_found)', () => {
  let gw: TestGateway
  let port: number
  let restApiId: string

  before(async () => {
    gw = await startTestGateway()
    port = Number(new URL(gw.url).port)
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'routing', endpointConfiguration: { types: ['REGIONAL'] } }))
    restApiId = api.id!
    const exists = await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'exists' }))
    const resourceId = exists.id!
    // As in the recorded test: one GET answering {"message": "exists", "statusCode": 200}.
    await send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }))
    await send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }))
    await send(new PutIntegrationCommand({
      restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' },
    }))
    await send(new PutIntegrationResponseCommand({
      restApiId, resourceId, httpMethod: 'GET', statusCode: '200',
      responseTemplates: { 'application/json': '{"message": "exists", "statusCode": 200}' },
    }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }))
  })
  after(() => gw.close())

  /** `{api}/{stage}{path}` on one URL form; the host form names the API in the Host header, as AWS does. */
  function call(form: UrlForm, method: string, api: string, stage: string, path: string): Promise<RawResponse> {
    const localHost = `localhost:${port}`
    if (form === 'host') return rawRequest({ port, method, path: `/${stage}${path}`, headers: { Host: `${api}.execute-api.localhost:${port}` } })
    if (form === '_aws/execute-api') return rawRequest({ port, method, path: `/_aws/execute-api/${api}/${stage}${path}`, headers: { Host: localHost } })
    return rawRequest({ port, method, path: `/restapis/${api}/${stage}/_user_request_${path}`, headers: { Host: localHost } })
  }

  function assertMissingAuthenticationToken(res: RawResponse, key: 'not-found' | 'wrong-method'): void {
    assert.equal(res.status, 403)
    assert.equal(res.body.toString('utf8'), JSON.stringify(RECORDED[key].content))
    assert.equal(res.headers['x-amzn-errortype'], RECORDED[key].errorType)
    assert.equal(res.headers['content-type'], 'application/json')
    assert.equal(typeof res.headers['x-amzn-requestid'], 'string')
  }

  for (const form of FORMS) {
    describe(`${form} URL form`, () => {
      it('the route exists [LS test_apigateway_common > test_routing_not_found > working-route]', async () => {
        const res = await call(form, 'GET', restApiId, 'dev', '/exists')
        assert.equal(res.status, RECORDED['working-route'].statusCode)
        assert.deepEqual(JSON.parse(res.body.toString()), RECORDED['working-route'])
      })

      it('an unknown path [LS test_apigateway_common > test_routing_not_found > not-found]', async () => {
        assertMissingAuthenticationToken(await call(form, 'GET', restApiId, 'dev', '/does-not-exist'), 'not-found')
        assertMissingAuthenticationToken(await call(form, 'GET', restApiId, 'dev', '/exists/below'), 'not-found')
        // The root resource has no method of its own.
        assertMissingAuthenticationToken(await call(form, 'GET', restApiId, 'dev', '/'), 'not-found')
      })

      it('a method the resource does not have [LS test_apigateway_common > test_routing_not_found > wrong-method]', async () => {
        assertMissingAuthenticationToken(await call(form, 'POST', restApiId, 'dev', '/exists'), 'wrong-method')
        assertMissingAuthenticationToken(await call(form, 'DELETE', restApiId, 'dev', '/exists'), 'wrong-method')
      })

      it('an unknown stage', async () => {
        assertMissingAuthenticationToken(await call(form, 'GET', restApiId, 'nostage', '/exists'), 'not-found')
      })

      it('an unknown API id', async () => {
        assertMissingAuthenticationToken(await call(form, 'GET', 'abcdefghij', 'dev', '/exists'), 'not-found')
      })
    })
  }

  // Not recorded here: the texts AWS users report for a token sent to a path that does not exist
  // (aws/chalice#828, serverless/serverless#3205) — the request is read as a malformed SigV4 one.
  it('an Authorization header that is not SigV4, on a path that does not route, says what the signature lacks', async () => {
    const bearer = await rawRequest({
      port, path: `/_aws/execute-api/${restApiId}/dev/does-not-exist`, headers: { Host: `localhost:${port}`, Authorization: 'Bearer sometoken' },
    })
    assert.equal(bearer.status, 403)
    assert.equal(bearer.headers['x-amzn-errortype'], 'IncompleteSignatureException')
    assert.deepEqual(JSON.parse(bearer.body.toString('utf8')), {
      message: "'sometoken' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer sometoken'.",
    })
    const jwt = await rawRequest({
      port, path: `/_aws/execute-api/${restApiId}/dev/does-not-exist`, headers: { Host: `localhost:${port}`, Authorization: 'eyJhbGciOi.e30.c2ln' },
    })
    assert.equal(jwt.status, 403)
    assert.deepEqual(JSON.parse(jwt.body.toString('utf8')), {
      message: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. "
        + "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        + 'Authorization=eyJhbGciOi.e30.c2ln',
    })
    // The route that exists is unaffected by an Authorization header it does not use.
    const routed = await rawRequest({
      port, path: `/_aws/execute-api/${restApiId}/dev/exists`, headers: { Host: `localhost:${port}`, Authorization: 'Bearer sometoken' },
    })
    assert.equal(routed.status, 200)
  })

  it('a host-form request that names no stage', async () => {
    const res = await rawRequest({ port, path: '/', headers: { Host: `${restApiId}.execute-api.localhost:${port}` } })
    assertMissingAuthenticationToken(res, 'not-found')
  })
})
