import { readYamlDocument, TemplateError } from './read-template.ts'
import { camelKeys, V2_PROPERTIES, v2InputMembers } from './api-gateway-v2-properties.ts'
import type { Resolver } from './api-gateway-resources.ts'
import { resourceReferences } from './resource-references.ts'
import { orderByDependencies } from './dependency-order.ts'

/**
 * Plain CloudFormation HTTP and WebSocket APIs (CloudFormation user guide, AWS::ApiGatewayV2::Api,
 * ::Route, ::Integration, ::Stage, ::Deployment, ::Authorizer, ::RouteResponse, ::IntegrationResponse,
 * ::Model), turned into the
 * `apigatewayv2` control-plane calls that create them (API reference v2: CreateApi or ImportApi,
 * CreateRoute, ...), in the order CloudFormation would create them: after every resource a
 * resource refers to (`Ref`, `Fn::GetAtt`, `Fn::Sub`) or names in `DependsOn`, and after the models
 * a route names by their names in `RequestModels` (or a route response in `ResponseModels`). The control plane
 * checks each call as it checks the AWS CLI's, so what it refuses stops `gatehouse up`.
 *
 * Ids the control plane allocates (a route's, an integration's) are unknown while planning: `Ref`
 * of such a resource stands for it as a marker that the calls replace with the id once the
 * resource is created. An API's id is pinned by name, and a stage's `Ref` is its name, so both are
 * known beforehand.
 *
 * What protects an API and is not enforced here is listed in `unprotected` (the plan then refuses
 * to start unless told otherwise); what changes nothing a caller of a local stack sees is a warning.
 */

type Json = Record<string, any>
type Resource = { Type: string; Properties?: Json; DependsOn?: unknown }

export interface V2Call {
  /** The resource the call creates (or completes). */
  readonly logicalId: string
  readonly method: 'POST' | 'PUT' | 'PATCH'
  /** The operation's path, markers included. */
  readonly path: string
  readonly body: Json
  /** The member of the answer that `Ref` of the resource stands for, when it is known only then. */
  readonly idMember?: string
  /** Where in the template the call comes from, for messages. */
  readonly source: string
}

export interface PlainV2Api {
  readonly logicalId: string
  readonly name: string
  readonly apiId: string
  readonly protocolType: 'HTTP' | 'WEBSOCKET'
  /** Its stages: the Stage resources', and `$default` for a quick create. */
  readonly stageNames: readonly string[]
  /** Its route keys, for the banner. */
  readonly routeKeys: readonly string[]
}

export interface PlainV2Plan {
  readonly apis: readonly PlainV2Api[]
  readonly calls: readonly V2Call[]
}

export const isV2Type = (type: string): boolean => type.startsWith('AWS::ApiGatewayV2::')

const MARK = '\u241e'
const MARKERS = new RegExp(`${MARK}([^${MARK}]+)${MARK}`, 'g')

/** What `Ref` of a resource stands for until the control plane answers with its id. */
export const createdIdMarker = (logicalId: string): string => `${MARK}${logicalId}${MARK}`

/**
 * Refuses a marker where no call will replace it (a function's environment, fixed before the gateway
 * starts): the id it stands for is known only once the control plane has created the resource.
 */
export function refuseCreatedIdMarker(value: string, where: string): string {
  const found = new RegExp(MARKERS.source).exec(value)
  if (found !== null) throw new TemplateError(`${where}: the id of ${found[1]} is known only once gatehouse up has created it, after the functions start`)
  return value
}

/** The ids each resource's `Ref` stands for, by logical id; a marker of a resource not created is an error naming it. */
export function replaceCreatedIds<T>(value: T, ids: ReadonlyMap<string, string>, source: string): T {
  const text = JSON.stringify(value).replace(MARKERS, (_, logicalId: string) => {
    const id = ids.get(logicalId)
    if (id === undefined) throw new TemplateError(`${source}: refers to ${logicalId}, which gatehouse up does not create`)
    return id
  })
  return JSON.parse(text) as T
}

/** The attribute a resource's id is read from by `Fn::GetAtt` (CloudFormation user guide, each type's "Return values"). */
const ID_ATTRIBUTES: Readonly<Record<string, string>> = {
  'AWS::ApiGatewayV2::Route': 'RouteId', 'AWS::ApiGatewayV2::Integration': 'IntegrationId', 'AWS::ApiGatewayV2::Authorizer': 'AuthorizerId',
  'AWS::ApiGatewayV2::Deployment': 'DeploymentId', 'AWS::ApiGatewayV2::RouteResponse': 'RouteResponseId',
  'AWS::ApiGatewayV2::IntegrationResponse': 'IntegrationResponseId', 'AWS::ApiGatewayV2::Model': 'ModelId',
}

/**
 * `Ref` of a v2 resource (CloudFormation user guide, each type's "Return values"): an API's id, a
 * stage's name, a model's name (what names a model, a route's `RequestModels`, wants its name);
 * the id of anything else, as a marker.
 */
export function v2Ref(resource: Resource, logicalId: string, apiId: (logicalId: string) => string, resolve: Resolver): string {
  if (resource.Type === 'AWS::ApiGatewayV2::Api') return apiId(logicalId)
  if (resource.Type === 'AWS::ApiGatewayV2::Stage') return String(resolve(resource.Properties?.StageName, `Resources.${logicalId}.Properties.StageName`))
  if (resource.Type === 'AWS::ApiGatewayV2::Model') return String(resolve(resource.Properties?.Name ?? logicalId, `Resources.${logicalId}.Properties.Name`))
  return createdIdMarker(logicalId)
}

/** `Fn::GetAtt` of a v2 resource: an API's `ApiId` and `ApiEndpoint` (AWS's host form), another's own id. */
export function v2GetAtt(resource: Resource, logicalId: string, attribute: string, apiId: (logicalId: string) => string, region: string): string | undefined {
  if (resource.Type === 'AWS::ApiGatewayV2::Api') {
    if (attribute === 'ApiId') return apiId(logicalId)
    if (attribute !== 'ApiEndpoint') return undefined
    const scheme = resource.Properties?.ProtocolType === 'WEBSOCKET' ? 'wss' : 'https'
    return `${scheme}://${apiId(logicalId)}.execute-api.${region}.amazonaws.com`
  }
  return ID_ATTRIBUTES[resource.Type] === attribute ? createdIdMarker(logicalId) : undefined
}

/**
 * Where each type is created below its API (API reference v2: CreateRoute, CreateIntegration, ...) and the
 * member of the answer its `Ref` stands for (a stage's is its name, known beforehand).
 */
const CREATE_CALLS: Readonly<Record<string, { readonly path: string; readonly idMember?: string }>> = {
  'AWS::ApiGatewayV2::Route': { path: '/routes', idMember: 'routeId' },
  'AWS::ApiGatewayV2::Integration': { path: '/integrations', idMember: 'integrationId' },
  'AWS::ApiGatewayV2::Authorizer': { path: '/authorizers', idMember: 'authorizerId' },
  'AWS::ApiGatewayV2::Deployment': { path: '/deployments', idMember: 'deploymentId' },
  'AWS::ApiGatewayV2::Stage': { path: '/stages' },
  'AWS::ApiGatewayV2::RouteResponse': { path: '/routes/{routeId}/routeresponses', idMember: 'routeResponseId' },
  'AWS::ApiGatewayV2::IntegrationResponse': { path: '/integrations/{integrationId}/integrationresponses', idMember: 'integrationResponseId' },
  'AWS::ApiGatewayV2::Model': { path: '/models', idMember: 'modelId' },
}

const truthy = (value: unknown): boolean => value === true || value === 'true'

export function planPlainV2Apis(
  resources: Readonly<Record<string, Resource>>, included: (logicalId: string, resource: Resource) => boolean, resolve: Resolver,
  apiLogicalIdOf: (apiId: unknown) => string | undefined, apiId: (logicalId: string) => string, warnings: string[], unprotected: string[],
): PlainV2Plan {
  const v2 = Object.entries(resources).filter(([id, r]) => isV2Type(r.Type) && included(id, r))
  const apis = new Map<string, { name: string; apiId: string; protocolType: 'HTTP' | 'WEBSOCKET'; stageNames: string[]; routeKeys: string[] }>()
  const callsOf = new Map<string, V2Call[]>()
  const apiOfResource = new Map<string, string>()

  for (const [id, resource] of v2.filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Api')) {
    const where = `Resources.${id}.Properties`
    const props = resolve(resource.Properties ?? {}, where) as Json
    const body = v2InputMembers(resource.Type, props, where)
    const protocolType = props.ProtocolType === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP'
    if (props.Body !== undefined && props.ProtocolType === 'WEBSOCKET') throw new TemplateError(`${where}.Body: an OpenAPI definition is supported only for HTTP APIs`)
    if (props.Target !== undefined && props.ProtocolType === 'WEBSOCKET') throw new TemplateError(`${where}.Target: quick create is supported only for HTTP APIs`)
    if (props.BodyS3Location !== undefined) warnings.push(`${id}: BodyS3Location cannot be read here; the API has only its routes and integrations`)
    if (truthy(props.DisableExecuteApiEndpoint)) warnings.push(`${id}: DisableExecuteApiEndpoint is ignored: the API answers at its execute-api URL`)
    const pinned = apiId(id)
    let name: string
    const calls: V2Call[] = []
    if (props.Body !== undefined) {
      // ImportApi names the API after the document's title; the template's Name wins, as the id is pinned by it.
      // CloudFormation's Json type takes the document as a mapping or as its text.
      const document = (typeof props.Body === 'string' ? readYamlDocument(props.Body, `${where}.Body`) : structuredClone(props.Body)) as Json
      name = typeof props.Name === 'string' ? props.Name : typeof document.info?.title === 'string' ? document.info.title : id
      document.info = { ...document.info, title: name }
      const query = new URLSearchParams()
      if (props.BasePath !== undefined) query.set('basepath', String(props.BasePath))
      if (props.FailOnWarnings !== undefined) query.set('failOnWarnings', String(truthy(props.FailOnWarnings)))
      calls.push({ logicalId: id, method: 'PUT', path: `/v2/apis${query.size > 0 ? `?${query}` : ''}`, body: { body: JSON.stringify(document) }, source: `${where}.Body` })
      const { name: _, protocolType: __, ...rest } = body
      if (Object.keys(rest).length > 0) calls.push({ logicalId: id, method: 'PATCH', path: `/v2/apis/${pinned}`, body: rest, source: where })
    } else {
      if (typeof props.Name !== 'string') throw new TemplateError(`${where}.Name is required unless the API has a Body`)
      name = props.Name
      calls.push({ logicalId: id, method: 'POST', path: '/v2/apis', body, source: where })
    }
    apis.set(id, { name, apiId: pinned, protocolType, stageNames: props.Target === undefined ? [] : ['$default'], routeKeys: props.Target === undefined ? [] : [String(props.RouteKey ?? '$default')] })
    apiOfResource.set(id, id)
    callsOf.set(id, calls)
  }

  for (const [id, resource] of v2) {
    const where = `Resources.${id}.Properties`
    const type = resource.Type
    if (type === 'AWS::ApiGatewayV2::Api') continue
    if (!Object.hasOwn(V2_PROPERTIES, type)) {
      planOtherV2Resource(id, resource, resolve, warnings, unprotected)
      continue
    }
    const props = resolve(resource.Properties ?? {}, where) as Json
    const body = v2InputMembers(type, props, where)
    const apiLogicalId = apiLogicalIdOf(props.ApiId)
    const api = apiLogicalId === undefined ? undefined : apis.get(apiLogicalId)
    if (api === undefined || apiLogicalId === undefined) throw new TemplateError(`${where}.ApiId must be a Ref to an AWS::ApiGatewayV2::Api of this template`)
    apiOfResource.set(id, apiLogicalId)
    const created = CREATE_CALLS[type]
    const path = `/v2/apis/${api.apiId}${created.path.replace('{routeId}', String(props.RouteId)).replace('{integrationId}', String(props.IntegrationId))}`
    callsOf.set(id, [{ logicalId: id, method: 'POST', path, body, idMember: created.idMember, source: where }])
    if (type === 'AWS::ApiGatewayV2::Route') {
      checkRoute(id, props, api.protocolType, warnings, unprotected)
      api.routeKeys.push(String(props.RouteKey))
    } else if (type === 'AWS::ApiGatewayV2::Stage') {
      if (props.AutoDeploy === undefined && props.DeploymentId === undefined) warnings.push(`${id}: stage ${String(props.StageName)} has neither AutoDeploy nor a DeploymentId: it serves nothing until a deployment names it`)
      api.stageNames.push(String(props.StageName))
    }
  }

  const dependencies = new Map<string, Set<string>>()
  for (const [id, resource] of v2) {
    if (!callsOf.has(id)) continue
    const dependsOn = typeof resource.DependsOn === 'string' ? [resource.DependsOn] : Array.isArray(resource.DependsOn) ? resource.DependsOn.map(String) : []
    dependencies.set(id, new Set([...resourceReferences(resource.Properties), ...dependsOn].filter((other) => other !== id && callsOf.has(other))))
  }
  addModelOrder(v2, apiOfResource, dependencies, resolve)
  addDeploymentOrder(v2, resources, apiOfResource, dependencies, resolve)
  const calls = orderByDependencies(dependencies).flatMap((id) => callsOf.get(id) ?? [])
  return { apis: [...apis].map(([logicalId, api]) => ({ logicalId, ...api })), calls }
}

/**
 * A deployment is a snapshot of its API (developer guide, "Deploy HTTP APIs"), so it is taken after
 * every route, integration, authorizer, route and integration response and model of its API, and after the stage its
 * StageName names, unless that stage refers to it: CloudFormation would create them in parallel
 * without a DependsOn, and the snapshot would then hold whatever happened to exist.
 */
function addDeploymentOrder(
  v2: readonly [string, Resource][], resources: Readonly<Record<string, Resource>>, apiOf: ReadonlyMap<string, string>,
  dependencies: Map<string, Set<string>>, resolve: Resolver,
): void {
  const content = new Set([
    'AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Authorizer', 'AWS::ApiGatewayV2::RouteResponse',
    'AWS::ApiGatewayV2::IntegrationResponse', 'AWS::ApiGatewayV2::Model',
  ])
  for (const [id, resource] of v2) {
    if (resource.Type !== 'AWS::ApiGatewayV2::Deployment' || !dependencies.has(id)) continue
    const own = dependencies.get(id)!
    const stageName = resource.Properties?.StageName === undefined ? undefined : resolve(resource.Properties.StageName, `Resources.${id}.Properties.StageName`)
    for (const [other, otherResource] of v2) {
      if (!dependencies.has(other) || apiOf.get(other) !== apiOf.get(id) || dependencies.get(other)!.has(id)) continue
      if (content.has(otherResource.Type)) own.add(other)
      const otherStage = otherResource.Type === 'AWS::ApiGatewayV2::Stage' ? resolve(resources[other].Properties?.StageName, `Resources.${other}.Properties.StageName`) : undefined
      if (stageName !== undefined && otherStage === stageName) own.add(other)
    }
  }
}

/**
 * Models are named by their names, not referred to (CloudFormation user guide, AWS::ApiGatewayV2::Route,
 * RequestModels): CreateRoute refuses a name the API has no model of, so a route or route response
 * naming a model of its API comes after it.
 */
function addModelOrder(v2: readonly [string, Resource][], apiOf: ReadonlyMap<string, string>, dependencies: Map<string, Set<string>>, resolve: Resolver): void {
  const models = v2.filter(([id, r]) => r.Type === 'AWS::ApiGatewayV2::Model' && dependencies.has(id))
    .map(([id, r]) => ({ id, api: apiOf.get(id), name: resolve(r.Properties?.Name, `Resources.${id}.Properties.Name`) }))
  if (models.length === 0) return
  for (const [id, resource] of v2) {
    const named = resource.Type === 'AWS::ApiGatewayV2::Route' ? 'RequestModels' : resource.Type === 'AWS::ApiGatewayV2::RouteResponse' ? 'ResponseModels' : undefined
    if (named === undefined || !dependencies.has(id) || resource.Properties?.[named] === undefined) continue
    const names = new Set(Object.values(resolve(resource.Properties[named], `Resources.${id}.Properties.${named}`) as Json))
    for (const model of models) if (model.api === apiOf.get(id) && names.has(model.name)) dependencies.get(id)!.add(model.id)
  }
}

/**
 * A route's protections that are not enforced here (CloudFormation user guide, AWS::ApiGatewayV2::Route).
 * A WebSocket route's API key and request validation are (developer guide, "Request validation for
 * WebSocket APIs": models validate only when the route has a model selection expression, so without
 * one they check nothing, there as here); an HTTP API's routes have neither.
 */
function checkRoute(id: string, props: Json, protocolType: 'HTTP' | 'WEBSOCKET', warnings: string[], unprotected: string[]): void {
  const websocket = protocolType === 'WEBSOCKET'
  if (truthy(props.ApiKeyRequired) && !websocket) unprotected.push(`${id}: ApiKeyRequired is not enforced here (HTTP APIs have no API keys)`)
  if (props.RequestModels !== undefined && Object.keys(props.RequestModels as Json).length > 0) {
    if (!websocket) unprotected.push(`${id}: RequestModels (request validation by model) are not enforced here (HTTP APIs have no models)`)
    else if (props.ModelSelectionExpression === undefined) warnings.push(`${id}: RequestModels without a ModelSelectionExpression validate nothing (as on AWS)`)
  }
  const required = Object.entries((props.RequestParameters ?? {}) as Json).filter(([, constraint]) => truthy(camelKeys(constraint).required))
  if (required.length > 0) unprotected.push(`${id}: RequestParameters ${required.map(([name]) => name).join(', ')} (required) are not enforced here`)
}

/** The v2 types that are not part of an API's calls: a custom domain, its mappings, VPC links, overrides of a quick create. */
function planOtherV2Resource(id: string, resource: Resource, resolve: Resolver, warnings: string[], unprotected: string[]): void {
  const props = resolve(resource.Properties ?? {}, `Resources.${id}.Properties`) as Json
  // Mutual TLS turns away callers without a client certificate; overrides may set a quick-created route's authorization.
  if (resource.Type === 'AWS::ApiGatewayV2::DomainName' && props.MutualTlsAuthentication !== undefined) {
    unprotected.push(`${id}: MutualTlsAuthentication (mutual TLS) of the custom domain is not enforced here`)
  } else if (resource.Type === 'AWS::ApiGatewayV2::ApiGatewayManagedOverrides' && props.Route !== undefined) {
    unprotected.push(`${id}: ApiGatewayManagedOverrides of the quick-created route are not applied here`)
  }
  warnings.push(`${id}: ${resource.Type} is not supported by gatehouse up: not created`)
}
