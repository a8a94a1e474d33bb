import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  CreateStageCommand, ExportApiCommand, GetApisCommand, GetAuthorizersCommand, GetIntegrationsCommand, GetRoutesCommand, ImportApiCommand,
  ReimportApiCommand, type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2'
import { parse as parseYaml } from 'yaml'
import { apiGatewayV2Client, functionArn, httpApiUrl } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

const HANDLERS = 'test/fixtures/functions/http-api/handlers'

/** The developer guide's shape of an HTTP API definition ("Working with OpenAPI definitions for HTTP APIs"), with a local backend and function. */
const definition = (backend: string, fn: string): string => `
openapi: 3.0.1
info:
  title: imported-pets
  version: '2026-01-01'
x-amazon-apigateway-importexport-version: '1.0'
x-amazon-apigateway-cors:
  allowOrigins: [https://app.example.com]
  allowMethods: [GET]
paths:
  /pets/{id}:
    get:
      responses:
        default:
          description: Default response for GET /pets/{id}
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: ${fn}
        payloadFormatVersion: '2.0'
  /secure:
    get:
      security:
        - jwt: [pets/read]
      x-amazon-apigateway-integration:
        type: aws_proxy
        uri: ${fn}
        payloadFormatVersion: '2.0'
  /iam:
    post:
      security:
        - sigv4: []
      x-amazon-apigateway-integration: { type: aws_proxy, uri: '${fn}', payloadFormatVersion: '2.0' }
  /$default:
    x-amazon-apigateway-any-method:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: ANY
        uri: ${backend}/up
        payloadFormatVersion: '1.0'
        requestParameters:
          append:header.x-imported: 'yes'
components:
  securitySchemes:
    sigv4: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4 }
    jwt:
      type: oauth2
      x-amazon-apigateway-authorizer:
        type: jwt
        identitySource: $request.header.Authorization
        jwtConfiguration:
          issuer: https://issuer.example.com
          audience: [my-app]
`

describe('HTTP API ImportApi, ReimportApi and ExportApi', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let backend: EchoBackend
  let ApiId: string
  before(async () => {
    gw = await startTestGateway({ baseDir: REPO_ROOT, functions: { echo: { handler: `${HANDLERS}.echoEvent` } } })
    v2 = apiGatewayV2Client(gw)
    backend = await startEchoBackend()
    const imported = await v2.send(new ImportApiCommand({ Body: definition(backend.origin, functionArn('echo')) }))
    ApiId = imported.ApiId!
    assert.equal(imported.Name, 'imported-pets')
    assert.equal(imported.Version, '2026-01-01')
    assert.equal(imported.ProtocolType, 'HTTP')
    assert.deepEqual(imported.CorsConfiguration?.AllowOrigins, ['https://app.example.com'])
    await v2.send(new CreateStageCommand({ ApiId, StageName: '$default', AutoDeploy: true }))
  })
  after(async () => {
    v2.destroy()
    await gw.close()
    await backend.close()
  })

  it('imports routes, integrations, authorizers, scopes and CORS, and serves them', async () => {
    const routes = (await v2.send(new GetRoutesCommand({ ApiId }))).Items!
    assert.deepEqual(routes.map((route) => [route.RouteKey, route.AuthorizationType, route.AuthorizationScopes]).sort(),
      [['$default', 'NONE', undefined], ['GET /pets/{id}', 'NONE', undefined], ['GET /secure', 'JWT', ['pets/read']], ['POST /iam', 'AWS_IAM', undefined]])
    const [authorizer] = (await v2.send(new GetAuthorizersCommand({ ApiId }))).Items!
    assert.equal(authorizer.Name, 'jwt')
    assert.equal(routes.find((route) => route.RouteKey === 'GET /secure')!.AuthorizerId, authorizer.AuthorizerId)
    assert.equal((await v2.send(new GetIntegrationsCommand({ ApiId }))).Items!.length, 4)

    const url = httpApiUrl(gw, ApiId)
    const event = await (await fetch(`${url}/pets/3`)).json() as { routeKey: string; pathParameters: unknown }
    assert.deepEqual([event.routeKey, event.pathParameters], ['GET /pets/{id}', { id: '3' }])
    const proxied = await (await fetch(`${url}/anything/else`)).json() as { url: string; headers: Record<string, string> }
    assert.deepEqual([proxied.url, proxied.headers['x-imported']], ['/up/anything/else', 'yes'])
    const secure = await fetch(`${url}/secure`)
    assert.equal(secure.status, 401)
    await secure.text()
    const preflight = await fetch(`${url}/pets/3`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' } })
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example.com')
  })

  it('exports the API as OpenAPI 3.0 with its extensions, which imports as the same API', async () => {
    const exported = await v2.send(new ExportApiCommand({ ApiId, Specification: 'OAS30', OutputType: 'YAML', StageName: '$default' }))
    const document = parseYaml(Buffer.from(exported.body!).toString()) as Record<string, any>
    assert.equal(document.openapi, '3.0.1')
    assert.equal(document['x-amazon-apigateway-importexport-version'], '1.0')
    assert.deepEqual(document['x-amazon-apigateway-cors'].allowOrigins, ['https://app.example.com'])
    assert.equal(document.paths['/pets/{id}'].get.responses.default.description, 'Default response for GET /pets/{id}')
    assert.equal(document.paths['/pets/{id}'].get['x-amazon-apigateway-integration'].type, 'aws_proxy')
    assert.deepEqual(document.paths['/secure'].get.security, [{ jwt: ['pets/read'] }])
    assert.equal(document.paths['/$default']['x-amazon-apigateway-any-method']['x-amazon-apigateway-integration'].uri, `${backend.origin}/up`)
    assert.equal(document.components.securitySchemes.jwt['x-amazon-apigateway-authorizer'].jwtConfiguration.issuer, 'https://issuer.example.com')

    const copy = (await v2.send(new ImportApiCommand({ Body: JSON.stringify(document) }))).ApiId!
    const keys = async (id: string) => (await v2.send(new GetRoutesCommand({ ApiId: id }))).Items!.map((route) => `${route.RouteKey} ${route.AuthorizationType}`).sort()
    assert.deepEqual(await keys(copy), await keys(ApiId))

    const bare = await v2.send(new ExportApiCommand({ ApiId, Specification: 'OAS30', OutputType: 'JSON', IncludeExtensions: false }))
    const plain = JSON.parse(Buffer.from(bare.body!).toString()) as Record<string, any>
    assert.equal(plain.paths['/pets/{id}'].get['x-amazon-apigateway-integration'], undefined)
    assert.equal(plain['x-amazon-apigateway-importexport-version'], undefined)
  })

  it('reimports over the API: routes replaced, AutoDeploy stages serving the new ones at once', async () => {
    const api = await v2.send(new ReimportApiCommand({ ApiId, Body: `
openapi: 3.0.1
info: { title: reimported, version: '2' }
paths:
  /only:
    get:
      x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: '${backend.origin}/only', payloadFormatVersion: '1.0' }
` }))
    assert.equal(api.Name, 'reimported')
    assert.equal(api.CorsConfiguration, undefined)
    assert.deepEqual((await v2.send(new GetRoutesCommand({ ApiId }))).Items!.map((route) => route.RouteKey), ['GET /only'])
    const url = httpApiUrl(gw, ApiId)
    assert.equal(((await (await fetch(`${url}/only`)).json()) as { url: string }).url, '/only')
    const gone = await fetch(`${url}/pets/3`)
    assert.equal(gone.status, 404)
    await gone.text()
  })

  it('refuses a document it cannot honour and writes nothing', async () => {
    const before = (await v2.send(new GetApisCommand({}))).Items!.length
    const refused = [
      definition(backend.origin, functionArn('echo')).replace("append:header.x-imported: 'yes'", "append:header.authorization: 'x'"),
      definition(backend.origin, functionArn('echo')).replace('- jwt: [pets/read]', '- nowhere: []'),
      'swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\n',
      'not: [a document',
    ]
    for (const Body of refused) {
      await assert.rejects(v2.send(new ImportApiCommand({ Body })), (error: any) => error.name === 'BadRequestException')
    }
    assert.equal((await v2.send(new GetApisCommand({}))).Items!.length, before)
  })
})
