import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { after, before, describe, it } from 'node:test'
import { DeleteStageCommand, GetRoutesCommand, GetStageCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
import { LocalIdentityProvider } from '../../../src/policies/authorizer/local-identity-provider.ts'
import { apiGatewayV2Client, functionArn, httpApiUrl } from '../../helpers/apigatewayv2.ts'
import { AWS_CLI_ENV, awsCliInstalled, REPO_ROOT } from '../../helpers/cli.ts'
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

const HANDLERS = 'test/fixtures/functions/http-api/handlers'
const AUTHORIZERS = 'test/fixtures/functions/http-api/authorizers'

interface EchoedEvent { rawPath: string; routeKey: string; pathParameters?: Record<string, string>; requestContext: { stage: string; authorizer?: Record<string, unknown> } }

/**
 * A user's session with the AWS CLI (`aws apigatewayv2 ... --endpoint-url`), step by step as the
 * README's walk-through has it: quick create to a Lambda function and to a URL, then an API built
 * route by route (path variables, `{proxy+}`), a named stage deployed by hand and an auto-deployed
 * `$default` one, CORS, a JWT and a Lambda authorizer; each step called over HTTP as a browser or
 * curl would. SDK v3 reads back and changes what the CLI made. Each step builds on the one before.
 */
describe('an HTTP API session with the AWS CLI', { skip: !awsCliInstalled() }, () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let backend: EchoBackend
  let issuerServer: Server
  let issuer: string
  const idp = LocalIdentityProvider.generate()

  before(async () => {
    // Any OIDC issuer: its discovery document and JWKS on a local server.
    issuerServer = createServer((req, res) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(req.url === '/.well-known/openid-configuration' ? { issuer, jwks_uri: `${issuer}/keys` } : idp.jwks()))
    })
    await new Promise<void>((listening) => issuerServer.listen(0, '127.0.0.1', listening))
    issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        hello: { handler: `${HANDLERS}.plainObject` },
        echo: { handler: `${HANDLERS}.echoEvent` },
        gatekeeper: { handler: `${AUTHORIZERS}.simple` },
      },
    })
    v2 = apiGatewayV2Client(gw)
    backend = await startEchoBackend()
  })
  after(async () => {
    v2.destroy()
    await gw.close()
    await backend.close()
    issuerServer.close()
  })

  // Asynchronously: the gateway answering the CLI runs in this process.
  const aws = async (...args: string[]): Promise<Record<string, unknown>> => {
    const run = await promisify(execFile)('aws', ['apigatewayv2', ...args, '--endpoint-url', gw.adminUrl, '--output', 'json'], { env: { ...process.env, ...AWS_CLI_ENV } })
    return JSON.parse(run.stdout || '{}')
  }
  const awsFails = async (...args: string[]): Promise<string> => {
    try {
      await aws(...args)
    } catch (error) {
      return (error as { stderr: string }).stderr
    }
    throw new Error(`aws ${args.join(' ')} succeeded`)
  }

  it('quick-creates an API to a Lambda function: it answers at once on the $default stage', async () => {
    const api = await aws('create-api', '--name', 'hello', '--protocol-type', 'HTTP', '--target', functionArn('hello'))
    const res = await fetch(`${httpApiUrl(gw, api.ApiId as string)}/anything/at/all`)
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { message: 'Hello from Lambda!' })
    const stages = await aws('get-stages', '--api-id', api.ApiId as string) as { Items: { StageName: string; AutoDeploy: boolean }[] }
    assert.deepEqual(stages.Items.map((stage) => [stage.StageName, stage.AutoDeploy]), [['$default', true]])
  })

  it('quick-creates an API to a URL with one route key: that route proxies, anything else is 404', async () => {
    const api = await aws('create-api', '--name', 'proxy', '--protocol-type', 'HTTP', '--target', `${backend.origin}/base`, '--route-key', 'GET /status')
    const url = httpApiUrl(gw, api.ApiId as string)
    const proxied = await fetch(`${url}/status?verbose=1`)
    assert.equal(proxied.status, 200)
    assert.equal((await proxied.json() as { method: string }).method, 'GET')
    const other = await fetch(`${url}/other`)
    assert.equal(other.status, 404)
    assert.equal(await other.text(), '{"message":"Not Found"}')
    assert.equal((await fetch(`${url}/status`, { method: 'POST' })).status, 404)
  })

  let apiId: string
  let lambda: string
  it('builds an API route by route: a named stage serves nothing until deployed', async () => {
    apiId = (await aws('create-api', '--name', 'pets', '--protocol-type', 'HTTP', '--cors-configuration',
      JSON.stringify({ AllowOrigins: ['https://app.example.com'], AllowMethods: ['GET', 'POST'], AllowHeaders: ['authorization'], MaxAge: 600 }))).ApiId as string
    lambda = `integrations/${(await aws('create-integration', '--api-id', apiId, '--integration-type', 'AWS_PROXY',
      '--integration-uri', functionArn('echo'), '--payload-format-version', '2.0')).IntegrationId}`
    const http = `integrations/${(await aws('create-integration', '--api-id', apiId, '--integration-type', 'HTTP_PROXY',
      '--integration-method', 'GET', '--integration-uri', `${backend.origin}/pets/{id}`, '--payload-format-version', '1.0')).IntegrationId}`
    await aws('create-route', '--api-id', apiId, '--route-key', 'GET /pets/{id}', '--target', http)
    await aws('create-route', '--api-id', apiId, '--route-key', 'ANY /files/{proxy+}', '--target', lambda)
    assert.match(await awsFails('create-route', '--api-id', apiId, '--route-key', 'GET /pets/{petId}', '--target', lambda),
      /ConflictException.*Route with key GET \/pets\/\{petId\} already exists for this API/)

    await aws('create-stage', '--api-id', apiId, '--stage-name', 'dev', '--stage-variables', 'color=blue')
    const url = `${httpApiUrl(gw, apiId)}/dev`
    assert.equal((await fetch(`${url}/pets/7`)).status, 404)
    const deployment = await aws('create-deployment', '--api-id', apiId, '--stage-name', 'dev')
    assert.equal(deployment.DeploymentStatus, 'DEPLOYED')

    const pet = await fetch(`${url}/pets/7?full=1`)
    assert.equal(pet.status, 200)
    assert.equal((await pet.json() as { url: string }).url, '/pets/7?full=1')
    const file = await (await fetch(`${url}/files/a/b.txt`, { method: 'PUT', body: 'x' })).json() as EchoedEvent
    assert.equal(file.routeKey, 'ANY /files/{proxy+}')
    assert.equal(file.rawPath, '/dev/files/a/b.txt')
    assert.deepEqual(file.pathParameters, { proxy: 'a/b.txt' })
    assert.equal(file.requestContext.stage, 'dev')
    // The same stage in LocalStack's path form.
    assert.equal((await fetch(`${gw.url}/restapis/${apiId}/dev/_user_request_/pets/8`)).status, 200)
  })

  it('adds an auto-deployed $default stage: served at the root, and a new route is live without a deployment', async () => {
    await aws('create-stage', '--api-id', apiId, '--stage-name', '$default', '--auto-deploy')
    const root = httpApiUrl(gw, apiId)
    assert.equal((await fetch(`${root}/pets/9`)).status, 200)
    await aws('create-route', '--api-id', apiId, '--route-key', 'POST /pets', '--target', lambda)
    const created = await (await fetch(`${root}/pets`, { method: 'POST', body: '{}' })).json() as EchoedEvent
    assert.deepEqual([created.routeKey, created.rawPath, created.requestContext.stage], ['POST /pets', '/pets', '$default'])
    // The named stage keeps its deployment until the next one.
    assert.equal((await fetch(`${root}/dev/pets`, { method: 'POST' })).status, 404)
    const notFound = await fetch(`${root}/nothing/here`)
    assert.equal(notFound.status, 404)
    assert.equal(await notFound.text(), '{"message":"Not Found"}')
  })

  it('answers CORS preflights from the API\'s CorsConfiguration', async () => {
    const preflight = await fetch(`${httpApiUrl(gw, apiId)}/pets/1`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' } })
    assert.equal(preflight.status, 204)
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example.com')
    assert.equal(preflight.headers.get('access-control-max-age'), '600')
    const answer = await fetch(`${httpApiUrl(gw, apiId)}/pets/1`, { headers: { origin: 'https://app.example.com' } })
    assert.equal(answer.headers.get('access-control-allow-origin'), 'https://app.example.com')
  })

  it('protects a route with a JWT authorizer', async () => {
    const authorizer = await aws('create-authorizer', '--api-id', apiId, '--name', 'users', '--authorizer-type', 'JWT',
      '--identity-source', '$request.header.Authorization', '--jwt-configuration', JSON.stringify({ Issuer: issuer, Audience: ['pets-app'] }))
    await aws('create-route', '--api-id', apiId, '--route-key', 'GET /me', '--target', lambda,
      '--authorization-type', 'JWT', '--authorizer-id', authorizer.AuthorizerId as string)
    const url = `${httpApiUrl(gw, apiId)}/me`
    const anonymous = await fetch(url)
    assert.equal(anonymous.status, 401)
    assert.equal(await anonymous.text(), '{"message":"Unauthorized"}')
    const now = Math.floor(Date.now() / 1000)
    const token = idp.sign({ iss: issuer, sub: 'alice', aud: 'pets-app', iat: now - 5, exp: now + 300 })
    const me = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    assert.equal(me.status, 200)
    const event = await me.json() as EchoedEvent
    assert.equal((event.requestContext.authorizer as { jwt: { claims: { sub: string } } }).jwt.claims.sub, 'alice')
  })

  it('protects a route with a Lambda authorizer (payload 2.0, simple responses)', async () => {
    const authorizer = await aws('create-authorizer', '--api-id', apiId, '--name', 'gatekeeper', '--authorizer-type', 'REQUEST',
      '--authorizer-uri', functionArn('gatekeeper'), '--authorizer-payload-format-version', '2.0', '--enable-simple-responses',
      '--identity-source', '$request.header.x-behaviour')
    await aws('create-route', '--api-id', apiId, '--route-key', 'GET /admin', '--target', lambda,
      '--authorization-type', 'CUSTOM', '--authorizer-id', authorizer.AuthorizerId as string)
    const url = `${httpApiUrl(gw, apiId)}/admin`
    assert.equal((await fetch(url)).status, 401)
    const denied = await fetch(url, { headers: { 'x-behaviour': 'deny' } })
    assert.equal(denied.status, 403)
    assert.equal(await denied.text(), '{"message":"Forbidden"}')
    const allowed = await fetch(url, { headers: { 'x-behaviour': 'allow' } })
    assert.equal(allowed.status, 200)
    const context = (await allowed.json() as EchoedEvent).requestContext.authorizer as { lambda: { version: string; identity: string[] } }
    assert.deepEqual([context.lambda.version, context.lambda.identity], ['2.0', ['allow']])
  })

  it('reads and changes with SDK v3 what the CLI built: with dev deleted, /dev/... falls to $default', async () => {
    const routes = await v2.send(new GetRoutesCommand({ ApiId: apiId }))
    assert.deepEqual(routes.Items!.map((route) => route.RouteKey).sort(), ['ANY /files/{proxy+}', 'GET /admin', 'GET /me', 'GET /pets/{id}', 'POST /pets'])
    assert.equal((await v2.send(new GetStageCommand({ ApiId: apiId, StageName: 'dev' }))).StageVariables?.color, 'blue')
    await v2.send(new DeleteStageCommand({ ApiId: apiId, StageName: 'dev' }))
    // No stage fully matches: the $default stage takes the whole path, which no route matches.
    assert.equal((await fetch(`${httpApiUrl(gw, apiId)}/dev/pets/7`)).status, 404)
    assert.match(await awsFails('get-stage', '--api-id', apiId, '--stage-name', 'dev'), /NotFoundException/)
  })
})
