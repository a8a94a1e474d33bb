import assert from 'node:assert/strict'
import { createHmac, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  APIGatewayClient, CreateAuthorizerCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand,
  PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, TestInvokeAuthorizerCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { ManualClock } from '../../../src/core/clock.ts'
import { startGateway, type RunningGateway } from '../../../src/main.ts'
import { LocalIdentityProvider, userPoolClaims } from '../../../src/policies/authorizer/local-identity-provider.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'

/**
 * COGNITO_USER_POOLS authorizers (developer guide; powertools-lambda-typescript's sample event
 * apigw-rest/jwt-authorizer-auth.json): tokens verified against the pool's
 * JWKS (a local file here) and Gatehouse's own key, claims in requestContext.authorizer.claims and
 * $context.authorizer.claims, and every forgery refused.
 */

const POOL = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_testpool'
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_testpool'
const LOCAL_POOL = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_gatehouse'
const URL_POOL = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_byurl'
const pem = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()

describe('Cognito user pool authorizers', () => {
  let gw: RunningGateway
  let client: APIGatewayClient
  let restApiId: string
  let poolAuthorizerId: string
  let dir: string
  let issuerServer: Server
  let issuerUrl: string
  const jwksFetches: string[] = []
  const urlPool = new LocalIdentityProvider(pem())
  const clock = new ManualClock(Date.UTC(2026, 0, 1))
  const pool = new LocalIdentityProvider(pem())
  const local = LocalIdentityProvider.generate()
  const now = () => Math.floor(clock.now() / 1000)
  const idToken = (extra: Record<string, unknown> = {}) =>
    pool.sign({ ...userPoolClaims({ issuer: ISSUER, sub: 'alice', now: now(), tokenUse: 'id', clientId: 'client-1' }), ...extra })
  const accessToken = (scope: string) => pool.sign(userPoolClaims({ issuer: ISSUER, sub: 'alice', now: now(), scope, clientId: 'client-1' }))

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-jwks-'))
    // A pool mapped to an issuer URL: its JWKS is fetched from {issuer}/.well-known/jwks.json, as Cognito publishes it.
    issuerServer = createServer((req, res) => {
      jwksFetches.push(req.url ?? '')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(urlPool.jwks()))
    })
    await new Promise<void>((done) => issuerServer.listen(0, '127.0.0.1', done))
    issuerUrl = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}/us-east-1_byurl`
    writeFileSync(join(dir, 'jwks.json'), JSON.stringify(pool.jwks()))
    gw = await startGateway({
      port: 0, host: '127.0.0.1', dataDir: '', inMemory: true, aws: DEFAULT_AWS_ENVIRONMENT, baseDir: dir, pinnedApiIds: {}, clock,
      functions: { echo: { handler: join(REPO_ROOT, 'test/fixtures/functions/proxy-parity.echoEvent') } },
      userPools: { [POOL]: { jwksFile: 'jwks.json', clientIds: ['client-1', 'other-client'] }, [LOCAL_POOL]: { gatehouse: true }, [URL_POOL]: { issuer: issuerUrl } },
      identityProvider: local,
    })
    client = new APIGatewayClient({ endpoint: gw.adminUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
    const send = client.send.bind(client)
    const api = await send(new CreateRestApiCommand({ name: 'cognito' }))
    restApiId = api.id!
    const authorizer = async (name: string, arn: string, identityValidationExpression?: string) => (await send(new CreateAuthorizerCommand({
      restApiId, name, type: 'COGNITO_USER_POOLS', providerARNs: [arn], identitySource: 'method.request.header.Authorization', identityValidationExpression,
    }))).id!
    const pooled = await authorizer('pool', POOL)
    poolAuthorizerId = pooled
    const gatehouse = await authorizer('gatehouse', LOCAL_POOL)
    const method = async (pathPart: string, authorizerId: string, mock: boolean, scopes?: string[]) => {
      const resourceId = (await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart }))).id!
      await send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId, authorizationScopes: scopes }))
      if (!mock) {
        await send(new PutIntegrationCommand({
          restApiId, resourceId, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST',
          uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:echo/invocations',
        }))
        return
      }
      await send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
      await send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }))
      await send(new PutIntegrationResponseCommand({
        restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '$context.authorizer.claims.sub $context.authorizer.claims.scope' },
      }))
    }
    await method('c', pooled, false)
    await method('u', await authorizer('by-url', URL_POOL), false)
    await method('v', await authorizer('aud-check', POOL, 'client-[0-9]'), false)
    await method('s', pooled, false, ['pets/read'])
    await method('g', gatehouse, true, ['pets/read'])
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
  })
  after(async () => {
    client.destroy()
    await gw.close()
    rmSync(dir, { recursive: true, force: true })
    issuerServer.close()
  })

  const call = async (path: string, token?: string) => {
    const res = await fetch(`${gw.url}/_aws/execute-api/${restApiId}/prod${path}`, { headers: token === undefined ? {} : { Authorization: token } })
    return { status: res.status, text: await res.text() }
  }
  const UNAUTHORIZED = { status: 401, text: '{"message":"Unauthorized"}' }

  it('an id token of the pool passes; claims are strings, exp/iat as Java dates, auth_time epoch seconds [EV jwt-authorizer-auth.json]', async () => {
    const token = idToken({ 'cognito:groups': ['admins', 'staff'], email_verified: true })
    const res = await call('/c', token)
    assert.equal(res.status, 200, res.text)
    const { claims } = JSON.parse(res.text).requestContext.authorizer
    // The same token again is answered from the authorizer's cache, its claims worked out once and shared.
    for (let again = 0; again < 2; again++) assert.deepEqual(JSON.parse((await call('/c', token)).text).requestContext.authorizer, { claims })
    assert.ok(Object.values(claims).every((value) => typeof value === 'string'))
    assert.equal(claims['cognito:groups'], 'admins,staff')
    assert.equal(claims.email_verified, 'true')
    assert.equal(claims.sub, 'alice')
    assert.equal(claims.token_use, 'id')
    assert.equal(claims.aud, 'client-1')
    assert.equal(claims.auth_time, String(now()))
    assert.equal(claims.iat, 'Thu Jan 01 00:00:00 UTC 2026')
    assert.equal(claims.exp, 'Thu Jan 01 01:00:00 UTC 2026')
    assert.equal((await call('/c', `Bearer ${idToken()}`)).status, 200, 'a Bearer prefix is accepted')
  })

  it('a pool mapped to an issuer URL: its JWKS is fetched once from {issuer}/.well-known/jwks.json; its tokens pass, other pools\' do not', async () => {
    const token = (sub: string) => urlPool.sign(userPoolClaims({ issuer: issuerUrl, sub, now: now(), tokenUse: 'id', clientId: 'web' }))
    assert.equal((await call('/u', token('carol'))).status, 200)
    assert.equal((await call('/u', token('dave'))).status, 200)
    assert.deepEqual(jwksFetches, ['/us-east-1_byurl/.well-known/jwks.json'], 'read once, then kept')
    assert.deepEqual(await call('/u', idToken()), UNAUTHORIZED, 'a token of another pool')
  })

  it('TestInvokeAuthorizer reports a valid token\'s claims, and 401 for a bad one', async () => {
    const ok = await client.send(new TestInvokeAuthorizerCommand({ restApiId, authorizerId: poolAuthorizerId, headers: { Authorization: idToken() } }))
    assert.equal(ok.clientStatus, 0)
    assert.equal(ok.claims?.sub, 'alice')
    const bad = await client.send(new TestInvokeAuthorizerCommand({ restApiId, authorizerId: poolAuthorizerId, headers: { Authorization: 'x.y.z' } }))
    assert.equal(bad.clientStatus, 401)
  })

  it('no token is 401; without authorizationScopes an access token is 401 too (only id tokens pass)', async () => {
    assert.deepEqual(await call('/c'), UNAUTHORIZED)
    assert.deepEqual(await call('/c', accessToken('pets/read')), UNAUTHORIZED)
  })

  it('security: forged signature, alg none, HS256 keyed with the public key, wrong issuer, wrong audience, unknown kid — each 401', async () => {
    const good = idToken()
    const [header, payload] = good.split('.')
    const forger = new LocalIdentityProvider(pem())
    const forgedSignature = forger.sign(JSON.parse(Buffer.from(payload, 'base64url').toString()))
    const forged = `${header}.${payload}.${forgedSignature.split('.')[2]}`
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: pool.kid })).toString('base64url')}.${payload}.`
    const hsHeader = Buffer.from(JSON.stringify({ alg: 'HS256', kid: pool.kid })).toString('base64url')
    const publicPem = pool.publicKey.export({ format: 'pem', type: 'spki' }).toString()
    const hs = `${hsHeader}.${payload}.${createHmac('sha256', publicPem).update(`${hsHeader}.${payload}`).digest('base64url')}`
    const otherKid = forger.sign(JSON.parse(Buffer.from(payload, 'base64url').toString()))
    // The attacker's key embedded in the header (`jwk`, `jku`), under the pool's own kid: headers never supply keys.
    const embeddedHeader = Buffer.from(JSON.stringify({ alg: 'RS256', kid: pool.kid, jwk: forger.jwks().keys[0], jku: 'http://127.0.0.1:1/jwks.json' })).toString('base64url')
    const embedded = `${embeddedHeader}.${payload}.${forger.signParts(embeddedHeader, payload)}`
    for (const [name, token] of Object.entries({
      forged, none, hs, otherKid, embedded,
      wrongIssuer: idToken({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other' }),
      wrongAudience: idToken({ aud: 'client-2' }),
      notAJwt: 'abc.def',
    })) {
      assert.deepEqual(await call('/c', token), UNAUTHORIZED, name)
    }
  })

  it('expired and not-yet-valid tokens are 401, by the injected clock', async () => {
    const soon = idToken()
    const early = idToken({ nbf: now() + 60 })
    assert.deepEqual(await call('/c', early), UNAUTHORIZED)
    clock.advance(120_000)
    assert.equal((await call('/c', early)).status, 200, 'valid once nbf has passed')
    assert.equal((await call('/c', soon)).status, 200)
    clock.advance(3_480_000)
    assert.deepEqual(await call('/c', soon), { status: 401, text: '{"message":"The incoming token has expired"}' }, 'at exp')
  })

  it('identityValidationExpression is matched against the token\'s aud (API reference, Authorizer): access tokens, which have none, fail it', async () => {
    assert.equal((await call('/v', idToken())).status, 200)
    assert.equal((await call('/c', idToken({ aud: 'other-client' }))).status, 200, 'another app client of the pool is fine without an expression')
    assert.deepEqual(await call('/v', idToken({ aud: 'other-client' })), UNAUTHORIZED, 'but not through an expression it does not match')
    assert.deepEqual(await call('/v', accessToken('pets/read')), UNAUTHORIZED)
  })

  it('authorizationScopes: only an access token holding one of the method\'s scopes passes', async () => {
    assert.deepEqual(await call('/s', idToken()), UNAUTHORIZED, 'an id token')
    assert.deepEqual(await call('/s', accessToken('pets/write')), UNAUTHORIZED, 'another scope')
    assert.equal((await call('/s', accessToken('openid pets/read'))).status, 200)
  })

  it('Gatehouse as identity provider: its JWKS on the management port, and its tokens accepted by a `gatehouse: true` pool ($context.authorizer.claims)', async () => {
    const jwks = await (await fetch(`${gw.adminUrl}/.well-known/jwks.json`)).json() as { keys: { kid: string; alg: string }[] }
    assert.deepEqual(jwks.keys.map((key) => [key.kid, key.alg]), [[local.kid, 'RS256']])
    const token = local.sign(userPoolClaims({ issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_gatehouse', sub: 'bob', now: now(), scope: 'pets/read' }))
    assert.deepEqual(await call('/g', token), { status: 200, text: 'bob pets/read' })
    assert.deepEqual(await call('/g', idToken()), UNAUTHORIZED, 'another pool\'s token')
  })
})
