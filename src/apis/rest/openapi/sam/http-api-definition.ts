import { lambdaIntegrationUri } from './api-definition.ts'
import { TemplateError } from './read-template.ts'

/**
 * The OpenAPI 3 document of one SAM HTTP API, as the SAM transform builds it (SAM specification,
 * "AWS::Serverless::HttpApi" and the "HttpApi" event source): the DefinitionBody when there is one,
 * else an empty document; every `HttpApi` event adds its route (`Path` and `Method`, `ANY` as
 * `x-amazon-apigateway-any-method`; neither given, or `Path: $default`, the `$default` route under
 * `/$default`) with an `aws_proxy` integration to the function on payload format 2.0 unless the
 * event's `PayloadFormatVersion` says otherwise, and the event's `TimeoutInMillis`. An operation the
 * DefinitionBody already has keeps what it says and gains the integration if it lacks one.
 * `CorsConfiguration` becomes `x-amazon-apigateway-cors` (a string is the one allowed origin, `true`
 * allows any; the property wins over the document's own, key by key); `Auth` is http-api-auth.ts's.
 * ImportApi (apis/http/openapi/) then reads the document as it reads any other.
 */

export interface HttpApiEvent {
  readonly functionLogicalId: string
  readonly functionName: string
  readonly eventName: string
  /** `$default`, or `METHOD /path` as API Gateway writes route keys. */
  readonly routeKey: string
  readonly payloadFormatVersion: '1.0' | '2.0'
  readonly timeoutInMillis?: number
  /** The event's `Auth.Authorizer` (a name under the API's `Auth.Authorizers`, or NONE). */
  readonly authorizer?: string
  readonly authorizationScopes?: readonly string[]
  /** The event's `RouteSettings` (throttling), keyed by its route on the stage. */
  readonly routeSettings?: Record<string, unknown>
}

type Document = Record<string, any>

const ANY = 'x-amazon-apigateway-any-method'
const DEFAULT_PATH = '/$default'

/** An `HttpApi` event's properties as the route it makes; a malformed one is the template's to fix. */
export function readHttpApiEvent(
  functionLogicalId: string, functionName: string, eventName: string, p: Record<string, any>, where: string,
): HttpApiEvent {
  const path = p.Path === undefined ? undefined : String(p.Path)
  const method = p.Method === undefined ? undefined : String(p.Method).toUpperCase()
  let routeKey: string
  if ((path === undefined && method === undefined) || path === '$default' || path === DEFAULT_PATH) routeKey = '$default'
  else if (path === undefined || method === undefined) throw new TemplateError(`${where}: Path and Method go together (give both, or neither for the $default route)`)
  else routeKey = `${method === 'ANY' ? 'ANY' : method} ${path.startsWith('/') ? path : `/${path}`}`
  const version = p.PayloadFormatVersion === undefined ? '2.0' : String(p.PayloadFormatVersion)
  if (version !== '1.0' && version !== '2.0') throw new TemplateError(`${where}.PayloadFormatVersion must be 1.0 or 2.0, not ${version}`)
  return {
    functionLogicalId, functionName, eventName, routeKey, payloadFormatVersion: version,
    timeoutInMillis: p.TimeoutInMillis === undefined ? undefined : Number(p.TimeoutInMillis),
    authorizer: typeof p.Auth?.Authorizer === 'string' ? p.Auth.Authorizer : undefined,
    authorizationScopes: Array.isArray(p.Auth?.AuthorizationScopes) ? p.Auth.AuthorizationScopes.map(String) : undefined,
    routeSettings: p.RouteSettings !== null && typeof p.RouteSettings === 'object' ? p.RouteSettings : undefined,
  }
}

export function emptyHttpApiDefinition(title: string): Document {
  return { openapi: '3.0.1', info: { title, version: '1.0' }, paths: {} }
}

/** The document's path and method of a route key. */
export function routeOperation(routeKey: string): { path: string; method: string } {
  if (routeKey === '$default') return { path: DEFAULT_PATH, method: ANY }
  const [verb, path] = routeKey.split(' ') as [string, string]
  return { path, method: verb === 'ANY' ? ANY : verb.toLowerCase() }
}

export function addHttpApiEvents(document: Document, events: readonly HttpApiEvent[], region: string, accountId: string): void {
  document.paths ??= {}
  for (const event of events) {
    const { path, method } = routeOperation(event.routeKey)
    const item = (document.paths[path] ??= {})
    const operation = (item[method] ??= { responses: {} })
    operation['x-amazon-apigateway-integration'] ??= {
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: lambdaIntegrationUri(region, accountId, event.functionName),
      payloadFormatVersion: event.payloadFormatVersion,
      ...(event.timeoutInMillis === undefined ? {} : { timeoutInMillis: event.timeoutInMillis }),
    }
  }
}

const CORS_KEYS = ['AllowCredentials', 'AllowHeaders', 'AllowMethods', 'AllowOrigins', 'ExposeHeaders', 'MaxAge'] as const

/** SAM's `CorsConfiguration` merged over the document's `x-amazon-apigateway-cors`. */
export function addHttpApiCors(document: Document, cors: unknown, where: string): void {
  if (cors === undefined || cors === false) return
  let settings: Record<string, unknown>
  if (cors === true) settings = { allowOrigins: ['*'] }
  else if (typeof cors === 'string') settings = { allowOrigins: [cors] }
  else if (cors !== null && typeof cors === 'object' && !Array.isArray(cors)) {
    const given = cors as Record<string, unknown>
    const unknown = Object.keys(given).filter((key) => !(CORS_KEYS as readonly string[]).includes(key))
    if (unknown.length > 0) throw new TemplateError(`${where}: ${unknown.join(', ')} is not a CorsConfiguration property (${CORS_KEYS.join(', ')})`)
    settings = Object.fromEntries(Object.entries(given).map(([key, value]) => [key[0].toLowerCase() + key.slice(1), value]))
  } else throw new TemplateError(`${where}: CorsConfiguration must be true, an origin or a mapping`)
  document['x-amazon-apigateway-cors'] = { ...document['x-amazon-apigateway-cors'], ...settings }
}
