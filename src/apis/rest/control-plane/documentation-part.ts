import { newId } from '../../../core/ids.ts'
import { badRequest, conflict, notFound } from '../../../core/management-error.ts'
import {
  DOCUMENTATION_LOCATION_TYPES, type DocumentationLocationType, type DocumentationPart, type DocumentationPartLocation,
} from '../../../model/documentation.ts'
import type { StoreReader } from '../../../store/store.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { compact } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { invalidPatchPathFor, unsupportedPatchOp } from '../../operations/patch-operations.ts'
import { patchTable } from '../../operations/patch-table.ts'
import { requireRestApi } from './lookups.ts'
import { REST_MESSAGES } from './messages.ts'
import { patchStored } from './patch-stored.ts'

/**
 * DocumentationPart: CreateDocumentationPart (201), GetDocumentationPart, GetDocumentationParts,
 * UpdateDocumentationPart, DeleteDocumentationPart (202), answering as the recordings
 * test_apigateway_api > TestApiGatewayApiDocumentationPart do; the location rules are the API
 * reference's (DocumentationPartLocation) and the developer guide's ("Location fields of a
 * documentation part").
 */

type LocationField = 'path' | 'method' | 'statusCode' | 'name'

const UNDER_A_METHOD: readonly DocumentationLocationType[] = [
  'METHOD', 'PATH_PARAMETER', 'QUERY_PARAMETER', 'REQUEST_HEADER', 'REQUEST_BODY', 'RESPONSE', 'RESPONSE_HEADER', 'RESPONSE_BODY',
]

/** Which location types each field is valid for (API reference, DocumentationPartLocation). */
const VALID_FOR: Readonly<Record<LocationField, readonly DocumentationLocationType[]>> = {
  path: ['RESOURCE', ...UNDER_A_METHOD],
  method: UNDER_A_METHOD,
  statusCode: ['RESPONSE', 'RESPONSE_HEADER', 'RESPONSE_BODY'],
  name: ['AUTHORIZER', 'MODEL', 'PATH_PARAMETER', 'QUERY_PARAMETER', 'REQUEST_HEADER', 'RESPONSE_HEADER'],
}

/** A field left out takes its default where it applies: path `/`, method `*`, statusCode `*` (API reference). */
const DEFAULTS: Readonly<Partial<Record<LocationField, string>>> = { path: '/', method: '*', statusCode: '*' }

const FIELDS: readonly LocationField[] = ['path', 'method', 'statusCode', 'name']

const CREATE_DOCUMENTATION_PART = input('createDocumentationPartInput', {
  location: {
    type: 'object',
    required: true,
    members: {
      type: { type: 'string', required: true, enum: DOCUMENTATION_LOCATION_TYPES },
      path: { type: 'string' },
      method: { type: 'string' },
      // API reference, DocumentationPartLocation.statusCode: "^([1-5]\d\d|\*|\s*)$".
      statusCode: { type: 'string', pattern: '^([1-5]\\d\\d|\\*|\\s*)$' },
      name: { type: 'string' },
    },
  },
  properties: { type: 'string', required: true },
})

/** A field given for a type it does not apply to is refused; a name is required where it applies. */
export function normaliseLocation(given: Partial<Record<LocationField, string>> & { type: DocumentationLocationType }): DocumentationPartLocation {
  const location: DocumentationPartLocation = { type: given.type }
  for (const field of FIELDS) {
    const value = given[field]
    const applies = VALID_FOR[field].includes(given.type)
    if (!applies) {
      if (value !== undefined) throw badRequest(REST_MESSAGES.locationFieldNotApplicable(field, given.type))
      continue
    }
    if (field === 'name' && (value === undefined || value === '')) throw badRequest(REST_MESSAGES.locationNameRequired(given.type))
    const defaulted = value ?? DEFAULTS[field]
    if (defaulted !== undefined) location[field] = defaulted
  }
  return location
}

/** `properties` is a JSON string (API reference, DocumentationPart.properties); we keep the client's text. */
export function checkProperties(properties: string | undefined): string {
  try {
    const parsed: unknown = JSON.parse(properties ?? '')
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return properties as string
  } catch { /* refused below */ }
  throw badRequest(REST_MESSAGES.invalidDocumentationProperties)
}

export const sameLocation = (a: DocumentationPartLocation, b: DocumentationPartLocation): boolean =>
  a.type === b.type && FIELDS.every((field) => a[field] === b[field])

/** The wire shape, `{id, location, properties}` (LS test_documentation_part_lifecycle). */
const shape = (part: DocumentationPart): DocumentationPart => ({ id: part.id, location: compact({ ...part.location }), properties: part.properties })

/** An unknown API answers as an unknown part (LS test_invalid_get_documentation_part > get-documentation-part-invalid-api-id). */
async function requireDocumentationPart(reader: StoreReader, restApiId: string, partId: string): Promise<DocumentationPart> {
  const part = await reader.get('documentation-part', restApiId, partId)
  if (part === undefined) throw notFound(REST_MESSAGES.documentationPartNotFound)
  return part
}

export async function createDocumentationPart({ deps, params, body }: Operation): Promise<Reply> {
  const { location: given, properties } = readInput(body, CREATE_DOCUMENTATION_PART)
  const part = await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, params.restApiId)
    const location = normaliseLocation(given)
    const checked = checkProperties(properties)
    const existing = await tx.list('documentation-part', params.restApiId)
    if (existing.some((other) => sameLocation(other.location, location))) throw conflict(REST_MESSAGES.documentationPartExists)
    const id = await allocateId(() => newId(6), (id) => tx.insert('documentation-part', params.restApiId, id, { id, location, properties: checked }))
    return { id, location, properties: checked }
  })
  return { status: 201, body: shape(part) }
}

export async function getDocumentationPart({ deps, params }: Operation): Promise<Reply> {
  return { status: 200, body: shape(await requireDocumentationPart(deps.store, params.restApiId, params.documentationPartId)) }
}

/**
 * The API reference's filters: `type`, `name` (nameQuery: the entity names containing it), `path`
 * and `locationStatus` (DOCUMENTED for parts with content, UNDOCUMENTED for those whose properties
 * are an empty object), then `position`/`limit` paging.
 */
export async function getDocumentationParts({ deps, params, query }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  const type = query.get('type')
  const nameQuery = query.get('name')
  const path = query.get('path')
  const status = query.get('locationStatus')
  const parts = (await deps.store.list('documentation-part', params.restApiId)).filter((part) =>
    (type === null || part.location.type === type)
    && (nameQuery === null || (part.location.name ?? '').includes(nameQuery))
    && (path === null || part.location.path === path)
    && (status === null || (status === 'UNDOCUMENTED') === undocumented(part)))
  return { status: 200, body: paginate(parts.map(shape), query) }
}

function undocumented(part: DocumentationPart): boolean {
  try {
    return Object.keys(JSON.parse(part.properties) as object).length === 0
  } catch {
    return true
  }
}

const DOCUMENTATION_PART_PATCHES = patchTable<DocumentationPart>({
  // LS test_invalid_update_documentation_part: another op is "Please choose supported operations", another path "Must be one of: [/properties]".
  refuse: ({ op, path }) => (op !== 'replace' ? unsupportedPatchOp(path, op) : invalidPatchPathFor(path, op, ['/properties'])),
  rules: [
    { path: '/properties', ops: ['replace'], apply: (part, { value }) => { part.properties = checkProperties(value) } },
  ],
})

export async function updateDocumentationPart({ deps, params, body }: Operation): Promise<Reply> {
  const updated = await patchStored(deps.store, body, {
    inputName: 'updateDocumentationPartInput',
    patches: DOCUMENTATION_PART_PATCHES,
    read: (tx) => requireDocumentationPart(tx, params.restApiId, params.documentationPartId),
    write: (tx, part) => tx.put('documentation-part', params.restApiId, part.id, part),
  })
  return { status: 200, body: shape(updated) }
}

/** An unknown API is the API's own 404 here (LS test_invalid_delete_documentation_part > delete_documentation_part_wrong_api_id). */
export async function deleteDocumentationPart({ deps, params }: Operation): Promise<Reply> {
  await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, params.restApiId)
    await requireDocumentationPart(tx, params.restApiId, params.documentationPartId)
    await tx.delete('documentation-part', params.restApiId, params.documentationPartId)
  })
  return { status: 202 }
}
