import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import {
  CreateApiCommand, CreateAuthorizerCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2'
import { LocalIdentityProvider } from '../../../src/policies/authorizer/local-identity-provider.ts'
import { apiGatewayV2Client, functionArn, httpApiUrl } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

const HANDLERS = 'test/fixtures/functions/http-api/handlers'
const AUTHORIZERS = 'test/fixtures/functions/http-api/authorizers'
const capture = (name: string): { requestContext: Record<string, unknown> } =>
  JSON.parse(readFileSync(`${REPO_ROOT}/test/parity/recordings/sample-events/powertools-ts/apigw-http/${name}`, 'utf8'))

/**
 * Access to HTTP API routes (developer guide, "Controlling and managing access to an HTTP API"):
 * JWT authorizers against an OIDC issuer's JWKS, Lambda REQUEST authorizers, CORS, throttling —
 * built through SDK v3, called over HTTP.
 */
describe('HTTP API access control', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let issuerServer: Server
  let issuer: string
  let url: string
  let limitedUrl: string
  const idp = LocalIdentityProvider.generate()
  const now = Math.floor(Date.now() / 1000)
  const token = (claims: Record<string, unknown>): string => idp.sign({ iss: issuer, sub: 'alice', aud: 'my-app', iat: now - 10, exp: now + 600, ...claims })

  before(async () => {
    // Any OIDC issuer: discovery document and JWKS on a local server.
    issuerServer = createServer((req, res) => {
      res.setHeader('content-type', 'application/json')
      if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys` }))
      else res.end(JSON.stringify(idp.jwks()))
    })
    await new Promise<void>((listening) => issuerServer.listen(0, '127.0.0.1', listening))
    issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        echo: { handler: `${HANDLERS}.echoEvent` },
        simpleAuthorizer: { handler: `${AUTHORIZERS}.simple`, reservedConcurrency: 1 },
        policyAuthorizer: { handler: `${AUTHORIZERS}.policy`, reservedConcurrency: 1 },
      },
    })
    v2 = apiGatewayV2Client(gw)
    const ApiId = (await v2.send(new CreateApiCommand({
      Name: 'access', ProtocolType: 'HTTP',
      CorsConfiguration: { AllowOrigins: ['https://app.example.com'], AllowMethods: ['GET', 'POST'], AllowHeaders: ['authorization'], ExposeHeaders: ['x-total'], MaxAge: 300 },
    }))).ApiId!
    const IntegrationId = (await v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: functionArn('echo'), PayloadFormatVersion: '2.0' }))).IntegrationId!
    const Target = `integrations/${IntegrationId}`
    const jwt = (await v2.send(new CreateAuthorizerCommand({
      ApiId, Name: 'jwt', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: issuer, Audience: ['my-app'] },
    }))).AuthorizerId!
    const simple = (await v2.send(new CreateAuthorizerCommand({
      ApiId, Name: 'simple', AuthorizerType: 'REQUEST', AuthorizerUri: functionArn('simpleAuthorizer'), AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true, IdentitySource: ['$request.header.x-behaviour'], AuthorizerResultTtlInSeconds: 300,
    }))).AuthorizerId!
    const policy = (await v2.send(new CreateAuthorizerCommand({
      ApiId, Name: 'policy', AuthorizerType: 'REQUEST', AuthorizerUri: functionArn('policyAuthorizer'), AuthorizerPayloadFormatVersion: '1.0',
      IdentitySource: ['$request.header.x-behaviour'], AuthorizerResultTtlInSeconds: 0,
    }))).AuthorizerId!
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /jwt', Target, AuthorizationType: 'JWT', AuthorizerId: jwt }))
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /scoped', Target, AuthorizationType: 'JWT', AuthorizerId: jwt, AuthorizationScopes: ['pets/read'] }))
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /simple', Target, AuthorizationType: 'CUSTOM', AuthorizerId: simple }))
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /policy', Target, AuthorizationType: 'CUSTOM', AuthorizerId: policy }))
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /open', Target }))
    await v2.send(new CreateStageCommand({
      ApiId, StageName: 'live', AutoDeploy: true,
      RouteSettings: { 'GET /open': { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 0.001 } },
    }))
    url = `${httpApiUrl(gw, ApiId)}/live`
    await v2.send(new CreateStageCommand({ ApiId, StageName: 'limited', AutoDeploy: true, DefaultRouteSettings: { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 0.001 } }))
    limitedUrl = `${httpApiUrl(gw, ApiId)}/limited`
  })
  after(async () => {
    v2.destroy()
    await gw.close()
    issuerServer.close()
  })

  it('lets a valid token through with its claims as strings and scopes null, in the capture\'s place', async () => {
    const response = await fetch(`${url}/jwt`, { headers: { authorization: `Bearer ${token({ custom: 42 })}` } })
    assert.equal(response.status, 200)
    const event = await response.json() as { requestContext: Record<string, unknown> }
    const authorizer = event.requestContext.authorizer as { jwt: { claims: Record<string, string>; scopes: unknown } }
    assert.equal(authorizer.jwt.claims.sub, 'alice')
    assert.equal(authorizer.jwt.claims.exp, String(now + 600))
    assert.equal(authorizer.jwt.claims.custom, '42')
    assert.equal(authorizer.jwt.scopes, null)
    // sample event: powertools-ts/apigw-http/jwt-authorizer-auth.json — authorizer right after apiId.
    assert.deepEqual(Object.keys(event.requestContext).slice(0, 3), Object.keys(capture('jwt-authorizer-auth.json').requestContext).slice(0, 3))
  })

  it('refuses missing, foreign-audience and expired tokens with 401 and www-authenticate', async () => {
    const none = await fetch(`${url}/jwt`)
    assert.equal(none.status, 401)
    assert.equal(await none.text(), '{"message":"Unauthorized"}')
    assert.ok(none.headers.get('www-authenticate')?.startsWith('Bearer'))
    const audience = await fetch(`${url}/jwt`, { headers: { authorization: token({ aud: 'other' }) } })
    assert.equal(audience.status, 401)
    // developer guide, "Troubleshooting issues with HTTP API JWT authorizers".
    assert.equal(audience.headers.get('www-authenticate'), 'Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"')
    const expired = await fetch(`${url}/jwt`, { headers: { authorization: token({ exp: now - 5 }) } })
    assert.equal(expired.status, 401)
    // `client_id` stands for `aud` (same page).
    const client = await fetch(`${url}/jwt`, { headers: { authorization: token({ aud: undefined, client_id: 'my-app' }) } })
    assert.equal(client.status, 200)
  })

  it('asks for one of the route\'s scopes', async () => {
    const without = await fetch(`${url}/scoped`, { headers: { authorization: token({ scope: 'pets/write' }) } })
    assert.equal(without.status, 403)
    assert.match(without.headers.get('www-authenticate') ?? '', /insufficient_scope/)
    const withScope = await fetch(`${url}/scoped`, { headers: { authorization: token({ scope: 'openid pets/read' }) } })
    assert.equal(withScope.status, 200)
    const event = await withScope.json() as { requestContext: { authorizer: { jwt: { scopes: string[] } } } }
    assert.deepEqual(event.requestContext.authorizer.jwt.scopes, ['pets/read'])
  })

  it('runs a simple-response Lambda authorizer, caches its answer by identity value, and passes its context under lambda', async () => {
    const missing = await fetch(`${url}/simple`)
    assert.equal(missing.status, 401)
    const denied = await fetch(`${url}/simple`, { headers: { 'x-behaviour': 'deny' } })
    assert.equal(denied.status, 403)
    assert.equal(await denied.text(), '{"message":"Forbidden"}')
    const first = await (await fetch(`${url}/simple`, { headers: { 'x-behaviour': 'allow' } })).json() as { requestContext: { authorizer: { lambda: Record<string, unknown> } } }
    const second = await (await fetch(`${url}/simple`, { headers: { 'x-behaviour': 'allow' } })).json() as typeof first
    assert.deepEqual(first.requestContext.authorizer.lambda.list, ['value1', 'value2'])
    assert.deepEqual(first.requestContext.authorizer.lambda.identity, ['allow'])
    assert.equal(first.requestContext.authorizer.lambda.version, '2.0')
    assert.equal(second.requestContext.authorizer.lambda.calls, first.requestContext.authorizer.lambda.calls)
  })

  it('evaluates a payload 1.0 authorizer\'s IAM policy and answers 500 when the function fails', async () => {
    const allowed = await fetch(`${url}/policy`, { headers: { 'x-behaviour': 'allow' } })
    assert.equal(allowed.status, 200)
    const event = await allowed.json() as { requestContext: { authorizer: { lambda: Record<string, unknown> } } }
    assert.equal(event.requestContext.authorizer.lambda.version, '1.0')
    assert.equal(event.requestContext.authorizer.lambda.token, 'allow')
    assert.equal((await fetch(`${url}/policy`, { headers: { 'x-behaviour': 'deny' } })).status, 403)
    const failed = await fetch(`${url}/policy`, { headers: { 'x-behaviour': 'fail' } })
    assert.equal(failed.status, 500)
    assert.equal(await failed.text(), '{"message":"Internal Server Error"}')
  })

  it('answers CORS preflights itself and adds CORS headers when the origin matches', async () => {
    const preflight = await fetch(`${url}/jwt`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' } })
    // 204 as an emulator author reports checking on AWS (floci-io/floci#1955); the header names from the developer guide, "Configuring CORS for an HTTP API".
    assert.equal(preflight.status, 204)
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example.com')
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET,POST')
    assert.equal(preflight.headers.get('access-control-max-age'), '300')
    const actual = await fetch(`${url}/jwt`, { headers: { origin: 'https://app.example.com' } })
    assert.equal(actual.status, 401)
    assert.equal(actual.headers.get('access-control-allow-origin'), 'https://app.example.com')
    assert.equal(actual.headers.get('access-control-expose-headers'), 'x-total')
    const foreign = await fetch(`${url}/jwt`, { method: 'OPTIONS', headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'GET' } })
    assert.equal(foreign.headers.get('access-control-allow-origin'), null)
  })

  it('throttles a route by its stage route settings with 429 Too Many Requests', async () => {
    assert.equal((await fetch(`${url}/open`)).status, 200)
    const throttled = await fetch(`${url}/open`)
    assert.equal(throttled.status, 429)
    assert.equal(await throttled.text(), '{"message":"Too Many Requests"}')
  })

  it('gives every route its own bucket of the stage\'s DefaultRouteSettings', async () => {
    // Developer guide, "Throttling requests to your HTTP API": route-level limits, the defaults applying to each route.
    assert.equal((await fetch(`${limitedUrl}/open`)).status, 200)
    assert.equal((await fetch(`${limitedUrl}/open`)).status, 429)
    const other = await fetch(`${limitedUrl}/simple`, { headers: { 'x-behaviour': 'allow' } })
    assert.equal(other.status, 200)
    assert.equal((await fetch(`${limitedUrl}/simple`, { headers: { 'x-behaviour': 'allow' } })).status, 429)
  })
})
