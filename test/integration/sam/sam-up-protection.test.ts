import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startSamApp, type RunningSamApp } from '../../../src/cli/sam-app.ts'
import { stableApiId } from '../../../src/apis/rest/openapi/sam/sam-plan.ts'
import { LocalIdentityProvider, userPoolClaims, userPoolIssuer } from '../../../src/policies/authorizer/local-identity-provider.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'

/**
 * `gatehouse up` never serves a protected method open. The fixture `secured/` protects methods in the
 * ways real templates do, and every request here goes over HTTP without, then with, credentials:
 * - Auth.DefaultAuthorizer / ApiKeyRequired / ResourcePolicy of an AWS::Serverless::Api reach every
 *   method of its DefinitionBody, and CORS preflights too unless AddDefaultAuthorizerToCorsPreflight
 *   is false (SAM developer guide, "ApiAuth"; the SAM transform loops over every path and method);
 * - AWS::ApiGateway::Authorizer (TOKEN, REQUEST, COGNITO_USER_POOLS) guard the methods naming them
 *   (CloudFormation user guide, AWS::ApiGateway::Authorizer);
 * - AWS::ApiGateway::RequestValidator with an AWS::ApiGateway::Model refuses a bad body; the model
 *   declares draft-07 and is validated as draft 4, as API Gateway does (developer guide, "Data
 *   models for REST APIs");
 * - InlineCode functions run; an unquoted `swagger: 2.0` is read.
 */
const FIXTURES = resolve(REPO_ROOT, 'test/fixtures/sam')

describe('gatehouse up: protected methods refuse callers without credentials', () => {
  let app: RunningSamApp
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-sam-secured-'))
  const urlOf = (logicalId: string) => app.current().apis.find((served) => served.api.logicalId === logicalId)!.url
  before(async () => {
    app = await startSamApp({ templatePath: join(FIXTURES, 'secured/template.yaml'), port: 0, host: '127.0.0.1', watch: false, dataDir })
  })
  after(async () => {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('DefaultAuthorizer guards a DefinitionBody method no event declares; NONE in its security opts out', async () => {
    const url = urlOf('GuardedApi')
    const refused = await fetch(`${url}/guarded`)
    assert.equal(refused.status, 401)
    assert.deepEqual(await refused.json(), { message: 'Unauthorized' })
    const admitted = await fetch(`${url}/guarded`, { headers: { authorization: 'allow' } })
    assert.equal(admitted.status, 200)
    assert.deepEqual(await admitted.json(), { path: '/guarded', principal: 'friend' }, 'the InlineCode functions ran: the authorizer and the handler')
    assert.equal((await fetch(`${url}/public`)).status, 200)
  })

  it('the CORS preflight gets the default authorizer too (AddDefaultAuthorizerToCorsPreflight defaults to true)', async () => {
    assert.equal((await fetch(`${urlOf('GuardedApi')}/guarded`, { method: 'OPTIONS' })).status, 401)
    assert.equal((await fetch(`${urlOf('GuardedApi')}/guarded`, { method: 'OPTIONS', headers: { authorization: 'allow' } })).status, 200)
  })

  it('Auth.ApiKeyRequired reaches a DefinitionBody method (OpenAPI 3): no key is 403', async () => {
    const response = await fetch(`${urlOf('KeyedApi')}/keyed`)
    assert.equal(response.status, 403)
    assert.deepEqual(await response.json(), { message: 'Forbidden' })
  })

  it('Auth.ResourcePolicy reaches a DefinitionBody method: a denied source address is 403', async () => {
    const response = await fetch(`${urlOf('FencedApi')}/fenced`)
    assert.equal(response.status, 403)
    assert.match(await response.text(), /User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:[^"]+\/dev\/GET\/fenced with an explicit deny/)
  })

  it('AWS::ApiGateway::Authorizer TOKEN and REQUEST guard the methods that name them', async () => {
    const url = urlOf('PlainApi')
    assert.equal((await fetch(`${url}/token`)).status, 401)
    assert.equal((await fetch(`${url}/token`, { headers: { authorization: 'deny' } })).status, 401)
    assert.equal((await fetch(`${url}/token`, { headers: { authorization: 'allow' } })).status, 200)
    assert.equal((await fetch(`${url}/request`)).status, 401, 'a REQUEST authorizer without its identity source')
    assert.equal((await fetch(`${url}/request?token=allow`)).status, 200)
  })

  it('AWS::ApiGateway::Authorizer COGNITO_USER_POOLS: no token is 401, a token for the pool passes', async () => {
    const url = urlOf('PlainApi')
    assert.equal((await fetch(`${url}/pool`)).status, 401)
    const pool = 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_UserPool'
    assert.deepEqual(app.current().plan.userPoolArns, [pool])
    const token = LocalIdentityProvider.open(dataDir).sign(userPoolClaims({ issuer: userPoolIssuer(pool)!, sub: 'ann', now: Math.floor(Date.now() / 1000), tokenUse: 'id' }))
    assert.equal((await fetch(`${url}/pool`, { headers: { authorization: token } })).status, 200)
  })

  it('a RequestValidator with a draft-07 Model refuses a body without the required member', async () => {
    const url = urlOf('PlainApi')
    const json = { 'content-type': 'application/json' }
    const refused = await fetch(`${url}/pets`, { method: 'POST', headers: json, body: '{"age": 3}' })
    assert.equal(refused.status, 400)
    assert.deepEqual(await refused.json(), { message: 'Invalid request body' })
    const created = await fetch(`${url}/pets`, { method: 'POST', headers: json, body: '{"name": "Rex"}' })
    assert.equal(created.status, 201)
    assert.deepEqual(await created.json(), { created: true })
  })

  it('InlineCode is written under the data directory; the Lambda permission is not mentioned', () => {
    assert.ok(existsSync(join(dataDir, 'inline-code', 'EchoFunction', 'index.js')))
    const warnings = app.current().plan.warnings
    assert.ok(!warnings.some((warning) => warning.includes('AWS::Lambda::Permission')), warnings.join('\n'))
    assert.deepEqual(app.current().plan.unprotected, [])
  })
})

describe('gatehouse up: what it cannot enforce, it refuses to serve', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-sam-refuse-'))
    cpSync(join(FIXTURES, 'hello-world'), dir, { recursive: true })
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const withResources = (extra: string) => {
    const file = join(dir, 'template.yaml')
    writeFileSync(file, `Resources:
  HelloWorldFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello-world/
      Handler: app.lambdaHandler
      Runtime: nodejs20.x
      Events:
        HelloWorld:
          Type: Api
          Properties:
            Path: /hello
            Method: get
${extra}`)
    return file
  }

  it('a WAF web ACL association stops it, naming the resource; --accept-unprotected serves and lists it first', async () => {
    const file = withResources(`  Firewall:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Sub arn:aws:apigateway:\${AWS::Region}::/restapis/\${ServerlessRestApi}/stages/Prod
      WebACLArn: arn:aws:wafv2:us-east-1:000000000000:regional/webacl/x/y
`)
    await assert.rejects(startSamApp({ templatePath: file, port: 0, host: '127.0.0.1', watch: false, dataDir: join(dir, '.gatehouse') }),
      /Firewall: AWS::WAFv2::WebACLAssociation is not created, its web ACL is not enforced here[\s\S]*--accept-unprotected/)
    const app = await startSamApp({ templatePath: file, port: 0, host: '127.0.0.1', watch: false, dataDir: join(dir, '.gatehouse'), acceptUnprotected: true })
    try {
      assert.deepEqual(app.current().plan.unprotected, ['Firewall: AWS::WAFv2::WebACLAssociation is not created, its web ACL is not enforced here'])
    } finally {
      await app.close()
    }
  })

  it('a method naming an authorizer the template does not define is refused, not served open', async () => {
    const file = withResources(`  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: broken
  Open:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: CUSTOM
      Integration:
        Type: MOCK
  Stage:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
      StageName: v1
`)
    await assert.rejects(startSamApp({ templatePath: file, port: 0, host: '127.0.0.1', watch: false, dataDir: join(dir, '.gatehouse') }),
      /Resources\.Open\.Properties\.AuthorizerId must be a Ref to an AWS::ApiGateway::Authorizer/)
  })

  it('Invalid OpenAPI input. says what is wrong and where', async () => {
    const file = withResources(`  BadApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      DefinitionBody:
        openapi: 3.1.0
        info: { title: bad, version: '1' }
        paths: {}
`)
    await assert.rejects(startSamApp({ templatePath: file, port: 0, host: '127.0.0.1', watch: false, dataDir: join(dir, '.gatehouse') }),
      /^Error: Resources\.BadApi\.Properties\.DefinitionBody: BadRequestException: Invalid OpenAPI input\. openapi: 3\.1\.0 is not a version API Gateway imports/)
  })
})

describe('gatehouse up: the APIs answer at the root of the port, as under sam local start-api', () => {
  let app: RunningSamApp
  before(async () => {
    app = await startSamApp({ templatePath: join(FIXTURES, 'hello-world/template.yaml'), port: 0, host: '127.0.0.1', watch: false })
  })
  after(() => app.close())

  it('GET /hello at the root is the API\'s; the execute-api forms still work', async () => {
    const { url } = app.current()
    const response = await fetch(`${url}/hello`)
    assert.equal(response.status, 200)
    assert.deepEqual(await response.json(), { message: 'hello world' })
    const id = stableApiId('gatehouse', 'ServerlessRestApi')
    assert.equal((await fetch(`${url}/_aws/execute-api/${id}/Prod/hello`)).status, 200)
    assert.equal((await fetch(`${url}/restapis/${id}/Prod/_user_request_/hello`)).status, 200)
  })

  it('an unknown path names the APIs served; the management API still answers at the root', async () => {
    const { url } = app.current()
    const unknown = await fetch(`${url}/nothing`)
    assert.equal(unknown.status, 404)
    const { message } = await unknown.json() as { message: string }
    assert.match(message, /^No API serves GET \/nothing here\. Served: ServerlessRestApi \(stage Prod\) at \/ and http:\/\/127\.0\.0\.1:\d+\/_aws\/execute-api\/[a-z0-9]{10}\/Prod$/)
    const apis = await fetch(`${url}/restapis`)
    assert.equal(apis.status, 200)
    assert.equal(((await apis.json()) as { item: unknown[] }).item.length, 1)
  })
})
