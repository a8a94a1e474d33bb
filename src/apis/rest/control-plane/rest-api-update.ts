import { savedResourcePolicy } from './resource-policy.ts'
import { badRequest, type ManagementError } from '../../../core/management-error.ts'
import type { ApiKeySource, EndpointType, RestApi } from '../../../model/rest-api.ts'
import { ACCOUNT_SCOPE } from '../../../store/store.ts'
import { booleanMember, optionalMember } from '../../operations/patch-members.ts'
import { patchTable, type PatchChange } from '../../operations/patch-table.ts'
import { requireRestApi } from './lookups.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { invalidPatchOperation, invalidPatchPath } from '../../operations/patch-operations.ts'
import {
  API_KEY_SOURCES, ENDPOINT_TYPES_ENUM, IP_ADDRESS_TYPES, isCompressionSize, MAX_COMPRESSION_SIZE, restApiWithTags,
} from './rest-api.ts'
import { REST_MESSAGES } from './messages.ts'
import { patchStored } from './patch-stored.ts'

/**
 * UpdateRestApi. Recorded behaviours (test_apigateway_api > test_update_rest_api_*): `binaryMediaTypes`
 * is patched like an object keyed by the (escaped) media type, never as a whole; `replace` on it
 * removes the old type and appends the new one; `minimumCompressionSize` and `ipAddressType` only
 * take `replace`; endpoint types answer with their own texts.
 */
export async function updateRestApi({ deps, params, body }: Operation): Promise<Reply> {
  const updated = await patchStored(deps.store, body, {
    inputName: 'updateRestApiInput',
    patches: REST_API_PATCHES,
    read: (tx) => requireRestApi(tx, deps.aws, params.restApiId),
    check: (api, before) => {
      // A changed resource policy is checked and its `execute-api:/...` shorthand expanded (effective on redeploy).
      if (api.policy !== before.policy) api.policy = savedResourcePolicy(api.policy, api.id, deps.aws)
      const { types, ipAddressType } = api.endpointConfiguration
      if (types.includes('PRIVATE') && ipAddressType === 'ipv4') throw badRequest(REST_MESSAGES.privateNeedsDualstack)
    },
    write: (tx, api) => tx.put('restapi', ACCOUNT_SCOPE, api.id, api),
  })
  return { status: 200, body: restApiWithTags(updated) }
}

const ANY_OF_ADD_REMOVE_REPLACE = (): ManagementError => badRequest(REST_MESSAGES.addRemoveOrReplace)

/** The paths UpdateRestApi takes; a path it does not know is `Invalid patch path`, an op it refuses names the ops it takes. */
const REST_API_PATCHES = patchTable<RestApi>({
  refuse: ({ path }, rule) => (rule === undefined ? invalidPatchPath(path) : invalidPatchOperation(rule.ops)),
  rules: [
    { path: '/binaryMediaTypes/{mediaType+}', ops: ['add', 'remove', 'replace'], refuse: ANY_OF_ADD_REMOVE_REPLACE, apply: patchBinaryMediaTypes },
    {
      path: '/endpointConfiguration/types/{type+}', ops: ['replace'], refuse: ANY_OF_ADD_REMOVE_REPLACE,
      apply: (api, { value }) => {
        if (!ENDPOINT_TYPES_ENUM.includes(value as EndpointType)) throw badRequest(REST_MESSAGES.invalidEndpointTypes)
        api.endpointConfiguration.types = [value as EndpointType]
        if (value === 'PRIVATE') api.endpointConfiguration.ipAddressType = 'dualstack'
      },
    },
    {
      path: '/endpointConfiguration/ipAddressType', ops: ['replace'],
      apply: (api, { value }) => {
        if (!(IP_ADDRESS_TYPES as readonly string[]).includes(value ?? '')) throw badRequest(REST_MESSAGES.invalidIpAddressType)
        api.endpointConfiguration.ipAddressType = value as 'ipv4' | 'dualstack'
      },
    },
    {
      path: '/name', ops: ['replace'],
      apply: (api, { value }) => {
        if (value === undefined || value === '') throw badRequest(REST_MESSAGES.emptyName)
        api.name = value
      },
    },
    { path: '/description', ops: ['replace', 'remove'], apply: optionalMember('description') },
    { path: '/version', ops: ['replace', 'remove'], apply: optionalMember('version') },
    { path: '/policy', ops: ['replace', 'remove'], apply: optionalMember('policy') },
    {
      path: '/apiKeySource', ops: ['replace'],
      apply: (api, { value }) => {
        if (!API_KEY_SOURCES.includes(value as ApiKeySource)) throw badRequest(REST_MESSAGES.invalidApiKeySource(API_KEY_SOURCES))
        api.apiKeySource = value as ApiKeySource
      },
    },
    {
      path: '/minimumCompressionSize', ops: ['replace'],
      apply: (api, { value }) => {
        // An empty or missing value turns compression off (developer guide, "Enable payload compression").
        if (value === undefined || value === '') {
          delete api.minimumCompressionSize
          return
        }
        const size = /^-?\d+$/.test(value) ? Number(value) : Number.NaN
        if (!isCompressionSize(size)) throw badRequest(REST_MESSAGES.invalidCompressionSize(MAX_COMPRESSION_SIZE))
        api.minimumCompressionSize = size
      },
    },
    { path: '/disableExecuteApiEndpoint', ops: ['replace'], apply: booleanMember('disableExecuteApiEndpoint') },
  ],
})

function patchBinaryMediaTypes(api: RestApi, { op, path, value, labels }: PatchChange<undefined>): void {
  const mediaType = labels.mediaType
  const current = api.binaryMediaTypes ?? []
  let next: string[]
  if (op === 'add') next = current.includes(mediaType) ? current : [...current, mediaType]
  else if (op === 'remove') next = current.filter((type) => type !== mediaType)
  else {
    if (value === undefined || value === '') throw badRequest(REST_MESSAGES.nullOrEmptyValueFor(path))
    next = [...current.filter((type) => type !== mediaType), value]
  }
  if (next.length > 0) api.binaryMediaTypes = next
  else delete api.binaryMediaTypes
}
