/**
 * A REST API's documentation (API reference, DocumentationPart and DocumentationVersion; developer
 * guide, "Documenting REST APIs"). A part documents one API entity, named by its location; its
 * `properties` is a JSON string kept as the client wrote it. A version is a named snapshot of the
 * API's parts taken when it is created.
 */

export const DOCUMENTATION_LOCATION_TYPES = [
  'RESPONSE_BODY', 'RESPONSE', 'METHOD', 'MODEL', 'AUTHORIZER', 'RESPONSE_HEADER', 'RESOURCE', 'PATH_PARAMETER',
  'REQUEST_BODY', 'QUERY_PARAMETER', 'API', 'REQUEST_HEADER',
] as const

export type DocumentationLocationType = (typeof DOCUMENTATION_LOCATION_TYPES)[number]

/** Only the fields that apply to the location's type are set (API reference, DocumentationPartLocation). */
export interface DocumentationPartLocation {
  type: DocumentationLocationType
  path?: string
  method?: string
  statusCode?: string
  name?: string
}

export interface DocumentationPart {
  id: string
  location: DocumentationPartLocation
  properties: string
}

export interface DocumentationVersion {
  version: string
  createdDate: number
  description?: string
  /** The API's parts when the version was created. */
  parts: DocumentationPart[]
}
