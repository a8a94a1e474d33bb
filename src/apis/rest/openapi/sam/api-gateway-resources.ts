import { emptyDefinition } from './api-definition.ts'
import { applyMethodAuthorization, authorizerScheme } from './plain-authorizers.ts'
import { addModel, addRequestValidator, applyMethodValidation } from './plain-models.ts'
import { TemplateError } from './read-template.ts'

/**
 * Plain CloudFormation REST APIs (CloudFormation user guide, AWS::ApiGateway::RestApi, ::Resource,
 * ::Method, ::Deployment, ::Stage), turned into the OpenAPI document the importer reads: a RestApi's
 * `Body` as is, then every Resource's path (ParentId chains up to the API's `RootResourceId`) and
 * every Method with its integration, method responses, request parameters, authorization, validator
 * and request models, in AWS's export form; the API's `Policy`, its Authorizers (plain-authorizers.ts),
 * Models and RequestValidators (plain-models.ts). The stage is the Stage resource's, else the
 * Deployment's `StageName`.
 */

export type Resolver = (value: unknown, where: string) => unknown
type Resource = { Type: string; Properties?: Record<string, unknown> }
type Document = Record<string, any>

export interface PlainRestApi {
  readonly logicalId: string
  readonly name: string
  readonly document: Document
  readonly stageName?: string
  readonly variables?: Record<string, string>
}

/** What `!GetAtt Api.RootResourceId` stands for while planning. */
export const rootResourceMarker = (apiLogicalId: string): string => `${apiLogicalId}.RootResourceId`

export const PLAIN_API_TYPES = new Set([
  'AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Resource', 'AWS::ApiGateway::Method', 'AWS::ApiGateway::Deployment', 'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::Authorizer', 'AWS::ApiGateway::RequestValidator', 'AWS::ApiGateway::Model',
])

const schemesOf = (document: Document): Document =>
  typeof document.openapi === 'string' ? ((document.components ??= {}).securitySchemes ??= {}) : (document.securityDefinitions ??= {})

const lower = (value: unknown): string | undefined => (typeof value === 'string' ? value.toLowerCase() : undefined)
const strings = (value: unknown): Record<string, string> | undefined =>
  value === undefined ? undefined : Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]))

export function planPlainRestApis(
  resources: Readonly<Record<string, Resource>>, resolve: Resolver, apiLogicalIdOf: (restApiId: unknown) => string | undefined, warnings: string[],
): PlainRestApi[] {
  const byType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type)
    .map(([id, r]) => [id, resolve(r.Properties ?? {}, `Resources.${id}.Properties`) as Record<string, any>] as const)
  const apis = new Map<string, { name: string; document: Document; stageName?: string; variables?: Record<string, string> }>()
  for (const [id, props] of byType('AWS::ApiGateway::RestApi')) {
    if (props.BodyS3Location !== undefined) warnings.push(`${id}: BodyS3Location cannot be read here; the API has only its Resources and Methods`)
    const name = typeof props.Name === 'string' ? props.Name : id
    const document: Document = props.Body !== undefined ? structuredClone(props.Body) : emptyDefinition(name)
    document.info = { ...document.info, title: name }
    document.paths ??= {}
    if (Array.isArray(props.BinaryMediaTypes)) document['x-amazon-apigateway-binary-media-types'] = props.BinaryMediaTypes.map(String)
    // A resource policy (JSON object or string) is the API's `x-amazon-apigateway-policy`; dropping it would open the API.
    if (props.Policy !== undefined) document['x-amazon-apigateway-policy'] = typeof props.Policy === 'string' ? JSON.parse(props.Policy) : props.Policy
    apis.set(id, { name, document })
  }
  const apiOf = (props: Record<string, any>, where: string): { id: string; api: NonNullable<ReturnType<typeof apis.get>> } => {
    const id = apiLogicalIdOf(props.RestApiId)
    const api = id === undefined ? undefined : apis.get(id)
    if (api === undefined || id === undefined) throw new TemplateError(`${where}.RestApiId must be a Ref to an AWS::ApiGateway::RestApi of this template`)
    return { id, api }
  }

  const parents = new Map(byType('AWS::ApiGateway::Resource').map(([id, props]) => [id, props]))
  const pathOf = (resourceId: unknown, apiId: string, where: string, seen: string[] = []): string => {
    if (resourceId === rootResourceMarker(apiId)) return '/'
    const props = typeof resourceId === 'string' ? parents.get(resourceId) : undefined
    if (props === undefined || seen.includes(resourceId as string)) throw new TemplateError(`${where}: ${JSON.stringify(resourceId)} is not a resource of ${apiId}`)
    const parent = pathOf(props.ParentId, apiId, `Resources.${resourceId as string}.Properties.ParentId`, [...seen, resourceId as string])
    return `${parent === '/' ? '' : parent}/${String(props.PathPart)}`
  }

  // `!Ref` of an authorizer or validator stands for its logical id here; the document names them by Name.
  const authorizerNames = new Map<string, string>()
  for (const [id, props] of byType('AWS::ApiGateway::Authorizer')) {
    const where = `Resources.${id}.Properties`
    const name = typeof props.Name === 'string' ? props.Name : id
    schemesOf(apiOf(props, where).api.document)[name] = authorizerScheme(props, where)
    authorizerNames.set(id, name)
  }
  const validatorNames = new Map<string, string>()
  for (const [id, props] of byType('AWS::ApiGateway::RequestValidator')) {
    const name = typeof props.Name === 'string' ? props.Name : id
    addRequestValidator(apiOf(props, `Resources.${id}.Properties`).api.document, name, props)
    validatorNames.set(id, name)
  }
  for (const [id, props] of byType('AWS::ApiGateway::Model')) {
    const where = `Resources.${id}.Properties`
    addModel(apiOf(props, where).api.document, typeof props.Name === 'string' ? props.Name : id, props, where)
  }

  for (const [id, props] of byType('AWS::ApiGateway::Method')) {
    const where = `Resources.${id}.Properties`
    const { id: apiId, api } = apiOf(props, where)
    const path = pathOf(props.ResourceId, apiId, `${where}.ResourceId`)
    const verb = String(props.HttpMethod ?? '').toUpperCase()
    const key = verb === 'ANY' ? 'x-amazon-apigateway-any-method' : verb.toLowerCase()
    api.document.paths[path] ??= {}
    const operation = methodOperation(props)
    applyMethodAuthorization(operation, props, authorizerNames, where)
    applyMethodValidation(api.document, operation, props, validatorNames, where)
    api.document.paths[path][key] = operation
    // The importer reads a method's key requirement from a security scheme of type apiKey.
    if (operation.security?.some((requirement: Document) => 'api_key' in requirement)) {
      schemesOf(api.document).api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' }
    }
  }

  for (const [id, props] of [...byType('AWS::ApiGateway::Stage'), ...byType('AWS::ApiGateway::Deployment')]) {
    const stageName = props.StageName
    if (typeof stageName !== 'string' || stageName === '') continue
    const { api } = apiOf(props, `Resources.${id}.Properties`)
    if (api.stageName !== undefined && api.stageName !== stageName) {
      warnings.push(`${id}: stage ${stageName} is not created; ${api.name} is served on its first stage, ${api.stageName}`)
      continue
    }
    api.stageName = stageName
    api.variables = { ...api.variables, ...strings(props.Variables ?? props.StageDescription?.Variables) }
  }
  return [...apis].map(([logicalId, api]) => ({ logicalId, ...api }))
}

/** One Method in AWS's OpenAPI export form (x-amazon-apigateway-integration and friends). */
function methodOperation(props: Record<string, any>): Document {
  const operation: Document = { responses: {} }
  const parameters = Object.entries((props.RequestParameters ?? {}) as Record<string, unknown>).flatMap(([name, required]) => {
    const match = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(name)
    if (match === null) return []
    return [{ name: match[2], in: match[1] === 'querystring' ? 'query' : match[1], required: required === true || required === 'true', type: 'string' }]
  })
  if (parameters.length > 0) operation.parameters = parameters
  for (const response of (props.MethodResponses ?? []) as Record<string, any>[]) {
    const headers = Object.keys(response.ResponseParameters ?? {})
      .filter((name) => name.startsWith('method.response.header.'))
      .map((name) => [name.slice('method.response.header.'.length), { type: 'string' }])
    operation.responses[String(response.StatusCode)] = { description: `${response.StatusCode} response`, ...(headers.length > 0 ? { headers: Object.fromEntries(headers) } : {}) }
  }
  if (props.ApiKeyRequired === true || props.ApiKeyRequired === 'true') operation.security = [{ api_key: [] }]
  const integration = props.Integration as Record<string, any> | undefined
  if (integration === undefined) return operation
  const responses: Document = {}
  for (const response of (integration.IntegrationResponses ?? []) as Record<string, any>[]) {
    responses[typeof response.SelectionPattern === 'string' && response.SelectionPattern !== '' ? response.SelectionPattern : 'default'] = {
      statusCode: String(response.StatusCode),
      ...(response.ResponseTemplates !== undefined ? { responseTemplates: response.ResponseTemplates } : {}),
      ...(response.ResponseParameters !== undefined ? { responseParameters: response.ResponseParameters } : {}),
      ...(response.ContentHandling !== undefined ? { contentHandling: response.ContentHandling } : {}),
    }
  }
  operation['x-amazon-apigateway-integration'] = Object.fromEntries(Object.entries({
    type: lower(integration.Type),
    httpMethod: integration.IntegrationHttpMethod,
    uri: integration.Uri,
    requestTemplates: integration.RequestTemplates,
    requestParameters: integration.RequestParameters,
    passthroughBehavior: lower(integration.PassthroughBehavior),
    contentHandling: integration.ContentHandling,
    timeoutInMillis: integration.TimeoutInMillis,
    cacheKeyParameters: integration.CacheKeyParameters,
    responses: Object.keys(responses).length > 0 ? responses : undefined,
  }).filter(([, value]) => value !== undefined))
  return operation
}
