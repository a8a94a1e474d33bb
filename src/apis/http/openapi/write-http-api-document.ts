import type { HttpAuthorizer } from '../../../model/v2/authorizer.ts'
import type { CorsConfiguration } from '../../../model/v2/cors-configuration.ts'
import type { HttpApi } from '../../../model/v2/http-api.ts'
import type { HttpIntegration } from '../../../model/v2/integration.ts'
import type { HttpRoute } from '../../../model/v2/route.ts'

export interface HttpApiExportSource {
  readonly api: HttpApi
  readonly routes: readonly HttpRoute[]
  readonly integrations: readonly HttpIntegration[]
  readonly authorizers: readonly HttpAuthorizer[]
  readonly corsConfiguration?: CorsConfiguration
  readonly stageName?: string
  readonly includeExtensions: boolean
}

/** The scheme name AWS's exports give IAM-authorized routes (developer guide, "Working with OpenAPI definitions for HTTP APIs"). */
const SIGV4_SCHEME = 'sigv4'

/**
 * An HTTP API as OpenAPI 3.0 (developer guide, "Export HTTP APIs from API Gateway"): a path per
 * route with `responses: {default: {description: "Default response for <route key>"}}`, the
 * `$default` route under `/$default` with `x-amazon-apigateway-any-method`, and — with extensions,
 * the default — `x-amazon-apigateway-integration`, authorizers as security schemes,
 * `x-amazon-apigateway-cors` and `x-amazon-apigateway-importexport-version: "1.0"`. What
 * ImportApi reads back as the same API.
 */
export function writeHttpApiDocument(source: HttpApiExportSource): Record<string, unknown> {
  const { api, includeExtensions } = source
  const integrations = new Map(source.integrations.map((integration) => [integration.integrationId, integration]))
  const authorizers = new Map(source.authorizers.map((authorizer) => [authorizer.authorizerId, authorizer]))
  const paths: Record<string, Record<string, unknown>> = {}
  const usedSchemes = new Map<string, Record<string, unknown>>()
  for (const route of [...source.routes].sort((a, b) => a.routeKey.localeCompare(b.routeKey))) {
    const [verb, path] = route.routeKey === '$default' ? ['ANY', '/$default'] : route.routeKey.split(' ') as [string, string]
    const method = verb === 'ANY' ? 'x-amazon-apigateway-any-method' : verb.toLowerCase()
    const operation: Record<string, unknown> = { responses: { default: { description: `Default response for ${route.routeKey}` } } }
    const variables = [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((match) => match[1])
    if (variables.length > 0) operation.parameters = variables.map((name) => ({ name, in: 'path', description: `Generated path parameter for ${name}`, required: true, schema: { type: 'string' } }))
    if (includeExtensions) {
      const security = routeSecurity(route, authorizers, usedSchemes)
      if (security !== undefined) operation.security = security
      const integration = route.target === undefined ? undefined : integrations.get(route.target.replace(/^integrations\//, ''))
      if (integration !== undefined) operation['x-amazon-apigateway-integration'] = integrationExtension(integration)
    }
    paths[path] = { ...paths[path], [method]: operation }
  }
  const document: Record<string, unknown> = {
    openapi: '3.0.1',
    info: { title: api.name, ...(api.description === undefined ? {} : { description: api.description }), version: api.version ?? api.createdDate },
    servers: [{ url: `${api.apiEndpoint}/{basePath}`, variables: { basePath: { default: source.stageName === undefined || source.stageName === '$default' ? '' : source.stageName } } }],
    paths,
  }
  if (usedSchemes.size > 0) document.components = { securitySchemes: Object.fromEntries(usedSchemes) }
  if (includeExtensions) {
    if (source.corsConfiguration !== undefined) document['x-amazon-apigateway-cors'] = source.corsConfiguration
    document['x-amazon-apigateway-importexport-version'] = '1.0'
  }
  return document
}

function routeSecurity(route: HttpRoute, authorizers: ReadonlyMap<string, HttpAuthorizer>, used: Map<string, Record<string, unknown>>): unknown[] | undefined {
  if (route.authorizationType === 'AWS_IAM') {
    used.set(SIGV4_SCHEME, { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' })
    return [{ [SIGV4_SCHEME]: [] }]
  }
  const authorizer = route.authorizerId === undefined ? undefined : authorizers.get(route.authorizerId)
  if (authorizer === undefined) return undefined
  used.set(authorizer.name, authorizerScheme(authorizer))
  return [{ [authorizer.name]: route.authorizationScopes ?? [] }]
}

function authorizerScheme(authorizer: HttpAuthorizer): Record<string, unknown> {
  if (authorizer.authorizerType === 'JWT') {
    return {
      type: 'oauth2',
      flows: {},
      'x-amazon-apigateway-authorizer': {
        identitySource: authorizer.identitySource.join(','),
        jwtConfiguration: { audience: authorizer.jwtConfiguration?.audience ?? [], issuer: authorizer.jwtConfiguration?.issuer },
        type: 'jwt',
      },
    }
  }
  return {
    type: 'apiKey',
    name: authorizer.name,
    in: 'header',
    'x-amazon-apigateway-authorizer': {
      identitySource: authorizer.identitySource.join(','),
      authorizerUri: authorizer.authorizerUri,
      authorizerPayloadFormatVersion: authorizer.authorizerPayloadFormatVersion,
      authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds ?? 0,
      ...(authorizer.enableSimpleResponses === undefined ? {} : { enableSimpleResponses: authorizer.enableSimpleResponses }),
      type: 'request',
    },
  }
}

function integrationExtension(integration: HttpIntegration): Record<string, unknown> {
  return {
    type: integration.integrationType.toLowerCase(),
    httpMethod: integration.integrationType === 'AWS_PROXY' ? 'POST' : integration.integrationMethod,
    uri: integration.integrationUri,
    payloadFormatVersion: integration.payloadFormatVersion,
    connectionType: integration.connectionType,
    timeoutInMillis: integration.timeoutInMillis,
    ...(integration.requestParameters === undefined ? {} : { requestParameters: integration.requestParameters }),
    ...(integration.responseParameters === undefined ? {} : { responseParameters: integration.responseParameters }),
  }
}
