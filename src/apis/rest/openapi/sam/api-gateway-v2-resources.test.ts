import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { planSamApp } from './sam-plan.ts'
import { createdIdMarker, replaceCreatedIds } from './api-gateway-v2-resources.ts'

/**
 * Plain AWS::ApiGatewayV2 resources as `gatehouse up` plans them (CloudFormation user guide, "Amazon
 * API Gateway V2 resource type reference"): what protects an API and is not enforced here stops the
 * plan, unknown properties are refused as CloudFormation refuses them, and the calls come in an order
 * CloudFormation could create the resources in.
 */
describe('planPlainV2Apis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-plan-v2-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const plan = (resources: string, acceptUnprotected = false) => {
    writeFileSync(join(dir, 'template.yaml'), `Resources:\n${resources}`)
    return planSamApp(join(dir, 'template.yaml'), { region: 'us-east-1', accountId: '000000000000', acceptUnprotected })
  }
  const websocket = `
  Chat:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: chat, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action }
`
  const route = (properties = '') => `
  Send:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Chat, RouteKey: send${properties === '' ? '' : `, ${properties}`} }
`

  const http = `
  Web:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: web, ProtocolType: HTTP }
`
  const model = `
  Message:
    Type: AWS::ApiGatewayV2::Model
    Properties: { ApiId: !Ref Chat, Name: Message, ContentType: application/json, Schema: { type: object, required: [text] } }
`

  it('refuses to start on a route protection it cannot enforce (an HTTP route\'s ApiKeyRequired or RequestModels, required RequestParameters), and lists it when told to accept', () => {
    const httpRoute = (properties: string) => `
  Get:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Web, RouteKey: GET /x, ${properties} }
`
    assert.throws(() => plan(http + httpRoute('ApiKeyRequired: true')), /Get: ApiKeyRequired is not enforced here \(HTTP APIs have no API keys\)[\s\S]*--accept-unprotected/)
    assert.throws(() => plan(http + httpRoute('RequestModels: { $default: Message }')), /Get: RequestModels/)
    assert.throws(() => plan(websocket + route("RequestParameters: { 'route.request.header.x-key': { Required: true } }")), /Send: RequestParameters route\.request\.header\.x-key \(required\)/)
    assert.deepEqual(plan(http + httpRoute('ApiKeyRequired: true'), true).unprotected, ['Get: ApiKeyRequired is not enforced here (HTTP APIs have no API keys)'])
    assert.deepEqual(plan(websocket + route("ApiKeyRequired: false, RequestParameters: { 'route.request.header.x-key': { Required: false } }")).unprotected, [])
  })

  it('serves a WebSocket route\'s ApiKeyRequired and RequestModels with a ModelSelectionExpression (enforced); warns of RequestModels without one, which validate nothing', () => {
    const keyed = plan(websocket + model + route('ApiKeyRequired: true, ModelSelectionExpression: $request.body.action, RequestModels: { send: Message }'))
    assert.deepEqual(keyed.unprotected, [])
    const send = keyed.v2.calls.find((call) => call.logicalId === 'Send')!
    assert.deepEqual(send.body, { routeKey: 'send', apiKeyRequired: true, modelSelectionExpression: '$request.body.action', requestModels: { send: 'Message' } })
    const unselected = plan(websocket + model + route('RequestModels: { $default: Message }'))
    assert.ok(unselected.warnings.includes('Send: RequestModels without a ModelSelectionExpression validate nothing (as on AWS)'), unselected.warnings.join('\n'))
  })

  it('creates Models (a Schema mapping as its text) before the routes naming them, IntegrationResponses after their Integration, and the Deployment after both', () => {
    const { v2, warnings } = plan(websocket + `
  Deployment:
    Type: AWS::ApiGatewayV2::Deployment
    Properties: { ApiId: !Ref Chat }
  Reply:
    Type: AWS::ApiGatewayV2::IntegrationResponse
    Properties:
      ApiId: !Ref Chat
      IntegrationId: !Ref Mock
      IntegrationResponseKey: $default
      TemplateSelectionExpression: \\$default
      ResponseTemplates: { $default: '{"ok": true}' }
      ContentHandlingStrategy: CONVERT_TO_TEXT
      ResponseParameters: { method.response.header.x-from: "'mock'" }
` + route('ModelSelectionExpression: $request.body.action, RequestModels: { send: Message }, Target: !Sub "integrations/${Mock}"') + `
  Mock:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref Chat, IntegrationType: MOCK, RequestTemplates: { $default: '{"statusCode": 200}' } }
  Text:
    Type: AWS::ApiGatewayV2::Model
    Properties: { ApiId: !Ref Chat, Name: Text, Schema: '{"type": "string"}', Description: as text }
` + model)
    const order = v2.calls.map((call) => call.logicalId)
    const at = (id: string) => order.indexOf(id)
    assert.ok(at('Message') < at('Send'), order.join())
    assert.ok(at('Mock') < at('Reply'), order.join())
    for (const id of ['Reply', 'Message', 'Text', 'Send', 'Mock']) assert.ok(at(id) < at('Deployment'), `${id} before the Deployment: ${order.join()}`)
    const call = (id: string) => v2.calls.find((candidate) => candidate.logicalId === id)!
    assert.equal(call('Reply').path, `/v2/apis/${v2.apis[0].apiId}/integrations/${createdIdMarker('Mock')}/integrationresponses`)
    assert.deepEqual(call('Reply').body, {
      integrationResponseKey: '$default', templateSelectionExpression: '\\$default', responseTemplates: { $default: '{"ok": true}' },
      contentHandlingStrategy: 'CONVERT_TO_TEXT', responseParameters: { 'method.response.header.x-from': "'mock'" },
    })
    assert.equal(call('Reply').idMember, 'integrationResponseId')
    assert.equal(call('Message').path, `/v2/apis/${v2.apis[0].apiId}/models`)
    assert.deepEqual(call('Message').body, { name: 'Message', contentType: 'application/json', schema: '{"type":"object","required":["text"]}' })
    assert.deepEqual(call('Text').body, { name: 'Text', schema: '{"type": "string"}', description: 'as text' })
    assert.ok(!warnings.some((warning) => /IntegrationResponse|Model/.test(warning)), warnings.join('\n'))
    assert.throws(() => plan(websocket + model.replace('Schema:', 'Shape:')), /Message\.Properties\.Shape: AWS::ApiGatewayV2::Model has no property Shape/)
  })

  it('serves a usage plan\'s Throttle and Quota on a WebSocket API\'s stage (its keyed routes are counted against them)', () => {
    const planned = plan(websocket + `
  Live:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Chat, StageName: live, AutoDeploy: true }
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties: { ApiStages: [{ ApiId: !Ref Chat, Stage: !Ref Live }], Throttle: { RateLimit: 1, BurstLimit: 2 }, Quota: { Limit: 10, Period: DAY } }
`)
    assert.deepEqual(planned.unprotected, [])
    assert.deepEqual(planned.usagePlans.plans.map((p) => [p.logicalId, p.apiStages, p.throttle, p.quota]),
      [['Plan', [{ apiLogicalId: 'Chat', stageName: 'live' }], { rateLimit: 1, burstLimit: 2 }, { limit: 10, offset: undefined, period: 'DAY' }]])
  })

  it('takes a stage\'s route throttling, enforced on HTTP and WebSocket stages alike; refuses mutual TLS on a custom domain', () => {
    const stage = (api: string) => `
  Live:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref ${api}, StageName: live, AutoDeploy: true, DefaultRouteSettings: { ThrottlingBurstLimit: 5, ThrottlingRateLimit: 2 } }
`
    const websocketPlan = plan(websocket + stage('Chat'))
    assert.deepEqual(websocketPlan.unprotected, [])
    assert.deepEqual(websocketPlan.v2.calls.find((candidate) => candidate.logicalId === 'Live')!.body,
      { stageName: 'live', autoDeploy: true, defaultRouteSettings: { throttlingBurstLimit: 5, throttlingRateLimit: 2 } })
    const http = `
  Web:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: web, ProtocolType: HTTP }
`
    const call = plan(http + stage('Web')).v2.calls.find((candidate) => candidate.logicalId === 'Live')!
    assert.deepEqual(call.body, { stageName: 'live', autoDeploy: true, defaultRouteSettings: { throttlingBurstLimit: 5, throttlingRateLimit: 2 } })
    assert.throws(() => plan(http + `
  Domain:
    Type: AWS::ApiGatewayV2::DomainName
    Properties: { DomainName: api.example.com, MutualTlsAuthentication: { TruststoreUri: s3://bucket/truststore.pem } }
`), /Domain: MutualTlsAuthentication/)
  })

  it('refuses a property the type does not have, as CloudFormation does, and an OpenAPI Body or quick create on a WebSocket API', () => {
    assert.throws(() => plan(websocket + route('Authorisation: CUSTOM')), /Resources\.Send\.Properties\.Authorisation: AWS::ApiGatewayV2::Route has no property Authorisation/)
    assert.throws(() => plan(`
  Chat:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: chat, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action, Body: { openapi: 3.0.1 } }
`), /Body: an OpenAPI definition is supported only for HTTP APIs/)
    assert.throws(() => plan(`
  Chat:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: chat, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action, Target: 'https://example.com' }
`), /Target: quick create is supported only for HTTP APIs/)
  })

  it('orders by DependsOn and references, and refuses a circle', () => {
    const calls = plan(websocket + `
  Later:
    Type: AWS::ApiGatewayV2::Route
    DependsOn: Earlier
    Properties: { ApiId: !Ref Chat, RouteKey: later }
  Earlier:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Chat, RouteKey: earlier, Target: !Sub 'integrations/\${Fn}' }
  Fn:
    Type: AWS::ApiGatewayV2::Integration
    Properties: { ApiId: !Ref Chat, IntegrationType: AWS_PROXY, IntegrationUri: 'arn:aws:lambda:us-east-1:000000000000:function:f' }
`).v2.calls
    assert.deepEqual(calls.map((call) => call.logicalId), ['Chat', 'Fn', 'Earlier', 'Later'])
    assert.equal(calls[2].body.target, `integrations/${createdIdMarker('Fn')}`)
    assert.throws(() => plan(websocket + `
  A:
    Type: AWS::ApiGatewayV2::Route
    DependsOn: B
    Properties: { ApiId: !Ref Chat, RouteKey: a }
  B:
    Type: AWS::ApiGatewayV2::Route
    DependsOn: A
    Properties: { ApiId: !Ref Chat, RouteKey: b }
`), /circular dependency .*: A, B/)
  })

  it('an HTTP API with a Body is imported under its Name, then updated with the rest; a quick create serves $default', () => {
    const { v2 } = plan(`
  Imported:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: named-here
      FailOnWarnings: true
      Body: { openapi: 3.0.1, info: { title: from-body, version: '1' }, paths: {} }
      CorsConfiguration: { AllowOrigins: [https://a.example] }
  Quick:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: quick, ProtocolType: HTTP, Target: 'https://example.com', RouteKey: GET /x }
`)
    const [imported, patched] = v2.calls
    assert.equal(imported.method, 'PUT')
    assert.equal(imported.path, '/v2/apis?failOnWarnings=true')
    assert.equal(JSON.parse(imported.body.body).info.title, 'named-here')
    assert.equal(patched.method, 'PATCH')
    assert.deepEqual(patched.body, { corsConfiguration: { allowOrigins: ['https://a.example'] } })
    assert.deepEqual(v2.apis.map((api) => [api.name, api.stageNames, api.routeKeys]), [['named-here', [], []], ['quick', ['$default'], ['GET /x']]])
    const asText = plan(`
  Imported:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Body: '{"openapi": "3.0.1", "info": {"title": "from-text", "version": "1"}, "paths": {}}' }
`).v2
    assert.equal(JSON.parse(asText.calls[0].body.body).info.title, 'from-text', 'a Body given as text is read as the document')
  })

  it('a function\'s environment may take an API\'s id and a stage\'s name, not the id of a route created after the functions start', () => {
    const fn = (value: string) => `
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: nodejs22.x, InlineCode: 'exports.handler = async () => 1', Handler: index.handler, Environment: { Variables: { X: ${value} } } }
  Live:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Chat, StageName: live, AutoDeploy: true }
`
    const { functions, v2 } = plan(websocket + route() + fn("!Sub '${Chat}/${Live}'"))
    assert.equal(functions.Fn.environment?.X, `${v2.apis[0].apiId}/live`)
    assert.throws(() => plan(websocket + route() + fn('!Ref Send')),
      /Resources\.Fn\.Properties\.Environment\.Variables\.X: the id of Send is known only once gatehouse up has created it/)
  })

  it('replaces each marker with the id the control plane gave, and names a resource that was never created', () => {
    const ids = new Map([['Fn', 'abc1234']])
    assert.deepEqual(replaceCreatedIds({ target: `integrations/${createdIdMarker('Fn')}` }, ids, 'here'), { target: 'integrations/abc1234' })
    assert.throws(() => replaceCreatedIds(`/routes/${createdIdMarker('Gone')}`, ids, 'Resources.X'), /Resources\.X: refers to Gone, which gatehouse up does not create/)
  })
})
