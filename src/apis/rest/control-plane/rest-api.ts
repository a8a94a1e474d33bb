import { savedResourcePolicy } from './resource-policy.ts'
import { epochSeconds } from '../../../core/clock.ts'
import { CUSTOM_ID_TAG, isValidApiId, newModelId, newResourceId, newRestApiId } from '../../../core/ids.ts'
import { badRequest, conflict, validationError } from '../../../core/management-error.ts'
import { DEFAULT_MODELS } from '../../../model/model.ts'
import type { ApiKeySource, EndpointConfiguration, EndpointType, RestApi } from '../../../model/rest-api.ts'
import { ACCOUNT_SCOPE } from '../../../store/store.ts'
import {
  compact, optionalBoolean, optionalNumber, optionalObject, optionalString, optionalStringList, optionalStringMap,
} from '../../operations/input.ts'
import { requireRestApi } from './lookups.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { REST_MESSAGES } from './messages.ts'

/** RestApi: CreateRestApi, GetRestApi, GetRestApis, DeleteRestApi (UpdateRestApi: rest-api-update.ts). */

export const ENDPOINT_TYPES_ENUM: readonly EndpointType[] = ['PRIVATE', 'EDGE', 'REGIONAL']
export const IP_ADDRESS_TYPES = ['ipv4', 'dualstack'] as const
export const API_KEY_SOURCES: readonly ApiKeySource[] = ['HEADER', 'AUTHORIZER']
export const MAX_COMPRESSION_SIZE = 10_485_760

/**
 * GetRestApi and UpdateRestApi always carry `tags` (`{}` when none); Create and GetRestApis only when set
 * (recorded: test_apigateway_api > test_create_rest_api_with_optional_params, test_update_rest_api_operation_add_remove).
 */
export const restApiWithTags = (api: RestApi): RestApi => ({ ...api, tags: api.tags ?? {} })

export async function createRestApi({ deps, body }: Operation): Promise<Reply> {
  const name = optionalString(body, 'name')
  const description = optionalString(body, 'description')
  const version = optionalString(body, 'version')
  const binaryMediaTypes = optionalStringList(body, 'binaryMediaTypes')
  const minimumCompressionSize = optionalNumber(body, 'minimumCompressionSize')
  const apiKeySource = optionalString(body, 'apiKeySource')
  const policy = optionalString(body, 'policy')
  const tags = optionalStringMap(body, 'tags') as Record<string, string> | undefined
  const disableExecuteApiEndpoint = optionalBoolean(body, 'disableExecuteApiEndpoint')
  const endpoint = optionalObject(body, 'endpointConfiguration') ?? {}
  const types = optionalStringList(endpoint, 'types')
  const ipAddressType = optionalString(endpoint, 'ipAddressType')
  const vpcEndpointIds = optionalStringList(endpoint, 'vpcEndpointIds')

  // Coral's member checks come first and are reported together
  // (recorded: test_apigateway_api > test_create_rest_api_with_endpoint_configuration > create-with-multiple-errors-1).
  const errors: string[] = []
  if (name === undefined) errors.push(`Value null at 'createRestApiInput.name' failed to satisfy constraint: Member must not be null`)
  if (types !== undefined && types.some((type) => !ENDPOINT_TYPES_ENUM.includes(type as EndpointType))) {
    errors.push(
      `Value '[${types.join(', ')}]' at 'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: ` +
        `Member must satisfy constraint: [Member must satisfy enum value set: [${ENDPOINT_TYPES_ENUM.join(', ')}]]`,
    )
  }
  if (ipAddressType !== undefined && !(IP_ADDRESS_TYPES as readonly string[]).includes(ipAddressType)) {
    errors.push(
      `Value '${ipAddressType}' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${IP_ADDRESS_TYPES.join(', ')}]`,
    )
  }
  if (apiKeySource !== undefined && !API_KEY_SOURCES.includes(apiKeySource as ApiKeySource)) {
    errors.push(
      `Value '${apiKeySource}' at 'createRestApiInput.apiKeySource' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${API_KEY_SOURCES.join(', ')}]`,
    )
  }
  if (errors.length > 0) throw validationError(errors)

  // Then the service's own checks, description first
  // (recorded: test_apigateway_api > test_create_rest_api_with_endpoint_configuration > create-with-multiple-errors-2).
  if (description === '') throw badRequest(REST_MESSAGES.emptyDescription)
  if (minimumCompressionSize !== undefined && !isCompressionSize(minimumCompressionSize)) throw badRequest(REST_MESSAGES.invalidCompressionSize(MAX_COMPRESSION_SIZE))
  if (types !== undefined && types.length > 1) throw badRequest(REST_MESSAGES.multipleEndpointTypes)
  if (types !== undefined && types.length === 0) throw badRequest(REST_MESSAGES.noEndpointTypes)
  const type = (types?.[0] ?? 'EDGE') as EndpointType
  if (type === 'PRIVATE' && ipAddressType === 'ipv4') throw badRequest(REST_MESSAGES.privateNeedsDualstack)
  const endpointConfiguration: EndpointConfiguration = compact({
    // PRIVATE APIs are dualstack only; the others default to ipv4 (recorded: test_apigateway_api > test_create_rest_api_verify_defaults).
    ipAddressType: (ipAddressType ?? (type === 'PRIVATE' ? 'dualstack' : 'ipv4')) as 'ipv4' | 'dualstack',
    types: [type],
    vpcEndpointIds,
  })

  const restApiId = chooseRestApiId(deps.pinnedApiIds, name!, tags)
  const rootResourceId = newResourceId()
  const api: RestApi = compact({
    id: restApiId,
    name: name!,
    description,
    version,
    createdDate: epochSeconds(deps.clock.now()),
    apiKeySource: (apiKeySource ?? 'HEADER') as ApiKeySource,
    binaryMediaTypes: binaryMediaTypes !== undefined && binaryMediaTypes.length > 0 ? binaryMediaTypes : undefined,
    minimumCompressionSize,
    endpointConfiguration,
    policy: savedResourcePolicy(policy, restApiId, deps.aws),
    tags: tags !== undefined && Object.keys(tags).length > 0 ? tags : undefined,
    disableExecuteApiEndpoint: disableExecuteApiEndpoint ?? false,
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
