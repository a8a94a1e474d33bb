import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import {
  ApiGatewayV2Client, CreateApiCommand, CreateAuthorizerCommand, CreateRouteCommand, CreateStageCommand, CreateIntegrationCommand,
} from '@aws-sdk/client-apigatewayv2'
import { after, describe, it } from 'node:test'
import { userPoolIssuer } from '../../../src/policies/authorizer/local-identity-provider.ts'
import { REPO_ROOT, spawnServe } from '../../helpers/cli.ts'
import { startEchoBackend } from '../../helpers/echo-backend.ts'

/**
 * `gatehouse token` for an HTTP API's JWT authorizer (developer guide, "Controlling access to HTTP
 * APIs with JWT authorizers"): the authorizer's issuer is a gatehouse.yaml user pool marked
 * `gatehouse: true`, so a real `gatehouse serve` checks the minted token against its own key, with
 * no network: the audience is the token's `client_id`, the route's scopes its `scope`.
 */
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-token-v2-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const POOL = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_local'

describe('gatehouse token with an HTTP API JWT authorizer', () => {
  it('mints tokens the JWT authorizer of a gatehouse: true pool accepts, scopes and audience checked', async (t) => {
    writeFileSync(join(dir, 'gatehouse.yaml'), `dataDir: ./data\ninMemory: true\nuserPools:\n  ${POOL}:\n    gatehouse: true\n`)
    const serve = await spawnServe(['--port', '0'], { cwd: dir })
    t.after(() => serve.child.kill('SIGKILL'))
    const backend = await startEchoBackend()
    t.after(() => backend.close())
    const token = async (args: string[]) =>
      (await promisify(execFile)(process.execPath, [resolve(REPO_ROOT, 'bin/gatehouse.js'), 'token', ...args], { cwd: dir })).stdout.trim()

    const v2 = new ApiGatewayV2Client({ endpoint: serve.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
    t.after(() => v2.destroy())
    const ApiId = (await v2.send(new CreateApiCommand({ Name: 'offline-jwt', ProtocolType: 'HTTP' }))).ApiId!
    const Target = `integrations/${(await v2.send(new CreateIntegrationCommand({
      ApiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: `${backend.origin}/{proxy}`, IntegrationMethod: 'GET', PayloadFormatVersion: '1.0',
      RequestParameters: { 'overwrite:header.x-user': '$context.authorizer.claims.sub' },
    }))).IntegrationId!}`
    const AuthorizerId = (await v2.send(new CreateAuthorizerCommand({
      ApiId, Name: 'local', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: userPoolIssuer(POOL), Audience: ['my-client'] },
    }))).AuthorizerId!
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /{proxy}', Target, AuthorizationType: 'JWT', AuthorizerId, AuthorizationScopes: ['pets/read'] }))
    await v2.send(new CreateStageCommand({ ApiId, StageName: '$default', AutoDeploy: true }))
    const url = `${serve.url}/_aws/execute-api/${ApiId}/pets`

    const [readToken, writeToken, foreignClient] = await Promise.all([
      token(['--sub', 'alice', '--scope', 'pets/read', '--client-id', 'my-client']),
      token(['--sub', 'alice', '--scope', 'pets/write', '--client-id', 'my-client']),
      token(['--sub', 'alice', '--scope', 'pets/read']),
    ])
    const allowed = await fetch(url, { headers: { Authorization: `Bearer ${readToken}` } })
    assert.equal(allowed.status, 200)
    const seen = await allowed.json() as { url: string; headers: Record<string, string> }
    assert.equal(seen.url, '/pets')
    assert.equal(seen.headers['x-user'], 'alice')

    const wrongScope = await fetch(url, { headers: { Authorization: `Bearer ${writeToken}` } })
    assert.equal(wrongScope.status, 403)
    assert.match(wrongScope.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/)
    await wrongScope.text()
    const wrongAudience = await fetch(url, { headers: { Authorization: foreignClient } })
    assert.equal(wrongAudience.status, 401)
    assert.equal(await wrongAudience.text(), '{"message":"Unauthorized"}')
    const missing = await fetch(url)
    assert.equal(missing.status, 401)
    await missing.text()
  })
})
