import { savedResourcePolicy } from '../control-plane/resource-policy.ts'
import { epochSeconds } from '../../../core/clock.ts'
import { newResourceId } from '../../../core/ids.ts'
import { badRequest, conflict } from '../../../core/management-error.ts'
import { compact } from '../../operations/input.ts'
import { requireRestApi } from '../control-plane/lookups.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { chooseRestApiId, ENDPOINT_TYPES_ENUM, restApiWithTags } from '../control-plane/rest-api.ts'
import type { EndpointType, RestApi } from '../../../model/rest-api.ts'
import { ACCOUNT_SCOPE } from '../../../store/store.ts'
import type { ApiDefinition } from './api-definition.ts'
import { applyDefinition, type ApplyMode } from './apply-definition.ts'
import { readBasePathMode } from './base-path.ts'
import { ImportIssues } from './import-issues.ts'
import { readApiDefinition } from './read-api-definition.ts'
import { readDocumentationParts } from './read-documentation.ts'
import { invalidOpenApiInput, readOpenApiDocument } from './read-document.ts'
import { REST_MESSAGES } from '../control-plane/messages.ts'

/**
 * ImportRestApi (`POST /restapis?mode=import`, 201) and PutRestApi (`PUT /restapis/{id}`, 200,
 * `mode=merge` by default or `overwrite`), as recorded in test_apigateway_import. Query parameters: `failonwarnings`,
 * and the `parameters` map, which the SDKs send as plain query parameters: `basepath`,
 * `endpointConfigurationTypes`, `ignore=documentation`. The body is the document, JSON or YAML.
 * Reading happens first; then the whole API is written in one transaction, which a warning
 * under `failonwarnings=true` or any error rolls back.
 */

interface ImportQuery {
  readonly failOnWarnings: boolean
  readonly definition: ApiDefinition
  readonly issues: ImportIssues
  readonly endpointTypes?: EndpointType[]
}

function readImport(operation: Operation): ImportQuery {
  const { query, rawBody } = operation
  if (rawBody === undefined || rawBody.length === 0) throw invalidOpenApiInput('the request has no body: send the document')
  const document = readOpenApiDocument(rawBody)
  const issues = new ImportIssues()
  const read = readApiDefinition(document, { basePath: readBasePathMode(query.get('basepath')) }, issues)
  // `ignore=documentation` leaves the document's documentation parts out (developer guide, "Import API documentation").
  const definition: ApiDefinition = query.get('ignore') === 'documentation'
    ? read
    : { ...read, documentationParts: readDocumentationParts(document, issues) }
  const typesParam = query.get('endpointConfigurationTypes')
  let endpointTypes: EndpointType[] | undefined
  if (typesParam !== null && typesParam !== '') {
    endpointTypes = typesParam.split(',').map((type) => type.trim().toUpperCase()) as EndpointType[]
    if (endpointTypes.length !== 1 || !ENDPOINT_TYPES_ENUM.includes(endpointTypes[0])) {
      throw badRequest(REST_MESSAGES.invalidEndpointTypes)
    }
  }
  return { failOnWarnings: query.get('failonwarnings') === 'true', definition, issues, endpointTypes }
}

/**
 * What Import and Put answer: the API, plus `warnings` when anything was skipped
 * (recorded: test_apigateway_import > test_import_rest_api_with_base_path_oas30 > put-rest-api-oas30-srv-url).
 */
const withWarnings = <T extends object>(api: T, issues: ImportIssues): T & { warnings?: string[] } =>
  issues.warnings.length > 0 ? { ...api, warnings: [...issues.warnings] } : api

export async function importRestApi(operation: Operation): Promise<Reply> {
  const { deps } = operation
  const { failOnWarnings, definition, issues, endpointTypes } = readImport(operation)
  if (definition.title === undefined || definition.title === '') throw invalidOpenApiInput('info.title is missing: it names the API')
  issues.throwIfFailed(failOnWarnings)
  const types = endpointTypes ?? definition.endpointTypes ?? ['EDGE']
  const api: RestApi = compact({
    id: chooseRestApiId(deps.pinnedApiIds, definition.title, undefined),
    name: definition.title,
    description: definition.description,
    version: definition.version,
    createdDate: epochSeconds(deps.clock.now()),
    apiKeySource: definition.apiKeySource ?? 'HEADER',
    binaryMediaTypes: definition.binaryMediaTypes?.length ? definition.binaryMediaTypes : undefined,
    minimumCompressionSize: definition.minimumCompressionSize,
    endpointConfiguration: endpointConfiguration(types, definition.vpcEndpointIds),
    policy: definition.policy,
    disableExecuteApiEndpoint: definition.disableExecuteApiEndpoint ?? false,
    rootResourceId: newResourceId(),
  })
  // x-amazon-apigateway-policy is stored as CreateRestApi stores a policy: checked, shorthand expanded.
  if (api.policy !== undefined) api.policy = savedResourcePolicy(api.policy, api.id, deps.aws)
  await deps.store.transaction(async (tx) => {
    if (!(await tx.insert('restapi', ACCOUNT_SCOPE, api.id, api))) throw conflict(REST_MESSAGES.restApiIdTaken(api.id))
    await tx.insert('resource', api.id, api.rootResourceId, { id: api.rootResourceId, path: '/' })
    await applyDefinition(tx, api.id, definition, 'overwrite', issues)
    issues.throwIfFailed(failOnWarnings)
  })
  return { status: 201, body: withWarnings(api, issues) }
}

export async function putRestApi(operation: Operation): Promise<Reply> {
  const { deps, params, query } = operation
  const mode = readImportMode(query)
  // The body is read before the API is looked up: a document that is no OpenAPI is `Invalid OpenAPI
  // input.` whatever the id (recorded: test_apigateway_import > test_import_api_bad_file >
  // put-rest-api-bad-yaml-file, put-rest-api-bad-json-file); a good one on an unknown id is 404.
  const { failOnWarnings, definition, issues, endpointTypes } = readImport(operation)
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  issues.throwIfFailed(failOnWarnings)
  const updated = await deps.store.transaction(async (tx) => {
    const current = await requireRestApi(tx, deps.aws, params.restApiId)
    const api = updatedRestApi(current, definition, mode, endpointTypes)
    if (api.policy !== current.policy) api.policy = savedResourcePolicy(api.policy, api.id, deps.aws)
    await tx.put('restapi', ACCOUNT_SCOPE, api.id, api)
    await applyDefinition(tx, api.id, definition, mode, issues)
    issues.throwIfFailed(failOnWarnings)
    return api
  })
  return { status: 200, body: withWarnings(restApiWithTags(updated), issues) }
}

/** `mode`, `merge` unless it says `overwrite` (API reference, PutRestApi and ImportDocumentationParts). */
export function readImportMode(query: URLSearchParams): ApplyMode {
  const mode = query.get('mode') ?? 'merge'
  if (mode !== 'merge' && mode !== 'overwrite') throw badRequest(REST_MESSAGES.invalidImportMode(mode))
  return mode
}

/**
 * The API's own fields after a Put. The title renames the API in both modes; `merge` appends binary
 * media types and keeps what the document does not say, `overwrite` takes the document's values
 * (recorded: test_apigateway_import > test_put_rest_api_mode_binary_media_types > put-api).
 */
function updatedRestApi(current: RestApi, definition: ApiDefinition, mode: ApplyMode, endpointTypes: EndpointType[] | undefined): RestApi {
  const api = structuredClone(current)
  if (definition.title !== undefined && definition.title !== '') api.name = definition.title
  const take = <K extends 'description' | 'version' | 'minimumCompressionSize' | 'policy'>(key: K, value: RestApi[K] | undefined): void => {
    if (value !== undefined) api[key] = value
    else if (mode === 'overwrite') delete api[key]
  }
  take('description', definition.description)
  take('version', definition.version)
  take('minimumCompressionSize', definition.minimumCompressionSize)
  take('policy', definition.policy)
  const binary = mode === 'merge'
    ? [...new Set([...(current.binaryMediaTypes ?? []), ...(definition.binaryMediaTypes ?? [])])]
    : (definition.binaryMediaTypes ?? [])
  if (binary.length > 0) api.binaryMediaTypes = binary
  else delete api.binaryMediaTypes
  if (definition.apiKeySource !== undefined) api.apiKeySource = definition.apiKeySource
  else if (mode === 'overwrite') api.apiKeySource = 'HEADER'
  const types = endpointTypes ?? definition.endpointTypes
  if (types !== undefined) api.endpointConfiguration = endpointConfiguration(types, definition.vpcEndpointIds ?? current.endpointConfiguration.vpcEndpointIds)
  if (definition.disableExecuteApiEndpoint !== undefined) api.disableExecuteApiEndpoint = definition.disableExecuteApiEndpoint
  return api
}

function endpointConfiguration(types: EndpointType[], vpcEndpointIds: string[] | undefined): RestApi['endpointConfiguration'] {
  const type = types[0] ?? 'EDGE'
  // PRIVATE APIs are dualstack only; the others default to ipv4 (recorded: test_apigateway_api > test_create_rest_api_verify_defaults).
  return compact({ ipAddressType: type === 'PRIVATE' ? 'dualstack' : 'ipv4', types: [type], vpcEndpointIds })
}
