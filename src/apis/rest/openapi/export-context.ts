import type { Authorizer } from '../../../model/authorizer.ts'
import type { ApiSnapshot } from '../../../model/api-snapshot.ts'
import type { Integration } from '../../../model/integration.ts'
import type { Method } from '../../../model/method.ts'
import type { RequestValidator } from '../../../model/request-validator.ts'
import { X } from './extensions.ts'

/**
 * What both export writers need: the deployed snapshot, the API's authorizers and validators,
 * the stage, and which extensions were asked for. `extensions=integrations` adds
 * `x-amazon-apigateway-integration`, `authorizers` the authorizer extensions, `apigateway` both
 * plus the API-level ones; `postman` adds nothing of API Gateway's (developer guide, GetExport).
 */
export interface ExportContext {
  readonly snapshot: ApiSnapshot
  readonly authorizers: readonly Authorizer[]
  readonly validators: readonly RequestValidator[]
  readonly stageName: string
  readonly host: string
  readonly version: string
  readonly withIntegrations: boolean
  readonly withAuthorizers: boolean
  readonly withApiGateway: boolean
}

const compactObject = (value: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined))

const nonEmpty = <T extends object>(value: T | undefined): T | undefined =>
  value !== undefined && Object.keys(value).length > 0 ? value : undefined

/** `x-amazon-apigateway-integration` as AWS exports it: enum values in lower case, defaults left out (LS test_export_*_openapi > get-export-with-extensions). */
export function integrationExtension(integration: Integration): Record<string, unknown> {
  const responses: Record<string, unknown> = {}
  for (const response of Object.values(integration.integrationResponses ?? {})) {
    responses[response.selectionPattern ?? 'default'] = compactObject({
      statusCode: response.statusCode,
      responseParameters: nonEmpty(response.responseParameters),
      responseTemplates: templates(response.responseTemplates),
      contentHandling: response.contentHandling,
    })
  }
  const keyed = integration.cacheKeyParameters.length > 0
  return compactObject({
    type: integration.type.toLowerCase(),
    httpMethod: integration.type === 'MOCK' ? undefined : integration.httpMethod,
    uri: integration.uri,
    credentials: integration.credentials,
    connectionType: integration.connectionType === 'VPC_LINK' ? 'VPC_LINK' : undefined,
    connectionId: integration.connectionId,
    responses: nonEmpty(responses),
    requestParameters: nonEmpty(integration.requestParameters),
    requestTemplates: templates(integration.requestTemplates),
    passthroughBehavior: integration.passthroughBehavior.toLowerCase(),
    contentHandling: integration.contentHandling,
    timeoutInMillis: integration.timeoutInMillis === 29_000 ? undefined : integration.timeoutInMillis,
    cacheNamespace: keyed ? integration.cacheNamespace : undefined,
    cacheKeyParameters: keyed ? integration.cacheKeyParameters : undefined,
    tlsConfig: integration.tlsConfig,
  })
}

/** Stored empty templates are null; the document writes them as the empty string they were. */
function templates(value: Record<string, string | null> | undefined): Record<string, string> | undefined {
  if (value === undefined || Object.keys(value).length === 0) return undefined
  return Object.fromEntries(Object.entries(value).map(([type, template]) => [type, template ?? '']))
}

/** The security requirement of a method: one object, so its authorizer and API key apply together. */
export function securityRequirement(method: Method, context: ExportContext): Record<string, string[]>[] | undefined {
  const requirement: Record<string, string[]> = {}
  if (method.apiKeyRequired) requirement.api_key = []
  if (method.authorizationType === 'AWS_IAM') requirement.sigv4 = []
  const authorizer = context.authorizers.find((candidate) => candidate.id === method.authorizerId)
  if (authorizer !== undefined && (method.authorizationType === 'CUSTOM' || method.authorizationType === 'COGNITO_USER_POOLS')) {
    requirement[authorizer.name] = method.authorizationScopes ?? []
  }
  return Object.keys(requirement).length > 0 ? [requirement] : undefined
}

/** Security schemes for what the methods use (and every authorizer, as import creates them all). */
export function securitySchemes(context: ExportContext): Record<string, unknown> | undefined {
  const methods = context.snapshot.resources.flatMap((resource) => Object.values(resource.resourceMethods ?? {}))
  const schemes: Record<string, unknown> = {}
  if (methods.some((method) => method.apiKeyRequired)) schemes.api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' }
  if (methods.some((method) => method.authorizationType === 'AWS_IAM')) {
    schemes.sigv4 = { type: 'apiKey', name: 'Authorization', in: 'header', [X.authtype]: 'awsSigv4' }
  }
  for (const authorizer of context.authorizers) schemes[authorizer.name] = authorizerScheme(authorizer, context)
  return nonEmpty(schemes)
}

function authorizerScheme(authorizer: Authorizer, context: ExportContext): Record<string, unknown> {
  const header = /^method\.request\.header\.([^,\s]+)$/.exec(authorizer.identitySource ?? '')?.[1]
  const scheme: Record<string, unknown> = { type: 'apiKey', name: header ?? 'Unused', in: 'header' }
  if (!context.withAuthorizers) return scheme
  scheme[X.authtype] = authorizer.authType ?? (authorizer.type === 'COGNITO_USER_POOLS' ? 'cognito_user_pools' : 'custom')
  scheme[X.authorizer] = compactObject({
    type: authorizer.type.toLowerCase(),
    authorizerUri: authorizer.authorizerUri,
    authorizerCredentials: authorizer.authorizerCredentials,
    identitySource: authorizer.identitySource,
    identityValidationExpression: authorizer.identityValidationExpression,
    authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds,
    providerARNs: authorizer.providerARNs,
  })
  return scheme
}

/** The API-level extensions `extensions=apigateway` adds (binary media types: LS test_export_swagger_openapi[TEST_IMPORT_PETS]). */
export function apiExtensions(context: ExportContext): Record<string, unknown> {
  if (!context.withApiGateway) return {}
  const { restApi, gatewayResponses } = context.snapshot
  const responses = Object.fromEntries(gatewayResponses.map((response) => [response.responseType, compactObject({
    statusCode: response.statusCode,
    responseParameters: nonEmpty(response.responseParameters),
    responseTemplates: nonEmpty(response.responseTemplates),
  })]))
  const validators = Object.fromEntries(context.validators.map((validator) => [validator.name, {
    validateRequestBody: validator.validateRequestBody,
    validateRequestParameters: validator.validateRequestParameters,
  }]))
  return compactObject({
    [X.apiKeySource]: restApi.apiKeySource === 'HEADER' ? undefined : restApi.apiKeySource,
    [X.requestValidators]: nonEmpty(validators),
    [X.gatewayResponses]: nonEmpty(responses),
    [X.policy]: restApi.policy === undefined ? undefined : parsePolicy(restApi.policy),
    [X.minimumCompressionSize]: restApi.minimumCompressionSize,
    [X.binaryMediaTypes]: restApi.binaryMediaTypes,
  })
}

/** Where an OpenAPI 3 document puts it (on the server) and Swagger 2 at the top. */
export function endpointExtension(context: ExportContext): Record<string, unknown> | undefined {
  if (!context.withApiGateway) return undefined
  const { restApi } = context.snapshot
  const ext = compactObject({
    vpcEndpointIds: restApi.endpointConfiguration.vpcEndpointIds,
    disableExecuteApiEndpoint: restApi.disableExecuteApiEndpoint ? true : undefined,
  })
  return nonEmpty(ext)
}

function parsePolicy(policy: string): unknown {
  try {
    return JSON.parse(policy)
  } catch {
    return policy
  }
}

export const validatorName = (method: Method, context: ExportContext): string | undefined =>
  context.withApiGateway ? context.validators.find((validator) => validator.id === method.requestValidatorId)?.name : undefined

/** `method.request.<location>.<name>` keys as document parameters, in their stored order. */
export function requestParameterList(method: Method): { name: string; in: 'path' | 'query' | 'header'; required: boolean }[] {
  const list: { name: string; in: 'path' | 'query' | 'header'; required: boolean }[] = []
  for (const [key, required] of Object.entries(method.requestParameters ?? {})) {
    const match = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/.exec(key)
    if (match === null) continue
    const location = match[1] === 'path' ? 'path' : match[1].endsWith('querystring') ? 'query' : 'header'
    list.push({ name: match[2], in: location, required: location === 'path' ? true : required })
  }
  return list
}

/** Headers a method response declares (`method.response.header.X`). */
export const responseHeaders = (parameters: Record<string, boolean> | undefined): string[] =>
  Object.keys(parameters ?? {}).flatMap((key) => /^method\.response\.header\.(.+)$/.exec(key)?.[1] ?? [])

export { compactObject, nonEmpty }
