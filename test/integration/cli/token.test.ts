import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import {
  APIGatewayClient, CreateAuthorizerCommand, CreateDeploymentCommand, CreateRestApiCommand, PutIntegrationCommand,
  PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { after, describe, it } from 'node:test'
import { REPO_ROOT, spawnServe } from '../../helpers/cli.ts'

/**
 * `gatehouse token` against a real `gatehouse serve`: the two processes share the key in the data
 * directory, the served JWKS is that key, and a COGNITO_USER_POOLS method of a `gatehouse: true`
 * pool lets the minted token in — with its scope checked.
 */
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-token-'))
after(() => rmSync(dir, { recursive: true, force: true }))

const POOL = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_local'

describe('gatehouse token (Gatehouse as its own identity provider)', () => {
  it('mints tokens the served pool accepts; the JWKS is served on the management port', async (t) => {
    writeFileSync(join(dir, 'gatehouse.yaml'), `dataDir: ./data\ninMemory: true\nuserPools:\n  ${POOL}:\n    gatehouse: true\n`)
    const serve = await spawnServe(['--port', '0'], { cwd: dir })
    t.after(() => serve.child.kill('SIGKILL'))
    // Asynchronous, so a slow CLI start never stalls this process's sockets (a blocked event loop
    // misses the server closing an idle keep-alive connection, and the next fetch fails on it).
    const token = async (args: string[]) =>
      (await promisify(execFile)(process.execPath, [resolve(REPO_ROOT, 'bin/gatehouse.js'), 'token', ...args], { cwd: dir })).stdout.trim()

    const client = new APIGatewayClient({ endpoint: serve.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
    t.after(() => client.destroy())
    const send = client.send.bind(client)
    const api = await send(new CreateRestApiCommand({ name: 'offline-cognito' }))
    const restApiId = api.id!
    const resourceId = api.rootResourceId!
    const authorizerId = (await send(new CreateAuthorizerCommand({
      restApiId, name: 'local', type: 'COGNITO_USER_POOLS', providerARNs: [POOL], identitySource: 'method.request.header.Authorization',
    }))).id!
    await send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId, authorizationScopes: ['pets/read'] }))
    await send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }))
    await send(new PutIntegrationResponseCommand({
      restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': 'hello $context.authorizer.claims.sub' },
    }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }))
    const url = `${serve.url}/_aws/execute-api/${restApiId}/dev/`

    const [readToken, writeToken, idToken, other] = await Promise.all([
      token(['--sub', 'alice', '--scope', 'pets/read']),
      token(['--sub', 'alice', '--scope', 'pets/write']),
      token(['--sub', 'alice', '--id-token']),
      token(['--sub', 'x']),
    ])
    const allowed = await fetch(url, { headers: { Authorization: readToken } })
    assert.deepEqual([allowed.status, await allowed.text()], [200, 'hello alice'])
    const wrongScope = await fetch(url, { headers: { Authorization: writeToken } })
    assert.equal(wrongScope.status, 401)
    await wrongScope.text()
    const withIdToken = await fetch(url, { headers: { Authorization: idToken } })
    assert.equal(withIdToken.status, 401, 'a method with scopes takes access tokens only')
    await withIdToken.text()

    const jwks = await (await fetch(`${serve.url}/.well-known/jwks.json`)).json() as { keys: { kid: string; kty: string; alg: string }[] }
    const header = JSON.parse(Buffer.from(other.split('.')[0], 'base64url').toString()) as { kid: string; alg: string }
    assert.equal(header.alg, 'RS256')
    assert.deepEqual(jwks.keys.map((key) => [key.kty, key.alg, key.kid]), [['RSA', 'RS256', header.kid]])
    const discovery = await (await fetch(`${serve.url}/.well-known/openid-configuration`)).json() as { jwks_uri: string }
    assert.equal(discovery.jwks_uri, `${serve.url}/.well-known/jwks.json`)
  })
})
