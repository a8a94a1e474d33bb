import { TemplateError } from './read-template.ts'

/**
 * The OpenAPI document of one SAM API, as the SAM transform builds it (SAM specification,
 * AWS::Serverless::Api and the Api event source): the DefinitionBody when there is one, else an empty
 * Swagger 2.0 document; every `Api` event of a function adds its path and method (`any` becomes
 * `x-amazon-apigateway-any-method`) with an `aws_proxy` integration to the function; `Cors` adds a
 * MOCK OPTIONS method answering the CORS headers on every path; `BinaryMediaTypes` (`~1` standing
 * for `/`) become `x-amazon-apigateway-binary-media-types`.
 */

export interface ApiEvent {
  readonly functionLogicalId: string
  readonly functionName: string
  readonly path: string
  readonly method: string
  /** The event's `Auth.Authorizer` (a name under the API's `Auth.Authorizers`, or NONE). */
  readonly authorizer?: string
  readonly apiKeyRequired?: boolean
  /** The event's `Auth.AuthorizationScopes` (Cognito), overriding the authorizer's own. */
  readonly authorizationScopes?: readonly string[]
}

export interface CorsSettings {
  readonly allowOrigin: string
  readonly allowMethods?: string
  readonly allowHeaders?: string
  readonly maxAge?: string
  readonly allowCredentials?: boolean
}

type Document = Record<string, any>

const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']

export const lambdaIntegrationUri = (region: string, accountId: string, functionName: string): string =>
  `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:${accountId}:function:${functionName}/invocations`

export function emptyDefinition(title: string): Document {
  return { swagger: '2.0', info: { title, version: '1.0' }, paths: {} }
}

/** Adds each event's method unless the definition already has it (SAM keeps what DefinitionBody says); api-auth.ts adds their security. */
export function eventOperation(event: ApiEvent): { path: string; method: string } {
  return {
    path: event.path.startsWith('/') ? event.path : `/${event.path}`,
    method: event.method.toLowerCase() === 'any' ? 'x-amazon-apigateway-any-method' : event.method.toLowerCase(),
  }
}

export function addEvents(document: Document, events: readonly ApiEvent[], region: string, accountId: string): void {
  document.paths ??= {}
  for (const event of events) {
    const { path, method } = eventOperation(event)
    const item = (document.paths[path] ??= {})
    if (item[method] !== undefined) continue
    const operation: Document = {
      responses: {},
      'x-amazon-apigateway-integration': {
        type: 'aws_proxy', httpMethod: 'POST', uri: lambdaIntegrationUri(region, accountId, event.functionName),
      },
    }
    item[method] = operation
  }
}

/** SAM's `Cors`: a string is the AllowOrigin value; values are already quoted (`"'*'"`), as SAM wants them. */
export function readCors(cors: unknown, where: string): CorsSettings | undefined {
  if (cors === undefined) return undefined
  if (typeof cors === 'string') return { allowOrigin: cors }
  if (cors === null || typeof cors !== 'object') throw new TemplateError(`${where}: Cors must be a string or a mapping`)
  const c = cors as Record<string, unknown>
  const str = (key: string): string | undefined => (c[key] === undefined ? undefined : String(c[key]))
  const allowOrigin = str('AllowOrigin')
  if (allowOrigin === undefined) throw new TemplateError(`${where}: Cors.AllowOrigin is required`)
  return { allowOrigin, allowMethods: str('AllowMethods'), allowHeaders: str('AllowHeaders'), maxAge: str('MaxAge'), allowCredentials: c.AllowCredentials === true }
}

export function addCors(document: Document, cors: CorsSettings): void {
  for (const [path, item] of Object.entries<Document>(document.paths ?? {})) {
    if (item.options !== undefined) continue
    const methods = 'x-amazon-apigateway-any-method' in item
      ? ALL_METHODS
      : [...new Set([...Object.keys(item).filter((m) => ALL_METHODS.includes(m.toUpperCase())).map((m) => m.toUpperCase()), 'OPTIONS'])].sort()
    const headers: Record<string, string> = {
      'Access-Control-Allow-Origin': cors.allowOrigin,
      'Access-Control-Allow-Methods': cors.allowMethods ?? `'${methods.join(',')}'`,
    }
    if (cors.allowHeaders !== undefined) headers['Access-Control-Allow-Headers'] = cors.allowHeaders
    if (cors.maxAge !== undefined) headers['Access-Control-Max-Age'] = `'${cors.maxAge.replace(/^'|'$/g, '')}'`
    if (cors.allowCredentials === true) headers['Access-Control-Allow-Credentials'] = "'true'"
    document.paths[path] = {
      ...item,
      options: {
        summary: 'CORS support',
        consumes: ['application/json'],
        produces: ['application/json'],
        responses: { '200': { description: 'Default response for CORS method', headers: Object.fromEntries(Object.keys(headers).map((h) => [h, { type: 'string' }])) } },
        'x-amazon-apigateway-integration': {
          type: 'mock',
          requestTemplates: { 'application/json': '{\n  "statusCode" : 200\n}\n' },
          responses: {
            default: {
              statusCode: '200',
              responseParameters: Object.fromEntries(Object.entries(headers).map(([h, v]) => [`method.response.header.${h}`, v])),
              responseTemplates: { 'application/json': '{}\n' },
            },
          },
        },
      },
    }
  }
}

/** `image~1png` is SAM's spelling of `image/png`. */
export function addBinaryMediaTypes(document: Document, types: readonly string[]): void {
  const existing: string[] = document['x-amazon-apigateway-binary-media-types'] ?? []
  document['x-amazon-apigateway-binary-media-types'] = [...new Set([...existing, ...types.map((t) => t.replaceAll('~1', '/'))])]
}
