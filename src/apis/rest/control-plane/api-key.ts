import { epochSeconds } from '../../../core/clock.ts'
import { newId } from '../../../core/ids.ts'
import { badRequest } from '../../../core/management-error.ts'
import type { ApiKey } from '../../../model/api-key.ts'
import { ACCOUNT_SCOPE, usagePlanKeyScope } from '../../../store/store.ts'
import {
  apiKeyShape, checkDescription, checkName, checkValue, ensureValueFree, generateApiKeyValue, requireApiKey,
} from './api-key-rules.ts'
import { optionalString, serializationError } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { booleanMember, optionalMember } from '../../operations/patch-members.ts'
import { invalidPatchPathFor, readPatchOperations, unsupportedPatchOp } from '../../operations/patch-operations.ts'
import { patchTable } from '../../operations/patch-table.ts'
import type { JsonObject } from '../../../core/json.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * ApiKey: CreateApiKey (201), GetApiKey, GetApiKeys, UpdateApiKey, DeleteApiKey (202), with the
 * shapes and texts of the recordings test_apigateway_extended > TestApigatewayApiKeysCrud and test_apigateway_common >
 * TestUsagePlans. Every write reaches the data plane through the store's change feed: keys take
 * effect at once, without a redeploy.
 */

/** `stageKeys`, a list of objects, is read apart (readStageKeys). */
const CREATE_API_KEY = input('createApiKeyInput', {
  name: { type: 'string', default: '' },
  description: { type: 'string' },
  customerId: { type: 'string' },
  value: { type: 'string' },
  // `enabled` defaults to false (recorded: test_apigateway_extended > test_get_api_keys > create-api-key).
  enabled: { type: 'boolean', default: false },
  tags: { type: 'string-map' },
})

export async function createApiKey({ deps, body }: Operation): Promise<Reply> {
  const { name, description, customerId, value: given, enabled, tags } = readInput(body, CREATE_API_KEY)
  const stageKeys = readStageKeys(body)
  checkName(name)
  if (description !== undefined) checkDescription(description)
  // An empty value is no value: AWS generates one (LS test_create_api_key_with_invalid_value > create-api-key-empty-value).
  if (given !== undefined && given !== '') checkValue(given)
  const now = epochSeconds(deps.clock.now())
  const key = await deps.store.transaction(async (tx) => {
    const value = given === undefined || given === '' ? generateApiKeyValue() : given
    await ensureValueFree(tx, value)
    const key: ApiKey = {
      id: '',
      value,
      name,
      description,
      enabled,
      customerId,
      createdDate: now,
      lastUpdatedDate: now,
      stageKeys,
      tags: tags !== undefined && Object.keys(tags).length > 0 ? tags : undefined,
    }
    key.id = await allocateId(() => newId(10), (id) => tx.insert('api-key', ACCOUNT_SCOPE, id, { ...key, id }))
    return key
  })
  return { status: 201, body: apiKeyShape(key, { value: true, tags: 'when-set' }) }
}

/** `stageKeys: [{restApiId, stageName}]`, stored as AWS shows them: `"{restApiId}/{stageName}"`. */
function readStageKeys(body: JsonObject): string[] {
  const raw = body.stageKeys
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw)) throw serializationError(raw, 'List')
  return raw.map((item) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw serializationError(item, 'Map')
    const entry = item as JsonObject
    const restApiId = optionalString(entry, 'restApiId')
    const stageName = optionalString(entry, 'stageName')
    if (restApiId === undefined || stageName === undefined) throw badRequest(REST_MESSAGES.invalidStageKey)
    return `${restApiId}/${stageName}`
  })
}

/** `?includeValue=true` shows the secret. */
export async function getApiKey({ deps, params, query }: Operation): Promise<Reply> {
  const key = await requireApiKey(deps.store, params.apiKey)
  return { status: 200, body: apiKeyShape(key, { value: query.get('includeValue') === 'true', tags: 'always' }) }
}

/**
 * GetApiKeys: `?name=` (the SDK's `nameQuery`) is a case-sensitive prefix of the name,
 * `?customerId=` an exact match, `?includeValues=true` shows the values (recorded: test_apigateway_extended >
 * test_get_api_keys). The most
 * recently created key comes first, as both recordings of two keys show
 * (recorded: test_apigateway_extended > test_get_api_keys > get-api-keys-after-create-2;
 * test_apigateway_extended > test_get_usage_plan_api_keys > get-api-keys-after-create-1).
 */
export async function getApiKeys({ deps, query }: Operation): Promise<Reply> {
  const nameQuery = query.get('name') ?? ''
  const customerId = query.get('customerId')
  const includeValues = query.get('includeValues') === 'true'
  const keys = (await deps.store.list('api-key', ACCOUNT_SCOPE))
    .filter((key) => key.name.startsWith(nameQuery) && (customerId === null || key.customerId === customerId))
    .reverse()
  return { status: 200, body: paginate(keys.map((key) => apiKeyShape(key, { value: includeValues, tags: 'never' })), query) }
}

/**
 * The replace paths the recorded error lists, in its order
 * (recorded: test_apigateway_extended > test_update_api_key_immutable_field > update-api-key-immutable-field).
 */
const REPLACEABLE_PATHS = ['/description', '/enabled', '/name', '/customerId'] as const

const API_KEY_PATCHES = patchTable<ApiKey>({
  refuse: ({ op, path }) => (op !== 'replace' ? unsupportedPatchOp(path, op) : invalidPatchPathFor(path, op, REPLACEABLE_PATHS)),
  rules: [
    {
      path: '/stages', ops: ['add', 'remove'],
      apply: (key, { op, value }) => {
        if (value === undefined || !/^[^/]+\/[^/]+$/.test(value)) throw badRequest(REST_MESSAGES.invalidStageKey)
        key.stageKeys = key.stageKeys.filter((stageKey) => stageKey !== value)
        if (op === 'add') key.stageKeys.push(value)
      },
    },
    {
      path: '/name', ops: ['replace'],
      apply: (key, { value }) => {
        checkName(value ?? '')
        key.name = value ?? ''
      },
    },
    {
      path: '/description', ops: ['replace'],
      apply: (key, change) => {
        if (change.value !== undefined && change.value !== '') checkDescription(change.value)
        optionalMember<ApiKey>('description')(key, change)
      },
    },
    { path: '/enabled', ops: ['replace'], apply: booleanMember('enabled') },
    { path: '/customerId', ops: ['replace'], apply: optionalMember('customerId') },
  ],
})

/**
 * UpdateApiKey: `replace` on `/description`, `/enabled`, `/name`, `/customerId`; `add`/`remove` on
 * `/stages` (value `{restApiId}/{stageName}`). `/enabled` reads its value like Java's
 * `Boolean.parseBoolean` (LS test_update_api_key_invalid_enabled_type: "not-a-boolean" → false).
 */
export async function updateApiKey({ deps, params, body }: Operation): Promise<Reply> {
  const operations = readPatchOperations(body, 'updateApiKeyInput')
  const updated = await deps.store.transaction(async (tx) => {
    const key = structuredClone(await requireApiKey(tx, params.apiKey))
    await API_KEY_PATCHES.apply(key, operations, undefined)
    key.lastUpdatedDate = epochSeconds(deps.clock.now())
    await tx.put('api-key', ACCOUNT_SCOPE, key.id, key)
    return key
  })
  return { status: 200, body: apiKeyShape(updated, { value: false, tags: 'always' }) }
}

/** Deleting a key also takes it out of every usage plan (LS test_get_usage_plan_api_keys > get-up-keys-after-delete). */
export async function deleteApiKey({ deps, params }: Operation): Promise<Reply> {
  await deps.store.transaction(async (tx) => {
    await requireApiKey(tx, params.apiKey)
    await tx.delete('api-key', ACCOUNT_SCOPE, params.apiKey)
    for (const plan of await tx.list('usage-plan', ACCOUNT_SCOPE)) await tx.delete('usage-plan-key', usagePlanKeyScope(plan.id), params.apiKey)
  })
  return { status: 202 }
}
