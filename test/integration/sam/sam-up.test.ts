import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { after, before, describe, it } from 'node:test'
import { startSamApp, type ReloadOutcome, type RunningSamApp } from '../../../src/cli/sam-app.ts'
import { stableKeyValue } from '../../../src/apis/rest/openapi/sam/usage-plans.ts'
import { LocalIdentityProvider, userPoolClaims, userPoolIssuer } from '../../../src/policies/authorizer/local-identity-provider.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'

/**
 * `gatehouse up TEMPLATE` on real-world shaped SAM templates: SAM's Node.js "Hello World" app as
 * `sam init` writes it, and a photo service with Globals, Parameters, Conditions, CORS, binary media
 * types, stage variables, a Lambda TOKEN authorizer, a Cognito authorizer and an API key requirement.
 * Functions run in the functions host, the APIs are imported through the management API, and
 * requests go over real HTTP. Then a template edit reloads the app on the same URL.
 */
const FIXTURES = resolve(REPO_ROOT, 'test/fixtures/sam')
const byPath = (app: RunningSamApp, logicalId: string) => app.current().apis.find((served) => served.api.logicalId === logicalId)!

describe('gatehouse up: SAM hello world', () => {
  let app: RunningSamApp
  before(async () => {
    app = await startSamApp({ templatePath: join(FIXTURES, 'hello-world/template.yaml'), port: 0, host: '127.0.0.1', watch: false })
  })
  after(() => app.close())

  it('serves GET /hello from the implicit ServerlessRestApi on stage Prod', async () => {
    const served = byPath(app, 'ServerlessRestApi')
    assert.equal(served.api.stageName, 'Prod')
    assert.match(served.url, /\/_aws\/execute-api\/[a-z0-9]{10}\/Prod$/)
    const response = await fetch(`${served.url}/hello`)
    assert.equal(response.status, 200)
    assert.deepEqual(await response.json(), { message: 'hello world' })
    assert.equal((await fetch(`${served.url}/nothing`)).status, 403)
  })

  it('takes Globals.Function.Timeout, and has nothing to warn about (Outputs are not resources)', () => {
    const { plan } = app.current()
    assert.deepEqual(plan.functions, { HelloWorldFunction: { handler: 'hello-world/app.lambdaHandler', timeout: 3, memorySize: undefined, environment: undefined, reservedConcurrency: undefined } })
    assert.deepEqual(plan.warnings, [])
  })
})

describe('gatehouse up: an app with CORS, binary media types, authorizers and an API key', () => {
  let app: RunningSamApp
  let url: string
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-sam-keys-'))
  before(async () => {
    app = await startSamApp({ templatePath: join(FIXTURES, 'photos/template.yaml'), port: 0, host: '127.0.0.1', watch: false, stackName: 'album', dataDir })
    url = byPath(app, 'PhotosApi').url
  })
  after(async () => {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('the stage comes from a Parameter, the variables from !Sub and !If with a Condition', async () => {
    const response = await fetch(`${url}/info`, { method: 'DELETE' })
    assert.equal(response.status, 200)
    const body = await response.json() as Record<string, any>
    assert.equal(body.method, 'DELETE', 'Method any')
    assert.equal(body.stage, 'dev')
    assert.deepEqual(body.stageVariables, { bucket: 'album-photos', mode: 'test' })
  })

  it('functions get Globals and their own Environment, Ref of an uncreated table as its logical id, MemorySize', async () => {
    const body = await (await fetch(`${url}/info`)).json() as Record<string, any>
    assert.deepEqual(body.environment, { TABLE_NAME: 'PhotosTable', GREETING: 'hello', EXTRA: 'us-east-1-photos', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256' })
  })

  it('DefaultAuthorizer guards GET /photos/{id}: no token is 401, a good one gets the PNG bytes (image~1png is binary)', async () => {
    const refused = await fetch(`${url}/photos/7`, { headers: { accept: 'image/png' } })
    assert.equal(refused.status, 401)
    assert.deepEqual(await refused.json(), { message: 'Unauthorized' })
    const photo = await fetch(`${url}/photos/7`, { headers: { accept: 'image/png', authorization: 'allow' } })
    assert.equal(photo.status, 200)
    assert.equal(photo.headers.get('x-photo-id'), '7')
    assert.deepEqual(Buffer.from(await photo.arrayBuffer()), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))
  })

  it('Cors adds OPTIONS on every path with the configured headers and the path\'s methods', async () => {
    const preflight = await fetch(`${url}/photos`, { method: 'OPTIONS' })
    assert.equal(preflight.status, 200)
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://example.com')
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'OPTIONS,POST')
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'Content-Type,Authorization,x-api-key')
    assert.equal(preflight.headers.get('access-control-max-age'), '600')
  })

  it('ApiKeyRequired on an event: without a key the call is 403 Forbidden; Authorizer NONE lets it skip the default', async () => {
    const response = await fetch(`${url}/photos`, { method: 'POST', body: '{}' })
    assert.equal(response.status, 403)
    assert.deepEqual(await response.json(), { message: 'Forbidden' })
  })

  it('Auth.UsagePlan PER_API: a usage plan on the stage with its quota and throttle, and a key that opens the API-key method', async () => {
    const key = app.current().apiKeys.find((candidate) => candidate.logicalId === 'PhotosApiApiKey')
    assert.deepEqual(key, { logicalId: 'PhotosApiApiKey', name: 'PhotosApiApiKey', value: stableKeyValue('album', 'PhotosApiApiKey'), enabled: true })
    const upload = await fetch(`${url}/photos`, { method: 'POST', body: '{}', headers: { 'x-api-key': key.value } })
    assert.equal(upload.status, 200)
    const plans = await (await fetch(`${app.current().url}/usageplans`)).json() as { item: Record<string, any>[] }
    const plan = plans.item.find((candidate) => candidate.name === 'photos-plan')!
    assert.deepEqual(plan.apiStages, [{ apiId: byPath(app, 'PhotosApi').api.restApiId, stage: 'dev' }])
    assert.deepEqual(plan.quota, { limit: 100, period: 'DAY' })
    assert.deepEqual(plan.throttle, { burstLimit: 10, rateLimit: 5 })
  })

  it('a Cognito authorizer is created: no token is 401, an id token from Gatehouse\'s key (gatehouse token) for the pool passes', async () => {
    assert.equal((await fetch(`${url}/admin`)).status, 401)
    const pool = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_UserPool'
    assert.deepEqual(app.current().plan.userPoolArns, [pool])
    const token = LocalIdentityProvider.open(dataDir).sign(userPoolClaims({
      issuer: userPoolIssuer(pool)!, sub: 'ann', now: Math.floor(Date.now() / 1000), tokenUse: 'id',
    }))
    const admitted = await fetch(`${url}/admin`, { headers: { authorization: token } })
    assert.equal(admitted.status, 200)
    assert.equal(((await admitted.json()) as { method: string }).method, 'GET')
  })

  it('whatever cannot run here is listed, never dropped silently', () => {
    const warnings = app.current().plan.warnings
    const expected = [
      'PhotoFunction: event Thumbnails of type SQS is not run locally (only Api and HttpApi events are)',
      'ResizeFunction: Runtime python3.12 cannot run here (Node.js only): the function is not created',
      'PhotosTable: AWS::DynamoDB::Table is not supported by gatehouse up: not created',
      'ThumbnailQueue: AWS::SQS::Queue is not supported by gatehouse up: not created',
      'UserPool: AWS::Cognito::UserPool is not supported by gatehouse up: not created',
    ]
    for (const warning of expected) assert.ok(warnings.includes(warning), `missing warning: ${warning}\n${warnings.join('\n')}`)
  })
})

describe('gatehouse up: reloads when the template changes', () => {
  let dir: string
  let app: RunningSamApp
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-sam-'))
    cpSync(join(FIXTURES, 'hello-world'), dir, { recursive: true })
    app = await startSamApp({ templatePath: join(dir, 'template.yaml'), port: 0, host: '127.0.0.1' })
  })
  after(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const nextReload = () => new Promise<ReloadOutcome>((done) => app.onReload(done))

  it('a new event is served at the same URL; a broken edit keeps the last good app', async () => {
    const url = byPath(app, 'ServerlessRestApi').url
    const template = readFileSync(join(dir, 'template.yaml'), 'utf8')
    const reloaded = nextReload()
    writeFileSync(join(dir, 'template.yaml'), template.replace(
      '            Method: get\n',
      '            Method: get\n        Bye:\n          Type: Api\n          Properties:\n            Path: /bye\n            Method: post\n',
    ))
    const outcome = await reloaded
    assert.equal(outcome.ok, true, outcome.ok ? '' : outcome.error.message)
    assert.equal(byPath(app, 'ServerlessRestApi').url, url, 'the API id is pinned: the URL survives the reload')
    assert.equal((await fetch(`${url}/bye`, { method: 'POST' })).status, 200)

    const broken = nextReload()
    writeFileSync(join(dir, 'template.yaml'), template.replace('Handler: app.lambdaHandler', 'Handler: !Ref NoSuchParameter'))
    const failed = await broken
    assert.equal(failed.ok, false)
    assert.match(failed.ok ? '' : failed.error.message, /Ref NoSuchParameter names no parameter or resource/)
    assert.equal((await fetch(`${url}/hello`)).status, 200, 'the last good app still serves')
  })
})

describe('gatehouse up as a command', () => {
  it('prints the API URL, its routes and the warnings, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [resolve(REPO_ROOT, 'bin/gatehouse.js'), 'up', join(FIXTURES, 'photos/template.yaml'), '--port', '0', '--parameter-overrides', 'StageName=prod'], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
    const lines: string[] = []
    const stderr: string[] = []
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()))
    const waiters: { pattern: RegExp; done: () => void }[] = []
    const logged = (pattern: RegExp) => new Promise<void>((done) => {
      if (lines.some((line) => pattern.test(line))) done()
      else waiters.push({ pattern, done })
    })
    await new Promise<void>((done, fail) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line)
        for (const waiter of waiters) if (waiter.pattern.test(line)) waiter.done()
        if (line.startsWith('Watching ')) done()
      })
      void exited.then((code) => fail(new Error(`gatehouse up exited with ${code}: ${stderr.join('')}`)))
    })
    const url = /^ {2}PhotosApi \(stage prod\): (\S+)$/m.exec(lines.join('\n'))?.[1]
    assert.ok(url !== undefined, lines.join('\n'))
    assert.ok(lines.some((line) => /^ {4}GET {5}\S+\/prod\/photos\/\{id\} {2}→ PhotoFunction$/.test(line)), lines.join('\n'))
    assert.ok(lines.includes('warning: PhotosTable: AWS::DynamoDB::Table is not supported by gatehouse up: not created'))
    assert.ok(lines.some((line) => line.startsWith('  Cognito user pool arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_UserPool: gatehouse token --user-pool ')), lines.join('\n'))
    const info = await (await fetch(`${url}/info`)).json() as Record<string, any>
    assert.deepEqual(info.stageVariables, { bucket: 'gatehouse-photos', mode: 'live' }, 'the override made the IsProd condition true')
    // Lambda's START/END/REPORT lines show by default, as under sam local; plain text when stdout is not a terminal.
    await logged(/^InfoFunction REPORT RequestId: \S+\tDuration: /)
    assert.ok(lines.some((line) => /^InfoFunction START RequestId: \S+ Version: \$LATEST$/.test(line)), lines.join('\n'))
    // The root of the port serves the API too (sam local's URLs).
    const root = /^Gatehouse up: \S+ on (\S+) /.exec(lines.join('\n'))?.[1]
    assert.equal((await fetch(`${root}/info`)).status, 200)
    child.kill('SIGTERM')
    assert.equal(await exited, 0)
  })

  it('a template that does not parse exits 1 with the file and the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sam-'))
    writeFileSync(join(dir, 'template.yaml'), 'Resources:\n  A: [unclosed\n')
    const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [resolve(REPO_ROOT, 'bin/gatehouse.js'), 'up', join(dir, 'template.yaml'), '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.once('exit', (code) => done({ code, stderr }))
    })
    rmSync(dir, { recursive: true, force: true })
    assert.equal(result.code, 1)
    assert.match(result.stderr, /^gatehouse: .*template\.yaml: /m)
  })
})

describe('gatehouse up: plain AWS::ApiGateway resources', () => {
  let app: RunningSamApp
  let url: string
  before(async () => {
    app = await startSamApp({ templatePath: join(FIXTURES, 'plain-api/template.yaml'), port: 0, host: '127.0.0.1', watch: false })
    url = byPath(app, 'PetsApi').url
  })
  after(() => app.close())

  it('RestApi, Resource (ParentId up to RootResourceId), Method, Deployment and Stage with Variables', async () => {
    assert.match(url, /\/v1$/)
    const list = await fetch(`${url}/pets`)
    assert.equal(list.status, 200)
    assert.equal(list.headers.get('x-source'), 'mock')
    assert.deepEqual(await list.json(), [{ id: 1, owner: 'alice' }])
    assert.equal((await fetch(`${url}/pets/42`)).status, 403, 'ApiKeyRequired without a key')
    const pet = await fetch(`${url}/pets/42`, { headers: { 'x-api-key': 'partner-key-0123456789abcdef' } })
    assert.deepEqual(await pet.json(), { id: '42', resource: '/pets/{petId}', owner: 'alice' })
  })

  it('ApiKey, UsagePlan (ApiStages with Ref of the Stage) and UsagePlanKey are created', async () => {
    assert.deepEqual(app.current().apiKeys, [{ logicalId: 'PartnerKey', name: 'partner', value: 'partner-key-0123456789abcdef', enabled: true }])
    const plans = await (await fetch(`${app.current().url}/usageplans`)).json() as { item: Record<string, any>[] }
    assert.deepEqual(plans.item.map((plan) => [plan.name, plan.apiStages, plan.throttle]), [
      ['partners', [{ apiId: byPath(app, 'PetsApi').api.restApiId, stage: 'v1' }], { burstLimit: 100, rateLimit: 50 }],
    ])
  })

  it('a Lambda permission is plumbing, not worth a warning', () => {
    assert.deepEqual(app.current().plan.warnings, [])
  })
})
