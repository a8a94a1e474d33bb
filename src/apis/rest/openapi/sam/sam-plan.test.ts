import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { planSamApp } from './sam-plan.ts'

/** The SAM transform's choices that the integration tests do not reach (SAM specification). */
describe('planSamApp', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-plan-'))
  mkdirSync(join(dir, 'src'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const plan = (template: string, files: Record<string, string> = {}) => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    writeFileSync(join(dir, 'template.yaml'), template)
    return planSamApp(join(dir, 'template.yaml'), { region: 'us-east-1', accountId: '000000000000' })
  }

  it('a DefinitionBody keeps its own integrations (a !Sub of the function ARN) and gains the events it lacks', () => {
    const { apis } = plan(`
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      DefinitionBody:
        openapi: '3.0.1'
        info: { title: ignored, version: '1' }
        paths:
          /orders:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Orders.Arn}/invocations
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      CodeUri: src
      Handler: orders.handler
      FunctionName: orders-fn
      Events:
        Get: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /orders, Method: GET } }
        Post: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /orders, Method: POST } }
`)
    const paths = apis[0].document.paths
    assert.equal(paths['/orders'].get['x-amazon-apigateway-integration'].uri,
      'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:orders-fn/invocations')
    assert.equal(paths['/orders'].post['x-amazon-apigateway-integration'].uri.endsWith(':function:orders-fn/invocations'), true)
    assert.equal(apis[0].document.info.title, 'Api')
  })

  it('DefinitionUri is read next to the template and watched', () => {
    const result = plan(`
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: { StageName: live, DefinitionUri: api.yaml, Name: from-file }
`, { 'api.yaml': 'swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths:\n  /ping:\n    get:\n      x-amazon-apigateway-integration: {type: mock}\n' })
    assert.deepEqual(Object.keys(result.apis[0].document.paths), ['/ping'])
    assert.equal(result.apis[0].name, 'from-file')
    assert.deepEqual(result.files, [join(dir, 'template.yaml'), join(dir, 'api.yaml')])
  })

  it('the API id is stable for a stack and logical id', () => {
    const template = `
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs22.x, CodeUri: src, Handler: a.handler, Events: { E: { Type: Api, Properties: { Path: /, Method: get } } } }
`
    const first = plan(template).apis[0]
    assert.equal(plan(template).apis[0].restApiId, first.restApiId)
    assert.match(first.restApiId, /^[a-z0-9]{10}$/)
    assert.equal(first.logicalId, 'ServerlessRestApi')
  })

  it('HttpApi: an authorizer the API does not have, a Lambda authorizer without its payload version, and mutual TLS are refused, never served open', () => {
    const fn = (auth: string) => `
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs22.x, CodeUri: src, Handler: a.handler, Events: { E: { Type: HttpApi, Properties: { ApiId: !Ref Api, Path: /x, Method: get${auth} } } } }
`
    assert.throws(() => plan(`Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties: {}\n${fn(', Auth: { Authorizer: Nope }')}`),
      /Fn: event E's Auth\.Authorizer Nope is not one of Api's Authorizers/)
    assert.throws(() => plan(`Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties: { Auth: { DefaultAuthorizer: Missing } }\n${fn('')}`),
      /Api: DefaultAuthorizer Missing is not one of Auth\.Authorizers/)
    assert.throws(() => plan(`Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties: { Auth: { Authorizers: { L: { FunctionArn: !GetAtt Fn.Arn } } } }\n${fn('')}`),
      /Auth\.Authorizers\.L\.AuthorizerPayloadFormatVersion is required/)
    assert.throws(() => plan(`Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties: { Domain: { DomainName: a.example.com, CertificateArn: x, MutualTlsAuthentication: { TruststoreUri: s3://b/t.pem } } }\n${fn('')}`),
      /Api: Domain\.MutualTlsAuthentication \(mutual TLS\) is not enforced here/)
  })

  it('HttpApi: DefaultAuthorizer reaches the DefinitionBody\'s own routes; the event gains its integration, 2.0 unless told', () => {
    const { httpApis } = plan(`
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt: { AuthorizationScopes: [notes/read], JwtConfiguration: { Issuer: https://issuer.example.com, Audience: app } }
      DefinitionBody:
        openapi: '3.0.1'
        info: { title: t, version: '1' }
        paths:
          /own: { get: { x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: https://example.com } } }
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs22.x, CodeUri: src, Handler: a.handler, Events: { E: { Type: HttpApi, Properties: { ApiId: !Ref Api, Path: /x, Method: any, TimeoutInMillis: 900 } } } }
`)
    const paths = httpApis[0].document.paths
    assert.deepEqual(paths['/own'].get.security, [{ Jwt: ['notes/read'] }])
    assert.deepEqual(paths['/x']['x-amazon-apigateway-any-method'].security, [{ Jwt: ['notes/read'] }])
    assert.equal(paths['/x']['x-amazon-apigateway-any-method']['x-amazon-apigateway-integration'].payloadFormatVersion, '2.0')
    assert.equal(paths['/x']['x-amazon-apigateway-any-method']['x-amazon-apigateway-integration'].timeoutInMillis, 900)
    assert.deepEqual(httpApis[0].document.components.securitySchemes.Jwt['x-amazon-apigateway-authorizer'].jwtConfiguration, { issuer: 'https://issuer.example.com', audience: ['app'] })
    assert.equal(httpApis[0].stageName, '$default')
  })

  it('bad templates are refused with the place to fix', () => {
    assert.throws(() => plan('Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: { Runtime: nodejs22.x, CodeUri: nowhere, Handler: a.b }\n'),
      /Resources\.F\.Properties\.CodeUri: nowhere does not exist next to the template/)
    assert.throws(() => plan('Parameters:\n  P: { Type: String }\nResources: {}\n'), /parameter P has no Default: pass --parameter-overrides P=\.\.\./)
    assert.throws(() => plan('Resources:\n  A:\n    Type: AWS::Serverless::Api\n    Properties: {}\n'), /Resources\.A\.Properties\.StageName is required for A/)
  })
})
