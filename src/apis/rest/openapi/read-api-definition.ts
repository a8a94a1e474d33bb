import { GATEWAY_RESPONSE_TYPES_ENUM_ORDER, type GatewayResponseType } from '../../../core/gateway-error.ts'
import { API_KEY_SOURCES, ENDPOINT_TYPES_ENUM } from '../control-plane/rest-api.ts'
import { compact } from '../../operations/input.ts'
import { validateHttpMethod } from '../control-plane/method-rules.ts'
import { ownDefault } from '../../../model/effective-gateway-response.ts'
import type { GatewayResponse } from '../../../model/gateway-response.ts'
import type { ApiKeySource, EndpointType } from '../../../model/rest-api.ts'
import type { ApiDefinition, RequestValidatorDefinition, ResourceDefinition } from './api-definition.ts'
import { applyBasePath, documentBasePath, type BasePathMode } from './base-path.ts'
import { OPERATION_VERBS, X } from './extensions.ts'
import type { ImportIssues } from './import-issues.ts'
import { ModelCatalog } from './models.ts'
import type { OpenApiDocument } from './read-document.ts'
import { readOperation } from './read-operation.ts'
import { SecurityCatalog } from './read-security.ts'

/**
 * A whole document → ApiDefinition: `info` (title → name, `version` as a string even when the
 * document gives a number — LS test_import_and_validate_rest_api[openapi.spec.tf.json]), the
 * API-level extensions, models, authorizers, request validators, gateway responses and every
 * path's operations. Problems go to `issues`; nothing is stored here.
 */

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

export interface ReadOptions {
  readonly basePath: BasePathMode
}

export function readApiDefinition(document: OpenApiDocument, options: ReadOptions, issues: ImportIssues): ApiDefinition {
  const root = document.root
  const info = isObject(root.info) ? root.info : {}
  const models = new ModelCatalog(document, issues)
  const security = new SecurityCatalog(document, issues)
  const requestValidators = readRequestValidators(root[X.requestValidators], issues)
  const context = { document, models, security, validatorNames: new Set(requestValidators.map((v) => v.name)), issues }

  const basePath = documentBasePath(document)
  const resources = new Map<string, ResourceDefinition>()
  for (const [template, item] of Object.entries(isObject(root.paths) ? root.paths : {})) {
    if (!isObject(item)) continue
    const path = applyBasePath(options.basePath, basePath, template)
    const resource = resources.get(path) ?? { path, methods: [] }
    resources.set(path, resource)
    for (const [key, operation] of Object.entries(item)) {
      const verb = OPERATION_VERBS[key]
      if (verb === undefined) {
        if (key === 'trace') issues.warn(`Unsupported HTTP method 'TRACE' on resource '${path}' was ignored`)
        continue
      }
      if (!isObject(operation)) continue
      const method = readOperation(context, {
        path, template, verb: validateHttpMethod(verb), operation, pathParameters: item.parameters,
      })
      if (method !== undefined) resource.methods.push(method)
    }
  }

  const endpoint = readEndpointConfiguration(document, issues)
  return compact({
    title: typeof info.title === 'string' ? info.title : undefined,
    description: typeof info.description === 'string' && info.description !== '' ? info.description : undefined,
    version: info.version === undefined || info.version === null ? undefined : String(info.version),
    apiKeySource: readApiKeySource(root[X.apiKeySource], issues),
    binaryMediaTypes: readStringList(root[X.binaryMediaTypes], X.binaryMediaTypes, issues),
    minimumCompressionSize: readCompressionSize(root[X.minimumCompressionSize], issues),
    policy: root[X.policy] === undefined ? undefined : typeof root[X.policy] === 'string' ? (root[X.policy] as string) : JSON.stringify(root[X.policy]),
    endpointTypes: endpoint.types,
    vpcEndpointIds: endpoint.vpcEndpointIds,
    disableExecuteApiEndpoint: endpoint.disableExecuteApiEndpoint,
    models: models.models,
    authorizers: security.authorizers,
    requestValidators,
    gatewayResponses: readGatewayResponses(root[X.gatewayResponses], issues),
    resources: [...resources.values()],
  })
}

function readApiKeySource(value: unknown, issues: ImportIssues): ApiKeySource | undefined {
  if (value === undefined) return undefined
  const source = String(value).toUpperCase()
  if (API_KEY_SOURCES.includes(source as ApiKeySource)) return source as ApiKeySource
  issues.warn(`Invalid API Key source specified: ${String(value)}. Valid options are ${API_KEY_SOURCES.join(',')}`)
  return undefined
}

function readStringList(value: unknown, name: string, issues: ImportIssues): string[] | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value)) {
    issues.warn(`Invalid format for '${name}'. Expected a list of strings`)
    return undefined
  }
  return value.map(String)
}

function readCompressionSize(value: unknown, issues: ImportIssues): number | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10_485_760) return value
  issues.error(`Invalid minimum compression size, must be between 0 and 10485760`)
  return undefined
}

/**
 * `x-amazon-apigateway-endpoint-configuration`: at the top of a Swagger 2 document, on the first
 * server in OpenAPI 3 (the top level is read too). `types` is Gatehouse's reading of it; AWS sets
 * the type from the `endpointConfigurationTypes` parameter, which import-rest-api.ts reads as well.
 */
function readEndpointConfiguration(document: OpenApiDocument, issues: ImportIssues): { types?: EndpointType[]; vpcEndpointIds?: string[]; disableExecuteApiEndpoint?: boolean } {
  const root = document.root
  const server = Array.isArray(root.servers) && isObject(root.servers[0]) ? root.servers[0] : {}
  const ext = server[X.endpointConfiguration] ?? root[X.endpointConfiguration]
  if (!isObject(ext)) return {}
  const types = readStringList(ext.types, `${X.endpointConfiguration}.types`, issues)?.map((type) => type.toUpperCase())
  if (types !== undefined && types.some((type) => !ENDPOINT_TYPES_ENUM.includes(type as EndpointType))) {
    issues.error('Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE')
  }
  return compact({
    types: types as EndpointType[] | undefined,
    vpcEndpointIds: readStringList(ext.vpcEndpointIds, `${X.endpointConfiguration}.vpcEndpointIds`, issues),
    disableExecuteApiEndpoint: typeof ext.disableExecuteApiEndpoint === 'boolean' ? ext.disableExecuteApiEndpoint : undefined,
  })
}

function readRequestValidators(value: unknown, issues: ImportIssues): RequestValidatorDefinition[] {
  if (!isObject(value)) return []
  const validators: RequestValidatorDefinition[] = []
  for (const [name, raw] of Object.entries(value)) {
    if (!isObject(raw)) {
      issues.warn(`Invalid request validator '${name}' was ignored`)
      continue
    }
    validators.push({ name, validateRequestBody: raw.validateRequestBody === true, validateRequestParameters: raw.validateRequestParameters === true })
  }
  return validators
}

/** `x-amazon-apigateway-gateway-responses`, each stored as PutGatewayResponse would (status codes may be numbers). */
function readGatewayResponses(value: unknown, issues: ImportIssues): GatewayResponse[] {
  if (!isObject(value)) return []
  const responses: GatewayResponse[] = []
  for (const [type, raw] of Object.entries(value)) {
    if (!GATEWAY_RESPONSE_TYPES_ENUM_ORDER.includes(type as GatewayResponseType)) {
      issues.warn(`Invalid gateway response type '${type}' was ignored`)
      continue
    }
    if (!isObject(raw)) continue
    const base = ownDefault(type as GatewayResponseType)
    const strings = (member: string): Record<string, string> | undefined => {
      const map = raw[member]
      if (!isObject(map)) return undefined
      return Object.fromEntries(Object.entries(map).filter(([, v]) => typeof v === 'string')) as Record<string, string>
    }
    responses.push(compact({
      responseType: type as GatewayResponseType,
      statusCode: raw.statusCode === undefined ? base.statusCode : String(raw.statusCode),
      responseParameters: strings('responseParameters') ?? base.responseParameters,
      responseTemplates: strings('responseTemplates') ?? base.responseTemplates,
      defaultResponse: false,
    }))
  }
  return responses
}
