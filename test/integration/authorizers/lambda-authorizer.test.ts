import assert from 'node:assert/strict'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  CreateAuthorizerCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, FlushStageAuthorizersCacheCommand,
  PutGatewayResponseCommand, PutIntegrationCommand, TestInvokeAuthorizerCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/core/clock.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { sampleEvent } from '../../helpers/recordings.ts'

/**
 * Lambda TOKEN and REQUEST authorizers end to end ([EV powertools-ts/apigw-rest/authorizer-*.json],
 * developer guide, apigateway-use-lambda-authorizer and api-gateway-lambda-authorizer-output): real
 * gateway, real functions host, real SDK. The authorizer functions
 * (test/fixtures/functions/authorizers.ts) answer what the token asks and report a call counter, so
 * caching is observed, not assumed.
 */

const sample = (name: string): any => sampleEvent(`powertools-ts/apigw-rest/${name}`)
const lambdaUri = (fn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${fn}/invocations`

describe('Lambda authorizers', () => {
  let gw: TestGateway
  let clock: ManualClock
  let restApiId: string
  const ids: Record<string, string> = {}
  let backend: Server
  let backendSaw: IncomingHttpHeaders[] = []

  before(async () => {
    backend = createServer((req, res) => {
      backendSaw.push(req.headers)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
    await new Promise<void>((done) => backend.listen(0, '127.0.0.1', done))
    clock = new ManualClock(Date.UTC(2026, 0, 1))
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      clock,
      functions: {
        'auth-token': { handler: 'test/fixtures/functions/authorizers.token', reservedConcurrency: 1 },
        'auth-request': { handler: 'test/fixtures/functions/authorizers.request', reservedConcurrency: 1 },
        echo: { handler: 'test/fixtures/functions/proxy-parity.echoEvent' },
      },
    })
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'authorizers', endpointConfiguration: { types: ['REGIONAL'] } }))
    restApiId = api.id!
    const authorizer = async (name: string, input: Record<string, unknown>) =>
      (await send(new CreateAuthorizerCommand({ restApiId, name, ...input } as any))).id!
    const token = await authorizer('token', {
      type: 'TOKEN', authorizerUri: lambdaUri('auth-token'), identitySource: 'method.request.header.Authorization',
      identityValidationExpression: 'Bearer [a-z-]+(\\..*)?', authorizerResultTtlInSeconds: 300,
    })
    const uncached = await authorizer('uncached', {
      type: 'TOKEN', authorizerUri: lambdaUri('auth-token'), identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0,
    })
    const request = await authorizer('request', {
      type: 'REQUEST', authorizerUri: lambdaUri('auth-request'),
      identitySource: 'method.request.header.x-behaviour, method.request.querystring.q, stageVariables.v, context.httpMethod',
    })
    const missing = await authorizer('missing-function', {
      type: 'TOKEN', authorizerUri: lambdaUri('no-such-function'), identitySource: 'method.request.header.Authorization',
    })

    async function method(pathPart: string, authorizerId: string, integration: 'echo' | 'mock' | 'http' | 'mock-header'): Promise<void> {
      const resourceId = (await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart }))).id!
      await send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId }))
      if (integration === 'echo') {
        await send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaUri('echo') }))
        return
      }
      if (integration === 'http') {
        await send(new PutIntegrationCommand({
          restApiId, resourceId, httpMethod: 'GET', type: 'HTTP_PROXY', integrationHttpMethod: 'GET',
          uri: `http://127.0.0.1:${(backend.address() as AddressInfo).port}/`,
          requestParameters: { 'integration.request.header.x-evil': 'context.authorizer.evil', 'integration.request.header.x-text': 'context.authorizer.text' },
        }))
        return
      }
      await send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
      const header = integration === 'mock-header'
      await send(new PutMethodResponseCommand({
        restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseParameters: header ? { 'method.response.header.x-evil': false } : undefined,
      }))
      await send(new PutIntegrationResponseCommand({
        restApiId, resourceId, httpMethod: 'GET', statusCode: '200',
        responseParameters: header ? { 'method.response.header.x-evil': 'context.authorizer.evil' } : undefined,
        responseTemplates: { 'application/json': '$context.authorizer.principalId|$context.authorizer.num|$context.authorizer.bool|$context.authorizer.text' },
      }))
    }
    Object.assign(ids, { token, request })
    await method('a', token, 'echo')
    await method('b', token, 'echo')
    await method('n', uncached, 'echo')
    await method('r', request, 'echo')
    await method('m', token, 'mock')
    await method('h', token, 'http')
    await method('mh', token, 'mock-header')
    await method('x', missing, 'echo')
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod', variables: { v: 'stage-value' } }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'custom' }))
  })
  after(async () => {
    await gw.close()
    backend.close()
  })

  const call = async (path: string, headers: Record<string, string> = {}, stage = 'prod') => {
    const res = await fetch(`${gw.stageUrl(restApiId, stage)}${path}`, { headers })
    const text = await res.text()
    return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), text, json: () => JSON.parse(text) }
  }
  const authorizerOf = async (path: string, token: string) => {
    const res = await call(path, { Authorization: token })
    assert.equal(res.status, 200, res.text)
    return res.json().requestContext.authorizer
  }
  const methodArn = (verb: string, path: string, stage = 'prod') => `arn:aws:execute-api:us-east-1:000000000000:${restApiId}/${stage}/${verb}/${path}`

  it('TOKEN: the event is exactly {type, methodArn, authorizationToken} [EV authorizer-token.json]; principalId, integrationLatency and stringified context reach requestContext.authorizer [EV lambda-authorizer-auth.json]', async () => {
    const authorizer = await authorizerOf('/a', 'Bearer allow.event')
    const event = JSON.parse(authorizer.event)
    assert.deepEqual(Object.keys(event), Object.keys(sample('authorizer-token.json')))
    assert.deepEqual(event, { type: 'TOKEN', methodArn: methodArn('GET', 'a'), authorizationToken: 'Bearer allow.event' })
    const recorded = sample('lambda-authorizer-auth.json').requestContext.authorizer
    assert.deepEqual(Object.keys(authorizer).slice(0, 2), Object.keys(recorded))
    assert.equal(authorizer.principalId, 'user|a1')
    assert.equal(typeof authorizer.integrationLatency, 'number')
    assert.deepEqual([authorizer.num, authorizer.bool, authorizer.text], ['1', 'true', 'plain'], 'context values are strings (developer guide, api-gateway-lambda-authorizer-output)')
  })

  it('TOKEN: a missing or empty token, or one failing identityValidationExpression, is 401 without calling the function (developer guide, apigateway-use-lambda-authorizer)', async () => {
    const before = Number((await authorizerOf('/n', 'Bearer allow.count-before')).calls)
    for (const headers of [{}, { Authorization: '' }, { Authorization: 'Basic abc' }] as Record<string, string>[]) {
      const res = await call('/a', headers)
      assert.deepEqual([res.status, res.errorType, res.text], [401, 'UnauthorizedException', '{"message":"Unauthorized"}'])
    }
    const after = Number((await authorizerOf('/n', 'Bearer allow.count-after')).calls)
    assert.equal(after, before + 1, 'only the two allowed calls reached the function')
  })

  it('policy: Deny, Deny over Allow, and no matching Allow are 403 {"Message":...} (capital M, AWS\'s ACCESS_DENIED answer); an explicit Deny says so (AWS knowledge center, "api-gateway-403-error-lambda-authorizer"); `?` and `*` wildcards match', async () => {
    const explicit = '{"Message":"User is not authorized to access this resource with an explicit deny"}'
    const implicit = '{"Message":"User is not authorized to access this resource"}'
    for (const [token, text] of [['Bearer deny', explicit], ['Bearer allow-and-deny', explicit], ['Bearer allow-other-stage', implicit]]) {
      const res = await call('/n', { Authorization: token })
      assert.deepEqual([res.status, res.errorType, res.text], [403, 'AccessDeniedException', text], token)
    }
    assert.equal((await call('/n', { Authorization: 'Bearer allow-question-mark' })).status, 200)
    assert.equal((await call('/n', { Authorization: 'Bearer allow-all' })).status, 200)
  })

  it('the function saying Unauthorized is 401; failing, a missing policy, an object in context or no such function is 500 {"message":null} (AUTHORIZER_CONFIGURATION_ERROR, developer guide, supported-gateway-response-types)', async () => {
    const unauthorized = await call('/n', { Authorization: 'Bearer unauthorized' })
    assert.deepEqual([unauthorized.status, unauthorized.text], [401, '{"message":"Unauthorized"}'])
    for (const [path, token] of [['/n', 'Bearer fail'], ['/n', 'Bearer no-policy'], ['/n', 'Bearer context-object'], ['/x', 'Bearer allow']]) {
      const res = await call(path, { Authorization: token })
      assert.deepEqual([res.status, res.errorType, res.text], [500, 'AuthorizerConfigurationException', '{"message":null}'], `${path} ${token}`)
    }
  })

  it('cache: the same token is answered from the cache for authorizerResultTtlInSeconds (integrationLatency 0), then the function runs again', async () => {
    const first = await authorizerOf('/a', 'Bearer allow.ttl')
    const second = await authorizerOf('/a', 'Bearer allow.ttl')
    assert.equal(second.calls, first.calls, 'served from the cache')
    assert.equal(second.integrationLatency, 0)
    clock.advance(299_000)
    assert.equal((await authorizerOf('/a', 'Bearer allow.ttl')).calls, first.calls, 'still cached at 299 s')
    clock.advance(2_000)
    const third = await authorizerOf('/a', 'Bearer allow.ttl')
    assert.equal(Number(third.calls), Number(first.calls) + 1, 'expired after 300 s')
    const uncached = [await authorizerOf('/n', 'Bearer allow.zero'), await authorizerOf('/n', 'Bearer allow.zero')]
    assert.equal(Number(uncached[1].calls), Number(uncached[0].calls) + 1, 'TTL 0 turns caching off')
  })

  it('the policy-caching trap: a cached policy naming only /a denies /b for the same token, though the function would allow it', async () => {
    assert.equal((await call('/a', { Authorization: 'Bearer allow.trap' })).status, 200)
    const trapped = await call('/b', { Authorization: 'Bearer allow.trap' })
    assert.deepEqual([trapped.status, trapped.text], [403, '{"Message":"User is not authorized to access this resource"}'])
    assert.equal((await call('/b', { Authorization: 'Bearer allow.fresh' })).status, 200, 'a fresh token is allowed on /b')
  })

  it('FlushStageAuthorizersCache makes the next request call the function again', async () => {
    const first = await authorizerOf('/a', 'Bearer allow.flush')
    assert.equal((await authorizerOf('/a', 'Bearer allow.flush')).calls, first.calls)
    const flushed = await gw.apigateway.send(new FlushStageAuthorizersCacheCommand({ restApiId, stageName: 'prod' }))
    assert.equal(flushed.$metadata.httpStatusCode, 202)
    assert.equal(Number((await authorizerOf('/a', 'Bearer allow.flush')).calls), Number(first.calls) + 1)
  })

  it('REQUEST: the event has the recorded keys in order, {} for empty maps, the methodArn and the request [EV authorizer-request.json]', async () => {
    const res = await call('/r?q=1&q=2', { 'x-behaviour': 'allow', 'User-Agent': 'test-agent' })
    assert.equal(res.status, 200, res.text)
    const event = JSON.parse(res.json().requestContext.authorizer.event)
    const recorded = sample('authorizer-request.json')
    assert.deepEqual(Object.keys(event), Object.keys(recorded))
    assert.equal(event.methodArn, methodArn('GET', 'r'))
    assert.deepEqual([event.resource, event.path, event.httpMethod], ['/r', '/r', 'GET'])
    assert.equal(event.headers['x-behaviour'], 'allow')
    assert.deepEqual(event.multiValueHeaders['x-behaviour'], ['allow'])
    assert.deepEqual(event.queryStringParameters, { q: '2' })
    assert.deepEqual(event.multiValueQueryStringParameters, { q: ['1', '2'] })
    assert.deepEqual(event.pathParameters, {})
    assert.deepEqual(event.stageVariables, { v: 'stage-value' })
    assert.deepEqual(Object.keys(event.requestContext).sort(), Object.keys(recorded.requestContext).sort())
    assert.equal(event.requestContext.authorizer, undefined)
  })

  it('REQUEST: any missing identity source (header, query string, stage variable) is 401 without a call', async () => {
    assert.equal((await call('/r', { 'x-behaviour': 'allow' })).status, 401, 'no query string')
    assert.equal((await call('/r?q=1')).status, 401, 'no header')
    assert.equal((await call('/r?q=1', { 'x-behaviour': 'allow' }, 'custom')).status, 401, 'no stage variable on that stage')
  })

  it('$context.authorizer.* in mapping templates: principalId and stringified context (developer guide, api-gateway-lambda-authorizer-output)', async () => {
    const res = await call('/m', { Authorization: 'Bearer allow.mock' })
    assert.deepEqual([res.status, res.text], [200, 'user|a1|1|true|plain'])
  })

  it('security: CR/LF in a context value never becomes a header of its own: the request fails closed (500) and the backend is not called', async () => {
    backendSaw = []
    const allowed = await call('/h', { Authorization: 'Bearer allow-all' })
    assert.equal(allowed.status, 200, allowed.text)
    assert.equal(backendSaw.length, 1)
    assert.equal(backendSaw[0]['x-text'], 'plain', 'context values do reach the backend through mappings')
    backendSaw = []
    const res = await call('/h', { Authorization: 'Bearer inject' })
    assert.deepEqual([res.status, res.text], [500, '{"message": "Internal server error"}'])
    assert.equal(backendSaw.length, 0, 'nothing was sent with a forged header')
    assert.equal(res.text.includes('X-Injected'), false)
  })

  it('security: CR/LF in a context value mapped to a method response header never reaches the client as a header', async () => {
    const allowed = await fetch(`${gw.stageUrl(restApiId, 'prod')}/mh`, { headers: { Authorization: 'Bearer allow-all' } })
    assert.equal(allowed.status, 200)
    const res = await fetch(`${gw.stageUrl(restApiId, 'prod')}/mh`, { headers: { Authorization: 'Bearer inject' } })
    assert.equal(res.status, 500)
    assert.equal(res.headers.get('x-injected'), null)
    assert.equal(res.headers.get('x-evil'), null)
    // The gateway's own 500, with its request id, rather than a crash of the request handler.
    assert.equal(await res.text(), '{"message": "Internal server error"}')
    assert.equal(res.headers.get('x-amzn-errortype'), 'InternalServerErrorException')
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/)
  })

  it('TestInvokeAuthorizer runs the function once, never from the cache, on the inputs given (the console\'s Test)', async () => {
    const send = gw.apigateway.send.bind(gw.apigateway)
    const first = await send(new TestInvokeAuthorizerCommand({ restApiId, authorizerId: ids.token, headers: { Authorization: 'Bearer allow.test' } }))
    assert.equal(first.clientStatus, 0)
    assert.equal(first.principalId, 'user|a1')
    const policy = JSON.parse(first.policy!)
    assert.equal(policy.Statement[0].Effect, 'Allow')
    assert.equal(policy.Statement[0].Resource, `arn:aws:execute-api:us-east-1:000000000000:${restApiId}/ESTestInvoke-stage/GET/`)
    assert.equal(typeof first.latency, 'number')
    const second = await send(new TestInvokeAuthorizerCommand({ restApiId, authorizerId: ids.token, headers: { Authorization: 'Bearer allow.test' } }))
    assert.notEqual(JSON.parse(second.log!.split('Authorizer result body: ')[1]).context.calls, JSON.parse(first.log!.split('Authorizer result body: ')[1]).context.calls)
    const denied = await send(new TestInvokeAuthorizerCommand({ restApiId, authorizerId: ids.token, headers: { Authorization: 'Bearer deny' } }))
    assert.deepEqual([denied.clientStatus, JSON.parse(denied.policy!).Statement[0].Effect], [0, 'Deny'], 'the policy is reported, not evaluated')
    assert.equal((await send(new TestInvokeAuthorizerCommand({ restApiId, authorizerId: ids.token, headers: {} }))).clientStatus, 401)
    assert.equal((await send(new TestInvokeAuthorizerCommand({ restApiId, authorizerId: ids.token, headers: { Authorization: 'Bearer fail' } }))).clientStatus, 500)
    const request = await send(new TestInvokeAuthorizerCommand({
      restApiId, authorizerId: ids.request, headers: { 'x-behaviour': 'allow' }, pathWithQueryString: '/r?q=5', stageVariables: { v: 'x' },
    }))
    assert.equal(request.clientStatus, 0, request.log)
    const event = JSON.parse(JSON.parse(request.log!.split('Authorizer result body: ')[1]).context.event)
    assert.deepEqual([event.type, event.path, event.queryStringParameters, event.stageVariables], ['REQUEST', '/r', { q: '5' }, { v: 'x' }])
  })

  it('customised gateway responses: ACCESS_DENIED replaces AWS\'s built-in deny body; UNAUTHORIZED can add WWW-Authenticate', async () => {
    const send = gw.apigateway.send.bind(gw.apigateway)
    await send(new PutGatewayResponseCommand({ restApiId, responseType: 'ACCESS_DENIED', responseTemplates: { 'application/json': '{"denied":$context.error.messageString}' } }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'custom' }))
    await send(new PutGatewayResponseCommand({
      restApiId, responseType: 'UNAUTHORIZED', responseParameters: { 'gatewayresponse.header.WWW-Authenticate': "'Bearer realm=\"pets\"'" },
    }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'custom' }))
    const res = await call('/n', { Authorization: 'Bearer deny' }, 'custom')
    assert.deepEqual([res.status, res.text], [403, '{"denied":"User is not authorized to access this resource with an explicit deny"}'])
    const missing = await fetch(`${gw.stageUrl(restApiId, 'custom')}/a`)
    assert.deepEqual([missing.status, missing.headers.get('www-authenticate'), await missing.text()], [401, 'Bearer realm="pets"', '{"message":"Unauthorized"}'])
  })
})
