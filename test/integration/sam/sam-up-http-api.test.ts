import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startSamApp, type RunningSamApp } from '../../../src/cli/sam-app.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'

/**
 * `gatehouse up` on a SAM app built on HTTP APIs: an explicit AWS::Serverless::HttpApi on stage v1
 * with stage variables, CORS, a Cognito JWT authorizer as DefaultAuthorizer and a Lambda authorizer
 * with simple responses, and the implicit ServerlessHttpApi on `$default` with a `$default` route.
 * Requests go over real HTTP to the HTTP API kind; the JWT comes from `gatehouse token`.
 */
const TEMPLATE = resolve(REPO_ROOT, 'test/fixtures/sam/http-api/template.yaml')
const POOL = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_UserPool'

describe('gatehouse up: SAM HttpApi events and AWS::Serverless::HttpApi', () => {
  let app: RunningSamApp
  let notes: string
  let hello: string
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-sam-http-'))
  before(async () => {
    app = await startSamApp({ templatePath: TEMPLATE, port: 0, host: '127.0.0.1', watch: false, stackName: 'notes', dataDir })
    const url = (logicalId: string) => app.current().httpApis.find((served) => served.api.logicalId === logicalId)!.url
    notes = url('NotesApi')
    hello = url('ServerlessHttpApi')
  })
  after(async () => {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const json = async (response: Response): Promise<Record<string, any>> => await response.json() as Record<string, any>

  it('the implicit ServerlessHttpApi serves its routes on $default with payload 2.0, the $default route the rest', async () => {
    assert.match(hello, /\/_aws\/execute-api\/[a-z0-9]{10}$/)
    const response = await fetch(`${hello}/hello`)
    assert.equal(response.status, 200)
    assert.deepEqual(await json(response), { version: '2.0', routeKey: 'GET /hello', rawPath: '/hello', stage: '$default' })
    const other = await json(await fetch(`${hello}/some/where`, { method: 'DELETE' }))
    assert.equal(other.routeKey, '$default')
    assert.equal(other.rawPath, '/some/where')
  })

  it('at the root of the port, as under sam local: a route goes to its API\'s served stage, a $default route takes what no route claims', async () => {
    const root = app.current().url.replace(/\/+$/, '')
    const response = await fetch(`${root}/hello`)
    assert.equal(response.status, 200)
    assert.deepEqual(await json(response), { version: '2.0', routeKey: 'GET /hello', rawPath: '/hello', stage: '$default' })
    const named = await json(await fetch(`${root}/public/a`, { method: 'POST', body: 'x' }))
    assert.equal(named.routeKey, 'ANY /public/{proxy+}')
    assert.equal(named.rawPath, '/v1/public/a')
    assert.equal(named.stage, 'v1')
    assert.equal((await fetch(`${root}/notes`)).status, 401, 'the named stage\'s authorizer still guards its route at the root')
    const other = await json(await fetch(`${root}/some/where`, { method: 'DELETE' }))
    assert.equal(other.routeKey, '$default')
    assert.equal(other.rawPath, '/some/where')
  })

  it('a named stage with its variables; NONE opts a greedy ANY route out of the DefaultAuthorizer; PayloadFormatVersion 1.0', async () => {
    const response = await fetch(`${notes}/public/a/b`, { method: 'PUT', body: 'x' })
    assert.equal(response.status, 200)
    const body = await json(response)
    assert.equal(body.version, '2.0')
    assert.equal(body.routeKey, 'ANY /public/{proxy+}')
    assert.equal(body.rawPath, '/v1/public/a/b')
    assert.equal(body.stage, 'v1')
    assert.deepEqual(body.stageVariables, { table: 'notes-notes' })
    const legacy = await json(await fetch(`${notes}/legacy`, { method: 'POST', body: '{}' }))
    assert.equal(legacy.version, '1.0')
    assert.equal(legacy.path, '/v1/legacy')
  })

  it('the JWT DefaultAuthorizer refuses a caller without a token (401) and admits a `gatehouse token` for the Cognito pool', async () => {
    assert.deepEqual(app.current().plan.userPoolArns, [POOL])
    const refused = await fetch(`${notes}/notes`)
    assert.equal(refused.status, 401)
    assert.deepEqual(await refused.json(), { message: 'Unauthorized' })
    const token = execFileSync(process.execPath, [
      resolve(REPO_ROOT, 'bin/gatehouse.js'), 'token', '--user-pool', POOL, '--data-dir', dataDir, '--client-id', 'NotesClient', '--sub', 'ann',
    ], { cwd: dataDir, encoding: 'utf8' }).trim()
    const admitted = await fetch(`${notes}/notes`, { headers: { authorization: `Bearer ${token}` } })
    assert.equal(admitted.status, 200)
    const body = await json(admitted)
    assert.equal(body.routeKey, 'GET /notes')
    assert.equal(body.authorizer.jwt.claims.sub, 'ann')
    assert.equal(body.authorizer.jwt.claims.client_id, 'NotesClient')
    const foreign = execFileSync(process.execPath, [
      resolve(REPO_ROOT, 'bin/gatehouse.js'), 'token', '--user-pool', POOL, '--data-dir', dataDir, '--client-id', 'someone-else', '--sub', 'bob',
    ], { cwd: dataDir, encoding: 'utf8' }).trim()
    assert.equal((await fetch(`${notes}/notes`, { headers: { authorization: `Bearer ${foreign}` } })).status, 401, 'another app client is not an audience')
  })

  it('the Lambda REQUEST authorizer with simple responses: no identity 401, refused 403, admitted with its context', async () => {
    assert.equal((await fetch(`${notes}/admin`)).status, 401)
    assert.equal((await fetch(`${notes}/admin`, { headers: { 'x-token': 'nope' } })).status, 403)
    const admitted = await fetch(`${notes}/admin`, { headers: { 'x-token': 'letmein' } })
    assert.equal(admitted.status, 200)
    assert.deepEqual((await json(admitted)).authorizer, { lambda: { caller: 'token-holder' } })
  })

  it('CorsConfiguration: the gateway answers the preflight, and adds the headers for an allowed origin', async () => {
    const preflight = await fetch(`${notes}/notes`, {
      method: 'OPTIONS', headers: { origin: 'https://notes.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    })
    assert.ok(preflight.status === 204 || preflight.status === 200, String(preflight.status))
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://notes.example.com')
    assert.equal(preflight.headers.get('access-control-max-age'), '600')
    const answer = await fetch(`${notes}/public/x`, { headers: { origin: 'https://notes.example.com' } })
    assert.equal(answer.headers.get('access-control-allow-origin'), 'https://notes.example.com')
  })
})
