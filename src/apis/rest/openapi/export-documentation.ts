import type { DocumentationPart, DocumentationPartLocation, DocumentationVersion } from '../../../model/documentation.ts'
import { X } from './extensions.ts'

/**
 * The documentation GetExport adds for a stage with a `documentationVersion` (developer guide,
 * "Publish API documentation using the API Gateway REST API", "Download a documentation snapshot
 * associated with a stage"): the version's parts under `x-amazon-apigateway-documentation`
 * (`{version, createdDate, documentationParts}`, each part's location without the defaults it
 * was stored with), and each part's OpenAPI attributes (and `x-` extensions) written into the
 * entity it documents; attributes OpenAPI does not know (`foo`) stay in the extension only.
 */

type Json = Record<string, unknown>
type Dialect = 'oas30' | 'swagger'

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value)

/** What OpenAPI lets each documented entity carry, besides `x-` extensions. */
const OPENAPI_ATTRIBUTES = {
  root: ['externalDocs', 'tags'],
  info: ['description', 'termsOfService', 'contact', 'license'],
  operation: ['summary', 'description', 'tags', 'externalDocs', 'deprecated'],
  described: ['description'],
  schema: ['title', 'description', 'example', 'externalDocs'],
} as const

/** The defaults CreateDocumentationPart fills in (documentation-part.ts), left out again on export. */
const LOCATION_DEFAULTS: Partial<Record<keyof DocumentationPartLocation, string>> = { path: '/', method: '*', statusCode: '*' }

function exportedLocation(location: DocumentationPartLocation): Json {
  const exported: Json = { type: location.type }
  for (const field of ['path', 'method', 'statusCode', 'name'] as const) {
    const value = location[field]
    if (value !== undefined && value !== LOCATION_DEFAULTS[field]) exported[field] = value
  }
  return exported
}

function parsedProperties(part: DocumentationPart): Json {
  try {
    const parsed: unknown = JSON.parse(part.properties)
    return isObject(parsed) ? parsed : {}
  } catch {
    return {}
  }
}

function copyAttributes(target: Json | undefined, properties: Json, allowed: readonly string[]): void {
  if (target === undefined) return
  for (const [key, value] of Object.entries(properties)) {
    if (key.startsWith('x-') || allowed.includes(key)) target[key] = value
  }
}

/** `*` in a location matches every method or status code; the specific part, applied later, wins. */
const specificity = (location: DocumentationPartLocation): number =>
  (location.method === '*' ? 0 : 1) + (location.statusCode === '*' ? 0 : 1)

const matches = (wanted: string | undefined, actual: string): boolean => wanted === undefined || wanted === '*' || wanted === actual

export function addDocumentation(document: Json, dialect: Dialect, version: DocumentationVersion): void {
  const parts = [...version.parts].sort((a, b) => specificity(a.location) - specificity(b.location))
  for (const part of parts) documentEntity(document, dialect, part.location, parsedProperties(part))
  document[X.documentation] = {
    version: version.version,
    createdDate: new Date(version.createdDate * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    documentationParts: version.parts.map((part) => ({ location: exportedLocation(part.location), properties: parsedProperties(part) })),
  }
}

function documentEntity(document: Json, dialect: Dialect, location: DocumentationPartLocation, properties: Json): void {
  switch (location.type) {
    case 'API':
      copyAttributes(document, properties, OPENAPI_ATTRIBUTES.root)
      if (isObject(properties.info) && isObject(document.info)) copyAttributes(document.info, properties.info, OPENAPI_ATTRIBUTES.info)
      return
    case 'MODEL':
      copyAttributes(modelsOf(document, dialect)?.[location.name ?? ''] as Json | undefined, properties, OPENAPI_ATTRIBUTES.schema)
      return
    case 'AUTHORIZER':
      copyAttributes(securitySchemesOf(document, dialect)?.[location.name ?? ''] as Json | undefined, properties, OPENAPI_ATTRIBUTES.described)
      return
    case 'RESOURCE':
      copyAttributes(pathItem(document, location.path), properties, [])
      return
    default:
      for (const operation of operations(document, location)) documentOperation(operation, dialect, location, properties)
  }
}

function documentOperation(operation: Json, dialect: Dialect, location: DocumentationPartLocation, properties: Json): void {
  const described = OPENAPI_ATTRIBUTES.described
  const parameters = Array.isArray(operation.parameters) ? (operation.parameters as Json[]) : []
  const parameter = (where: string): Json | undefined => parameters.find((candidate) => candidate.in === where && candidate.name === location.name)
  switch (location.type) {
    case 'METHOD':
      return copyAttributes(operation, properties, OPENAPI_ATTRIBUTES.operation)
    case 'PATH_PARAMETER':
      return copyAttributes(parameter('path'), properties, described)
    case 'QUERY_PARAMETER':
      return copyAttributes(parameter('query'), properties, described)
    case 'REQUEST_HEADER':
      return copyAttributes(parameter('header'), properties, described)
    case 'REQUEST_BODY':
      return copyAttributes(dialect === 'oas30' ? (operation.requestBody as Json | undefined) : parameters.find((candidate) => candidate.in === 'body'), properties, described)
    default:
      for (const [statusCode, response] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
        if (!isObject(response) || !matches(location.statusCode, statusCode)) continue
        if (location.type === 'RESPONSE') copyAttributes(response, properties, described)
        else if (location.type === 'RESPONSE_HEADER') copyAttributes((response.headers as Json | undefined)?.[location.name ?? ''] as Json | undefined, properties, described)
      }
  }
}

function pathItem(document: Json, path: string | undefined): Json | undefined {
  const paths = isObject(document.paths) ? document.paths : {}
  const item = paths[path ?? '/']
  return isObject(item) ? item : undefined
}

function operations(document: Json, location: DocumentationPartLocation): Json[] {
  const item = pathItem(document, location.path)
  if (item === undefined) return []
  return Object.entries(item).flatMap(([key, operation]) => {
    const verb = key === X.anyMethod ? 'ANY' : key.toUpperCase()
    return isObject(operation) && matches(location.method, verb) ? [operation] : []
  })
}

function modelsOf(document: Json, dialect: Dialect): Json | undefined {
  const holder = dialect === 'oas30' ? (document.components as Json | undefined)?.schemas : document.definitions
  return isObject(holder) ? holder : undefined
}

function securitySchemesOf(document: Json, dialect: Dialect): Json | undefined {
  const holder = dialect === 'oas30' ? (document.components as Json | undefined)?.securitySchemes : document.securityDefinitions
  return isObject(holder) ? holder : undefined
}
