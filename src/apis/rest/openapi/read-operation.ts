import { compact } from '../../operations/input.ts'
import { checkRequestParameters } from '../control-plane/method-rules.ts'
import { statusCodeErrors } from '../control-plane/status-code.ts'
import type { HttpMethod, Method, MethodResponse } from '../../../model/method.ts'
import type { MethodDefinition } from './api-definition.ts'
import { X } from './extensions.ts'
import type { ImportIssues } from './import-issues.ts'
import type { ModelCatalog } from './models.ts'
import type { OpenApiDocument } from './read-document.ts'
import { readIntegration } from './read-integration.ts'
import type { SecurityCatalog } from './read-security.ts'

/**
 * One OpenAPI operation → one Method (LS test_import_swagger_api > method-*): `operationId` is
 * `operationName`; path, query and header parameters become `method.request.*` keys (path ones
 * always required, and every `{name}` of the path template even when undeclared — LS
 * test_import_and_validate_rest_api[swagger-mock-cors.json] > method-product/{product_id}-options);
 * a body schema becomes `requestModels` under each request media type; each response code
 * becomes a MethodResponse whose headers are `method.response.header.*: false` and whose
 * schemas are `responseModels`.
 */

export interface OperationContext {
  readonly document: OpenApiDocument
  readonly models: ModelCatalog
  readonly security: SecurityCatalog
  readonly validatorNames: ReadonlySet<string>
  readonly issues: ImportIssues
}

export interface OperationSite {
  /** The resource path as stored (after the `basepath` mode). */
  readonly path: string
  /** The path as the document writes it, whose `{name}` parts are path parameters. */
  readonly template: string
  readonly verb: HttpMethod
  readonly operation: Record<string, unknown>
  readonly pathParameters: unknown
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

const LOCATIONS: Readonly<Record<string, string>> = { path: 'path', query: 'querystring', header: 'header' }

export function readOperation(context: OperationContext, site: OperationSite): MethodDefinition | undefined {
  const { document, issues } = context
  const { operation, verb, path } = site
  const where = `method '${verb}' of resource '${path}'`
  const requestParameters: Record<string, boolean> = {}
  const requestModels: Record<string, string> = {}

  for (const parameter of mergedParameters(document, site.pathParameters, operation.parameters)) {
    const name = typeof parameter.name === 'string' ? parameter.name : undefined
    if (name === undefined) continue
    if (parameter.in === 'body') {
      const model = context.models.modelFor(parameter.schema, where)
      if (model !== undefined) for (const type of mediaTypes(document, operation, 'consumes')) requestModels[type] = model
      continue
    }
    const location = LOCATIONS[String(parameter.in)]
    if (location === undefined) continue
    requestParameters[`method.request.${location}.${name}`] = location === 'path' ? true : parameter.required === true
  }
  for (const match of site.template.matchAll(/\{([^}]+?)\+?\}/g)) {
    const key = `method.request.path.${match[1]}`
    requestParameters[key] ??= true
  }
  const requestBody = resolve(document, operation.requestBody)
  if (isObject(requestBody) && isObject(requestBody.content)) {
    for (const [type, media] of Object.entries(requestBody.content)) {
      const model = isObject(media) ? context.models.modelFor(media.schema, where) : undefined
      if (model !== undefined) requestModels[type] = model
    }
  }

  const methodResponses = readResponses(context, operation, where)
  const auth = context.security.authorizationOf(operation, where)
  const validator = operation[X.requestValidator] ?? document.root[X.requestValidator]
  let requestValidatorName: string | undefined
  if (typeof validator === 'string' && validator.toUpperCase() !== 'NONE') {
    if (context.validatorNames.has(validator)) requestValidatorName = validator
    else issues.warn(`Unable to find request validator '${validator}' used by ${where}`)
  }

  const method: Method = compact({
    httpMethod: verb,
    authorizationType: auth.authorizationType,
    apiKeyRequired: auth.apiKeyRequired,
    operationName: typeof operation.operationId === 'string' ? operation.operationId : undefined,
    requestParameters: Object.keys(requestParameters).length > 0 ? requestParameters : undefined,
    requestModels: Object.keys(requestModels).length > 0 ? requestModels : undefined,
    authorizationScopes: auth.authorizationScopes,
    methodResponses: Object.keys(methodResponses).length > 0 ? methodResponses : undefined,
    methodIntegration: undefined as Method['methodIntegration'],
  })
  let ok = issues.check(`Unable to put method '${verb}' on resource at path '${path}'`, () => {
    checkRequestParameters(method.requestParameters)
  })
  const ext = operation[X.integration]
  if (isObject(ext)) {
    const integration = readIntegration(ext, { path, verb, issues })
    if (integration === undefined) ok = false
    else method.methodIntegration = integration
  } else if (ext !== undefined) {
    issues.error(`Unable to put integration on '${verb}' for resource at path '${path}': Invalid integration specified`)
    ok = false
  }
  if (!ok) return undefined
  return { method, authorizerName: auth.authorizerName, requestValidatorName }
}

function readResponses(context: OperationContext, operation: Record<string, unknown>, where: string): Record<string, MethodResponse> {
  const { document, issues } = context
  const result: Record<string, MethodResponse> = {}
  if (!isObject(operation.responses)) return result
  for (const [code, raw] of Object.entries(operation.responses)) {
    // OpenAPI's catch-all `default` response has no status code for API Gateway to store.
    if (code === 'default') continue
    if (statusCodeErrors(code).length > 0) {
      issues.warn(`Invalid response status code '${code}' in ${where}`)
      continue
    }
    const response = resolve(document, raw)
    if (!isObject(response)) continue
    const responseParameters: Record<string, boolean> = {}
    if (isObject(response.headers)) {
      for (const header of Object.keys(response.headers)) responseParameters[`method.response.header.${header}`] = false
    }
    const responseModels: Record<string, string> = {}
    if (document.dialect === 'swagger2') {
      const model = context.models.modelFor(response.schema, where)
      if (model !== undefined) for (const type of mediaTypes(document, operation, 'produces')) responseModels[type] = model
    } else if (isObject(response.content)) {
      for (const [type, media] of Object.entries(response.content)) {
        const model = isObject(media) ? context.models.modelFor(media.schema, where) : undefined
        if (model !== undefined) responseModels[type] = model
      }
    }
    result[code] = compact({
      statusCode: code,
      responseParameters: Object.keys(responseParameters).length > 0 ? responseParameters : undefined,
      responseModels: Object.keys(responseModels).length > 0 ? responseModels : undefined,
    })
  }
  return result
}

/** Swagger 2's `consumes`/`produces`: the operation's, else the document's, else JSON. */
function mediaTypes(document: OpenApiDocument, operation: Record<string, unknown>, member: 'consumes' | 'produces'): string[] {
  const own = operation[member] ?? document.root[member]
  const types = Array.isArray(own) ? own.filter((type): type is string => typeof type === 'string') : []
  return types.length > 0 ? types : ['application/json']
}

/** Path-item parameters overridden by the operation's own (same name and location). */
function mergedParameters(document: OpenApiDocument, shared: unknown, own: unknown): Record<string, unknown>[] {
  const byKey = new Map<string, Record<string, unknown>>()
  for (const list of [shared, own]) {
    for (const raw of Array.isArray(list) ? list : []) {
      const parameter = resolve(document, raw)
      if (isObject(parameter)) byKey.set(`${String(parameter.in)}:${String(parameter.name)}`, parameter)
    }
  }
  return [...byKey.values()]
}

/** Follows a local `$ref` (`#/parameters/x`, `#/components/responses/y`...) once. */
export function resolve(document: OpenApiDocument, value: unknown): unknown {
  if (!isObject(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/')) return value
  let node: unknown = document.root
  for (const part of value.$ref.slice(2).split('/')) {
    if (!isObject(node)) return undefined
    node = node[part.replaceAll('~1', '/').replaceAll('~0', '~')]
  }
  return node
}
