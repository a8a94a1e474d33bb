/**
 * The properties of CloudFormation's `AWS::ApiGatewayV2::*` resources (CloudFormation user guide,
 * "Amazon API Gateway V2 resource type reference") and what `gatehouse up` does with each: the
 * member of the `apigatewayv2` operation's input it becomes (API reference v2: CreateApi,
 * CreateRoute, ...), the id in the call's path, or a refusal or warning when it cannot be honoured.
 * A property the table does not list is refused, as CloudFormation refuses it ("extraneous key").
 */

import { TemplateError } from './read-template.ts'

type Json = Record<string, unknown>

export type V2Property =
  /** An input member; `convert` turns CloudFormation's value into the wire's (default: as is). */
  | { readonly kind: 'member'; readonly member: string; readonly convert?: (value: unknown) => unknown }
  /** The id the call's path names (`ApiId`, `RouteId`). */
  | { readonly kind: 'path' }
  /** Read by `gatehouse up` itself (an Api's Body, BasePath, FailOnWarnings). */
  | { readonly kind: 'own' }

/** `AllowOrigins` → `allowOrigins`, one level deep: CloudFormation's nested property types use the wire's names capitalised. */
export const camelKeys = (value: unknown): Json =>
  Object.fromEntries(Object.entries(value as Json).map(([key, item]) => [key[0].toLowerCase() + key.slice(1), item]))

/** A map whose keys are the user's (route keys, parameter names) and whose values are nested property types. */
const camelValues = (value: unknown): Json => Object.fromEntries(Object.entries(value as Json).map(([key, item]) => [key, camelKeys(item)]))

/**
 * An integration's `ResponseParameters` (CloudFormation: status code → `{ResponseParameters: [{Destination, Source}]}`)
 * as the wire has them (status code → destination → source).
 */
const responseParameterMaps = (value: unknown): Json =>
  Object.fromEntries(Object.entries(value as Json).map(([status, map]) => [
    status,
    Object.fromEntries(((map as Json).ResponseParameters as Json[] | undefined ?? []).map((item) => [String(item.Destination), item.Source])),
  ]))

/** A model's `Schema`: CloudFormation's Json type takes the document as a mapping or as its text; CreateModel takes the text. */
const schemaText = (value: unknown): unknown => typeof value === 'string' ? value : JSON.stringify(value)

const member = (name: string, convert?: (value: unknown) => unknown): V2Property => ({ kind: 'member', member: name, convert })
const PATH: V2Property = { kind: 'path' }
const OWN: V2Property = { kind: 'own' }

/** Each resource type's properties. */
export const V2_PROPERTIES: Readonly<Record<string, Readonly<Record<string, V2Property>>>> = {
  'AWS::ApiGatewayV2::Api': {
    Name: member('name'), ProtocolType: member('protocolType'), Description: member('description'), Version: member('version'),
    RouteSelectionExpression: member('routeSelectionExpression'), ApiKeySelectionExpression: member('apiKeySelectionExpression'),
    DisableSchemaValidation: member('disableSchemaValidation'), DisableExecuteApiEndpoint: member('disableExecuteApiEndpoint'),
    CorsConfiguration: member('corsConfiguration', camelKeys), Tags: member('tags'), IpAddressType: member('ipAddressType'),
    Target: member('target'), RouteKey: member('routeKey'), CredentialsArn: member('credentialsArn'),
    Body: OWN, BodyS3Location: OWN, BasePath: OWN, FailOnWarnings: OWN,
  },
  'AWS::ApiGatewayV2::Route': {
    ApiId: PATH, RouteKey: member('routeKey'), Target: member('target'), AuthorizationType: member('authorizationType'),
    AuthorizerId: member('authorizerId'), AuthorizationScopes: member('authorizationScopes'), ApiKeyRequired: member('apiKeyRequired'),
    OperationName: member('operationName'), RouteResponseSelectionExpression: member('routeResponseSelectionExpression'),
    ModelSelectionExpression: member('modelSelectionExpression'), RequestModels: member('requestModels'),
    RequestParameters: member('requestParameters', camelValues),
  },
  'AWS::ApiGatewayV2::Integration': {
    ApiId: PATH, IntegrationType: member('integrationType'), IntegrationUri: member('integrationUri'), IntegrationMethod: member('integrationMethod'),
    IntegrationSubtype: member('integrationSubtype'), PayloadFormatVersion: member('payloadFormatVersion'), TimeoutInMillis: member('timeoutInMillis'),
    RequestParameters: member('requestParameters'), RequestTemplates: member('requestTemplates'),
    ResponseParameters: member('responseParameters', responseParameterMaps), TemplateSelectionExpression: member('templateSelectionExpression'),
    PassthroughBehavior: member('passthroughBehavior'), ContentHandlingStrategy: member('contentHandlingStrategy'),
    ConnectionType: member('connectionType'), ConnectionId: member('connectionId'), CredentialsArn: member('credentialsArn'),
    Description: member('description'), TlsConfig: member('tlsConfig', camelKeys),
  },
  'AWS::ApiGatewayV2::Stage': {
    ApiId: PATH, StageName: member('stageName'), AutoDeploy: member('autoDeploy'), DeploymentId: member('deploymentId'),
    Description: member('description'), StageVariables: member('stageVariables'), DefaultRouteSettings: member('defaultRouteSettings', camelKeys),
    RouteSettings: member('routeSettings', camelValues), AccessLogSettings: member('accessLogSettings', camelKeys),
    ClientCertificateId: member('clientCertificateId'), Tags: member('tags'),
  },
  'AWS::ApiGatewayV2::Deployment': { ApiId: PATH, Description: member('description'), StageName: member('stageName') },
  'AWS::ApiGatewayV2::Authorizer': {
    ApiId: PATH, Name: member('name'), AuthorizerType: member('authorizerType'), IdentitySource: member('identitySource'),
    JwtConfiguration: member('jwtConfiguration', camelKeys), AuthorizerUri: member('authorizerUri'),
    AuthorizerCredentialsArn: member('authorizerCredentialsArn'), AuthorizerPayloadFormatVersion: member('authorizerPayloadFormatVersion'),
    EnableSimpleResponses: member('enableSimpleResponses'), AuthorizerResultTtlInSeconds: member('authorizerResultTtlInSeconds'),
    IdentityValidationExpression: member('identityValidationExpression'),
  },
  'AWS::ApiGatewayV2::RouteResponse': {
    ApiId: PATH, RouteId: PATH, RouteResponseKey: member('routeResponseKey'), ModelSelectionExpression: member('modelSelectionExpression'),
    ResponseModels: member('responseModels'), ResponseParameters: member('responseParameters', camelValues),
  },
  'AWS::ApiGatewayV2::IntegrationResponse': {
    ApiId: PATH, IntegrationId: PATH, IntegrationResponseKey: member('integrationResponseKey'), ResponseParameters: member('responseParameters'),
    ResponseTemplates: member('responseTemplates'), TemplateSelectionExpression: member('templateSelectionExpression'),
    ContentHandlingStrategy: member('contentHandlingStrategy'),
  },
  'AWS::ApiGatewayV2::Model': {
    ApiId: PATH, Name: member('name'), ContentType: member('contentType'), Description: member('description'), Schema: member('schema', schemaText),
  },
}

/**
 * The body of a Create call: each `member` property under its wire name. A property the type does
 * not have is refused with CloudFormation's reason.
 */
export function v2InputMembers(type: string, properties: Json, where: string): Json {
  const table = V2_PROPERTIES[type]
  const body: Json = {}
  for (const [name, value] of Object.entries(properties)) {
    const property = Object.hasOwn(table, name) ? table[name] : undefined
    if (property === undefined) throw new TemplateError(`${where}.${name}: ${type} has no property ${name} (CloudFormation refuses extraneous keys)`)
    if (property.kind !== 'member' || value === undefined) continue
    body[property.member] = property.convert === undefined ? value : property.convert(value)
  }
  return body
}
