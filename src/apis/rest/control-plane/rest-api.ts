import { savedResourcePolicy } from './resource-policy.ts'
import { epochSeconds } from '../../../core/clock.ts'
import { CUSTOM_ID_TAG, isValidApiId, newModelId, newResourceId, newRestApiId } from '../../../core/ids.ts'
import { badRequest, conflict } from '../../../core/management-error.ts'
import { DEFAULT_MODELS } from '../../../model/model.ts'
import type { ApiKeySource, EndpointConfiguration, EndpointType, RestApi } from '../../../model/rest-api.ts'
import { ACCOUNT_SCOPE } from '../../../store/store.ts'
import { compact } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import { requireRestApi } from './lookups.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { REST_MESSAGES } from './messages.ts'

/** RestApi: CreateRestApi, GetRestApi, GetRestApis, DeleteRestApi (UpdateRestApi: rest-api-update.ts). */

export const ENDPOINT_TYPES_ENUM: readonly EndpointType[] = ['PRIVATE', 'EDGE', 'REGIONAL']
export const IP_ADDRESS_TYPES: readonly ('ipv4' | 'dualstack')[] = ['ipv4', 'dualstack']
export const API_KEY_SOURCES: readonly ApiKeySource[] = ['HEADER', 'AUTHORIZER']
export const MAX_COMPRESSION_SIZE = 10_485_760

/**
 * GetRestApi and UpdateRestApi always carry `tags` (`{}` when none); Create and GetRestApis only when set
 * (recorded: test_apigateway_api > test_create_rest_api_with_optional_params, test_update_rest_api_operation_add_remove).
 */
export const restApiWithTags = (api: RestApi): RestApi => ({ ...api, tags: api.tags ?? {} })

/** CreateRestApi's members, in the order Coral reports them (recorded: test_apigateway_api > test_create_rest_api_with_endpoint_configuration). */
const CREATE_REST_API = input('createRestApiInput', {
  name: { type: 'string', required: true },
  endpointConfiguration: {
    type: 'object',
    members: {
      types: { type: 'string-list', enum: ENDPOINT_TYPES_ENUM },
      ipAddressType: { type: 'string', enum: IP_ADDRESS_TYPES },
      vpcEndpointIds: { type: 'string-list' },
    },
  },
  apiKeySource: { type: 'string', enum: API_KEY_SOURCES, default: 'HEADER' },
  description: { type: 'string' },
  version: { type: 'string' },
  binaryMediaTypes: { type: 'string-list' },
  minimumCompressionSize: { type: 'integer' },
  policy: { type: 'string' },
  tags: { type: 'string-map' },
  disableExecuteApiEndpoint: { type: 'boolean', default: false },
})

export async function createRestApi({ deps, body }: Operation): Promise<Reply> {
  const given = readInput(body, CREATE_REST_API)
  const { types, ipAddressType, vpcEndpointIds } = given.endpointConfiguration ?? {}
  // Coral's checks passed; then the service's own, description first
  // (recorded: test_apigateway_api > test_create_rest_api_with_endpoint_configuration > create-with-multiple-errors-2).
  if (given.description === '') throw badRequest(REST_MESSAGES.emptyDescription)
  if (given.minimumCompressionSize !== undefined && !isCompressionSize(given.minimumCompressionSize)) throw badRequest(REST_MESSAGES.invalidCompressionSize(MAX_COMPRESSION_SIZE))
  if (types !== undefined && types.length > 1) throw badRequest(REST_MESSAGES.multipleEndpointTypes)
  if (types !== undefined && types.length === 0) throw badRequest(REST_MESSAGES.noEndpointTypes)
  const type = types?.[0] ?? 'EDGE'
  if (type === 'PRIVATE' && ipAddressType === 'ipv4') throw badRequest(REST_MESSAGES.privateNeedsDualstack)
  const endpointConfiguration: EndpointConfiguration = compact({
    // PRIVATE APIs are dualstack only; the others default to ipv4 (recorded: test_apigateway_api > test_create_rest_api_verify_defaults).
    ipAddressType: ipAddressType ?? (type === 'PRIVATE' ? 'dualstack' : 'ipv4'),
    types: [type],
    vpcEndpointIds,
  })

  const restApiId = chooseRestApiId(deps.pinnedApiIds, given.name, given.tags)
  const rootResourceId = newResourceId()
  const api: RestApi = compact({
    id: restApiId,
    name: given.name,
    description: given.description,
    version: given.version,
    createdDate: epochSeconds(deps.clock.now()),
    apiKeySource: given.apiKeySource,
    binaryMediaTypes: given.binaryMediaTypes?.length ? given.binaryMediaTypes : undefined,
    minimumCompressionSize: given.minimumCompressionSize,
    endpointConfiguration,
    policy: savedResourcePolicy(given.policy, restApiId, deps.aws),
    tags: given.tags !== undefined && Object.keys(given.tags).length > 0 ? given.tags : undefined,
    disableExecuteApiEndpoint: given.disableExecuteApiEndpoint,
    rootResourceId,
  })

  await deps.store.transaction(async (tx) => {
    if (!(await tx.insert('restapi', ACCOUNT_SCOPE, restApiId, api))) {
      throw conflict(REST_MESSAGES.restApiIdTaken(restApiId))
    }
    await tx.insert('resource', restApiId, rootResourceId, { id: rootResourceId, path: '/' })
    for (const model of DEFAULT_MODELS) {
      const id = newModelId()
      await tx.insert('model', restApiId, model.name, { id, ...model })
    }
  })
  return { status: 201, body: api }
}

export const isCompressionSize = (value: number): boolean =>
  Number.isInteger(value) && value >= 0 && value <= MAX_COMPRESSION_SIZE

/**
 * The id of a new API: pinned by name in gatehouse.yaml, or by the `_custom_id_` tag (LocalStack's
 * convention, so scripts written for it keep working), else 10 random lowercase alphanumerics.
 */
export function chooseRestApiId(pinned: Readonly<Record<string, string>>, name: string, tags: Record<string, string> | undefined): string {
  const wanted = Object.hasOwn(pinned, name) ? pinned[name] : tags?.[CUSTOM_ID_TAG]
  if (wanted === undefined) return newRestApiId()
  if (!isValidApiId(wanted)) throw badRequest(REST_MESSAGES.invalidCustomId(CUSTOM_ID_TAG, wanted))
  return wanted
}

export async function getRestApi({ deps, params }: Operation): Promise<Reply> {
  const api = await requireRestApi(deps.store, deps.aws, params.restApiId)
  return { status: 200, body: restApiWithTags(api) }
}

export async function getRestApis({ deps, query }: Operation): Promise<Reply> {
  const apis = await deps.store.list('restapi', ACCOUNT_SCOPE)
  return { status: 200, body: paginate(apis, query) }
}

/** Deleting an API takes everything it owns (resources, deployments, stages, models, gateway responses). */
export async function deleteRestApi({ deps, params }: Operation): Promise<Reply> {
  await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, params.restApiId)
    await tx.deleteScope(params.restApiId)
    await tx.delete('restapi', ACCOUNT_SCOPE, params.restApiId)
  })
  return { status: 202 }
}
