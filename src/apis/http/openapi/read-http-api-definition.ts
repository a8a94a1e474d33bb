import type { HttpAuthorizer } from '../../../model/v2/authorizer.ts'
import type { HttpIntegration } from '../../../model/v2/integration.ts'
import { invalidOpenApiInput, readOpenApiDocument } from '../../rest/openapi/read-document.ts'
import { checkAuthorizer } from '../control-plane/authorizer-rules.ts'
import { readCorsConfiguration } from '../control-plane/cors-rules.ts'
import { checkIntegration, DEFAULT_TIMEOUT_MS } from '../control-plane/integration-rules.ts'
import { V2_MESSAGES } from '../control-plane/messages.ts'
import { checkRequestParameters, checkResponseParameters } from '../control-plane/parameter-mapping-rules.ts'
import { parseRouteKey } from '../routing/route-key.ts'
import type { DefinedRoute, HttpApiDefinition } from './http-api-definition.ts'

type Json = Record<string, unknown>

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method'] as const

/**
 * Reads an ImportApi/ReimportApi body (developer guide, "Working with OpenAPI definitions for HTTP
 * APIs"): OpenAPI 3.0 in JSON or YAML. Each path and method is a route (`x-amazon-apigateway-any-method`
 * is ANY, the path `/$default` the `$default` route); `x-amazon-apigateway-integration` its integration
 * (`aws_proxy` or `http_proxy`, `httpMethod`, `uri`, `payloadFormatVersion`, `timeoutInMillis`,
 * `requestParameters`, `responseParameters`); `security` its authorization, naming a security
 * scheme with `x-amazon-apigateway-authorizer` (`jwt` or `request`), or `sigv4`-style schemes with
 * `x-amazon-apigateway-authtype: awsSigv4` for AWS_IAM; `x-amazon-apigateway-cors` the API's CORS.
 * What an operation would refuse is refused here, before anything is written.
 */
export function readHttpApiDefinition(raw: Buffer): HttpApiDefinition {
  const document = readOpenApiDocument(raw)
  if (document.dialect !== 'oas30') throw invalidOpenApiInput('HTTP APIs import OpenAPI 3.0 documents (openapi: 3.0.x)')
  const root = document.root
  const info = object(root.info)
  const schemes = object(object(root.components).securitySchemes)
  const authorizers = new Map<string, Omit<HttpAuthorizer, 'authorizerId'>>()
  const iamSchemes = new Set<string>()
  for (const [name, scheme] of Object.entries(schemes)) {
    const settings = object(scheme)
    if (String(settings['x-amazon-apigateway-authtype'] ?? '').toLowerCase() === 'awssigv4') iamSchemes.add(name)
    const authorizer = settings['x-amazon-apigateway-authorizer']
    if (authorizer !== undefined) authorizers.set(name, readAuthorizer(name, object(authorizer)))
  }
  const integrations: Omit<HttpIntegration, 'integrationId'>[] = []
  const routes: DefinedRoute[] = []
  for (const [path, item] of Object.entries(object(root.paths))) {
    for (const [method, operation] of Object.entries(object(item))) {
      if (!(METHODS as readonly string[]).includes(method)) continue
      const verb = method === 'x-amazon-apigateway-any-method' ? 'ANY' : method.toUpperCase()
      const routeKey = path === '/$default' ? '$default' : `${verb} ${path}`
      const parsed = parseRouteKey(routeKey)
      if ('problem' in parsed) throw V2_MESSAGES.invalidRouteKey(routeKey, parsed.problem)
      if (routes.some((route) => route.routeKey === routeKey)) throw V2_MESSAGES.importDuplicateRoute(routeKey)
      const op = object(operation)
      const integration = op['x-amazon-apigateway-integration']
      let integrationIndex: number | undefined
      if (integration !== undefined) {
        integrations.push(readIntegration(routeKey, object(integration)))
        integrationIndex = integrations.length - 1
      }
      routes.push({ ...readSecurity(routeKey, op.security ?? root.security, authorizers, iamSchemes), routeKey, integration: integrationIndex, apiKeyRequired: false })
    }
  }
  const cors = root['x-amazon-apigateway-cors']
  return {
    name: typeof info.title === 'string' && info.title !== '' ? info.title : 'imported',
    ...(typeof info.version === 'string' ? { version: info.version } : {}),
    ...(typeof info.description === 'string' ? { description: info.description } : {}),
    ...(cors === undefined ? {} : { corsConfiguration: readCorsConfiguration(object(cors)) }),
    authorizers: [...authorizers.values()],
    integrations,
    routes,
  }
}

function readAuthorizer(name: string, settings: Json): Omit<HttpAuthorizer, 'authorizerId'> {
  const type = String(settings.type ?? '').toUpperCase()
  const identitySource = typeof settings.identitySource === 'string'
    ? settings.identitySource.split(',').map((source) => source.trim()).filter((source) => source !== '')
    : Array.isArray(settings.identitySource) ? settings.identitySource.map(String) : []
  const jwt = object(settings.jwtConfiguration)
  const authorizer = {
    authorizerId: name,
    name,
    authorizerType: type as HttpAuthorizer['authorizerType'],
    identitySource,
    ...(type === 'JWT' ? {
      jwtConfiguration: {
        ...(typeof jwt.issuer === 'string' ? { issuer: jwt.issuer } : {}),
        audience: Array.isArray(jwt.audience) ? jwt.audience.map(String) : [],
      },
    } : {}),
    ...(typeof settings.authorizerUri === 'string' ? { authorizerUri: settings.authorizerUri } : {}),
    ...(typeof settings.authorizerCredentials === 'string' ? { authorizerCredentialsArn: settings.authorizerCredentials } : {}),
    ...(settings.authorizerPayloadFormatVersion !== undefined ? { authorizerPayloadFormatVersion: String(settings.authorizerPayloadFormatVersion) as '1.0' | '2.0' } : {}),
    ...(typeof settings.enableSimpleResponses === 'boolean' ? { enableSimpleResponses: settings.enableSimpleResponses } : {}),
    ...(typeof settings.authorizerResultTtlInSeconds === 'number' ? { authorizerResultTtlInSeconds: settings.authorizerResultTtlInSeconds } : {}),
  }
  const { authorizerId: _id, ...checked } = checkAuthorizer(authorizer)
  return checked
}

function readIntegration(routeKey: string, settings: Json): Omit<HttpIntegration, 'integrationId'> {
  const type = String(settings.type ?? '').toUpperCase()
  const requestParameters = settings.requestParameters as Record<string, string> | undefined
  const responseParameters = settings.responseParameters as Record<string, Record<string, string>> | undefined
  if (requestParameters !== undefined) checkRequestParameters(requestParameters)
  if (responseParameters !== undefined) checkResponseParameters(responseParameters)
  const integration: HttpIntegration = {
    integrationId: routeKey,
    integrationType: type as HttpIntegration['integrationType'],
    ...(typeof settings.uri === 'string' ? { integrationUri: settings.uri } : {}),
    ...(type === 'HTTP_PROXY' && typeof settings.httpMethod === 'string' ? { integrationMethod: settings.httpMethod.toUpperCase() } : {}),
    payloadFormatVersion: String(settings.payloadFormatVersion ?? (type === 'AWS_PROXY' ? '2.0' : '1.0')) as '1.0' | '2.0',
    timeoutInMillis: typeof settings.timeoutInMillis === 'number' ? settings.timeoutInMillis : DEFAULT_TIMEOUT_MS,
    connectionType: settings.connectionType === 'VPC_LINK' ? 'VPC_LINK' : 'INTERNET',
    ...(typeof settings.description === 'string' ? { description: settings.description } : {}),
    ...(requestParameters === undefined ? {} : { requestParameters }),
    ...(responseParameters === undefined ? {} : { responseParameters }),
  }
  const { integrationId: _id, ...checked } = checkIntegration(integration)
  return checked
}

function readSecurity(routeKey: string, security: unknown, authorizers: ReadonlyMap<string, Omit<HttpAuthorizer, 'authorizerId'>>, iamSchemes: ReadonlySet<string>): Pick<DefinedRoute, 'authorizationType' | 'authorizerName' | 'authorizationScopes'> {
  const requirement = Array.isArray(security) ? object(security[0]) : {}
  const [name, scopes] = Object.entries(requirement)[0] ?? []
  if (name === undefined) return { authorizationType: 'NONE' }
  if (iamSchemes.has(name)) return { authorizationType: 'AWS_IAM' }
  const authorizer = authorizers.get(name)
  if (authorizer === undefined) throw V2_MESSAGES.importUnknownScheme(routeKey, name)
  const list = Array.isArray(scopes) ? scopes.map(String) : []
  return {
    authorizationType: authorizer.authorizerType === 'JWT' ? 'JWT' : 'CUSTOM',
    authorizerName: name,
    ...(authorizer.authorizerType === 'JWT' && list.length > 0 ? { authorizationScopes: list } : {}),
  }
}

const object = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Json : {})
