import { savedResourcePolicy } from './resource-policy.ts'
import { badRequest } from '../../../core/management-error.ts'
import type { ApiKeySource, EndpointType, RestApi } from '../../../model/rest-api.ts'
import { ACCOUNT_SCOPE } from '../../../store/store.ts'
import { parseBooleanValue } from '../../operations/input.ts'
import { requireRestApi } from './lookups.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import {
  invalidPatchOperation, invalidPatchPath, readPatchOperations, splitPointer, unescapePointer, type PatchOperation,
} from '../../operations/patch-operations.ts'
import {
  API_KEY_SOURCES, COMPRESSION_SIZE_MESSAGE, ENDPOINT_TYPES_ENUM, IP_ADDRESS_TYPES, isCompressionSize, restApiWithTags,
} from './rest-api.ts'

/**
 * UpdateRestApi. Recorded behaviours (test_apigateway_api > test_update_rest_api_*): `binaryMediaTypes`
 * is patched like an object keyed by the (escaped) media type, never as a whole; `replace` on it
 * removes the old type and appends the new one; `minimumCompressionSize` and `ipAddressType` only
 * take `replace`; endpoint types answer with their own texts.
 */
export async function updateRestApi({ deps, params, body }: Operation): Promise<Reply> {
  const operations = readPatchOperations(body, 'updateRestApiInput')
  const updated = await deps.store.transaction(async (tx) => {
    const api = structuredClone(await requireRestApi(tx, deps.aws, params.restApiId))
    const policyBefore = api.policy
    for (const operation of operations) applyOperation(api, operation)
    // A changed resource policy is checked and its `execute-api:/...` shorthand expanded (effective on redeploy).
    if (api.policy !== policyBefore) api.policy = savedResourcePolicy(api.policy, api.id, deps.aws)
    const { types, ipAddressType } = api.endpointConfiguration
    if (types.includes('PRIVATE') && ipAddressType === 'ipv4') {
      throw badRequest('Only dualstack ipAddressType is supported for Private APIs.')
    }
    await tx.put('restapi', ACCOUNT_SCOPE, api.id, api)
    return api
  })
  return { status: 200, body: restApiWithTags(updated) }
}

function applyOperation(api: RestApi, operation: PatchOperation): void {
  const { op, path, value } = operation
  if (path === undefined || !path.startsWith('/')) throw invalidPatchPath(path)
  if (path.startsWith('/binaryMediaTypes/')) {
    patchBinaryMediaTypes(api, operation, unescapePointer(path.slice('/binaryMediaTypes/'.length)))
    return
  }
  if (path.startsWith('/endpointConfiguration/types/')) {
    if (op !== 'replace') throw badRequest(`Invalid patch operation specified. Must be 'add'|'remove'|'replace'`)
    if (!ENDPOINT_TYPES_ENUM.includes(value as EndpointType)) {
      throw badRequest('Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE')
    }
    api.endpointConfiguration.types = [value as EndpointType]
    if (value === 'PRIVATE') api.endpointConfiguration.ipAddressType = 'dualstack'
    return
  }
  if (path === '/endpointConfiguration/ipAddressType') {
    requireReplace(op)
    if (!(IP_ADDRESS_TYPES as readonly string[]).includes(value ?? '')) throw badRequest('ipAddressType must be either ipv4 or dualstack.')
    api.endpointConfiguration.ipAddressType = value as 'ipv4' | 'dualstack'
    return
  }
  const [field, ...rest] = splitPointer(path)
  if (rest.length > 0) throw invalidPatchPath(path)
  switch (`/${field}`) {
    case '/name':
      requireReplace(op)
      if (value === undefined || value === '') throw badRequest('Name cannot be an empty string')
      api.name = value
      return
    case '/description':
    case '/version':
    case '/policy': {
      if (op !== 'replace' && op !== 'remove') throw invalidPatchOperation(['replace', 'remove'])
      const key = field as 'description' | 'version' | 'policy'
      if (op === 'remove' || value === undefined || value === '') delete api[key]
      else api[key] = value
      return
    }
    case '/apiKeySource':
      requireReplace(op)
      if (!API_KEY_SOURCES.includes(value as ApiKeySource)) {
        throw badRequest(`Invalid API Key source specified. Valid options are ${API_KEY_SOURCES.join(',')}`)
      }
      api.apiKeySource = value as ApiKeySource
      return
    case '/minimumCompressionSize': {
      requireReplace(op)
      // An empty or missing value turns compression off (developer guide, "Enable payload compression").
      if (value === undefined || value === '') {
        delete api.minimumCompressionSize
        return
      }
      const size = /^-?\d+$/.test(value) ? Number(value) : Number.NaN
      if (!isCompressionSize(size)) throw badRequest(COMPRESSION_SIZE_MESSAGE)
      api.minimumCompressionSize = size
      return
    }
    case '/disableExecuteApiEndpoint':
      requireReplace(op)
      api.disableExecuteApiEndpoint = parseBooleanValue(value)
      return
  }
  throw invalidPatchPath(path)
}

function requireReplace(op: string): void {
  if (op !== 'replace') throw invalidPatchOperation(['replace'])
}

function patchBinaryMediaTypes(api: RestApi, { op, path, value }: PatchOperation, mediaType: string): void {
  const current = api.binaryMediaTypes ?? []
  let next: string[]
  switch (op) {
    case 'add':
      next = current.includes(mediaType) ? current : [...current, mediaType]
      break
    case 'remove':
      next = current.filter((type) => type !== mediaType)
      break
    case 'replace':
      if (value === undefined || value === '') throw badRequest(`Invalid null or empty value for ${path}`)
      next = [...current.filter((type) => type !== mediaType), value]
      break
    default:
      throw badRequest(`Invalid patch operation specified. Must be 'add'|'remove'|'replace'`)
  }
  if (next.length > 0) api.binaryMediaTypes = next
  else delete api.binaryMediaTypes
}
