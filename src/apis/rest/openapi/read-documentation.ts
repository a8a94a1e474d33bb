import { DOCUMENTATION_LOCATION_TYPES, type DocumentationLocationType, type DocumentationPartLocation } from '../../../model/documentation.ts'
import { checkProperties, normaliseLocation } from '../control-plane/documentation-part.ts'
import type { OpenApiDocument } from './read-document.ts'
import { X } from './extensions.ts'
import type { ImportIssues } from './import-issues.ts'

/** A documentation part as a document gives it: no id yet, its properties as the JSON text the API stores. */
export interface DocumentationPartDefinition {
  readonly location: DocumentationPartLocation
  readonly properties: string
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * The parts `x-amazon-apigateway-documentation` lists (`{version, documentationParts: [{location,
 * properties}]}`; developer guide, "x-amazon-apigateway-documentation object"), each location checked
 * and defaulted as CreateDocumentationPart checks it. Undefined when the document has no such
 * extension, so that an import without it leaves the API's parts alone. A part that
 * CreateDocumentationPart would refuse is skipped with a warning (the wording is ours; no recording
 * shows AWS refusing one).
 */
export function readDocumentationParts(document: OpenApiDocument, issues: ImportIssues): DocumentationPartDefinition[] | undefined {
  const extension = document.root[X.documentation]
  if (extension === undefined) return undefined
  const listed = isObject(extension) && Array.isArray(extension.documentationParts) ? extension.documentationParts : []
  const parts: DocumentationPartDefinition[] = []
  listed.forEach((raw: unknown, index) => {
    const prefix = `Documentation part ${index + 1} was ignored`
    const location = isObject(raw) && isObject(raw.location) ? raw.location : undefined
    const type = typeof location?.type === 'string' ? location.type.toUpperCase() : undefined
    if (location === undefined || !DOCUMENTATION_LOCATION_TYPES.includes(type as DocumentationLocationType)) {
      issues.warn(`${prefix}: its location type must be one of ${DOCUMENTATION_LOCATION_TYPES.join(', ')}`)
      return
    }
    const given = Object.fromEntries(['path', 'method', 'statusCode', 'name'].flatMap((field) =>
      location[field] === undefined ? [] : [[field, String(location[field])]]))
    const properties = isObject(raw) ? JSON.stringify(raw.properties ?? {}) : '{}'
    issues.check(prefix, () => {
      parts.push({ location: normaliseLocation({ ...given, type: type as DocumentationLocationType }), properties: checkProperties(properties) })
    }, 'warning')
  })
  return parts
}
