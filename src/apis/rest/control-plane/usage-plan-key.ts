import { conflict, enumConstraint, notFound, validationError } from '../../../core/management-error.ts'
import type { ApiKey } from '../../../model/api-key.ts'
import { ACCOUNT_SCOPE, usagePlanKeyScope } from '../../../store/store.ts'
import { requireApiKey } from './api-key-rules.ts'
import { requiredString } from '../../operations/input.ts'
import { REST_MESSAGES } from './messages.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { ensureOnePlanPerKeyAndStage, requireUsagePlan } from './usage-plan-rules.ts'

/**
 * UsagePlanKey: CreateUsagePlanKey (201), GetUsagePlanKey, GetUsagePlanKeys, DeleteUsagePlanKey (202).
 * The answer is `{id, name, type: "API_KEY", value}` — the key's id, name and value
 * (recorded: test_apigateway_extended > test_get_usage_plan_api_keys).
 */

const shape = (key: ApiKey): Record<string, unknown> => ({
  id: key.id,
  ...(key.name === '' ? {} : { name: key.name }),
  type: 'API_KEY',
  value: key.value,
})

export async function createUsagePlanKey({ deps, params, body }: Operation): Promise<Reply> {
  const keyId = requiredString(body, 'keyId', 'createUsagePlanKeyInput')
  const keyType = requiredString(body, 'keyType', 'createUsagePlanKeyInput')
  if (keyType !== 'API_KEY') throw validationError([enumConstraint(keyType, 'createUsagePlanKeyInput.keyType', ['API_KEY'])])
  const key = await deps.store.transaction(async (tx) => {
    const plan = await requireUsagePlan(tx, params.usagePlanId)
    const key = await requireApiKey(tx, keyId)
    const scope = usagePlanKeyScope(plan.id)
    if ((await tx.get('usage-plan-key', scope, key.id)) !== undefined) {
      throw conflict(REST_MESSAGES.keyAlreadyInPlan(plan.id, key.id))
    }
    await ensureOnePlanPerKeyAndStage(tx, plan.id, key.id, plan.apiStages)
    await tx.insert('usage-plan-key', scope, key.id, { id: key.id, type: 'API_KEY' })
    return key
  })
  return { status: 201, body: shape(key) }
}

export async function getUsagePlanKey({ deps, params }: Operation): Promise<Reply> {
  await requireUsagePlan(deps.store, params.usagePlanId)
  const key = await requireApiKey(deps.store, params.keyId)
  if ((await deps.store.get('usage-plan-key', usagePlanKeyScope(params.usagePlanId), key.id)) === undefined) throw notFound(REST_MESSAGES.keyNotInPlan)
  return { status: 200, body: shape(key) }
}

/**
 * GetUsagePlanKeys: newest first, `?name=` a case-sensitive prefix of the key's name; an unknown plan
 * answers an empty list, not a 404 (LS test_get_usage_plan_api_keys > get-up-keys-bad-usage-plan).
 */
export async function getUsagePlanKeys({ deps, params, query }: Operation): Promise<Reply> {
  const nameQuery = query.get('name') ?? ''
  const links = await deps.store.list('usage-plan-key', usagePlanKeyScope(params.usagePlanId))
  const keys = (await Promise.all(links.map((link) => deps.store.get('api-key', ACCOUNT_SCOPE, link.id))))
    .filter((key): key is ApiKey => key !== undefined && key.name.startsWith(nameQuery))
    .reverse()
  return { status: 200, body: paginate(keys.map(shape), query) }
}

export async function deleteUsagePlanKey({ deps, params }: Operation): Promise<Reply> {
  await deps.store.transaction(async (tx) => {
    await requireUsagePlan(tx, params.usagePlanId)
    if (!(await tx.delete('usage-plan-key', usagePlanKeyScope(params.usagePlanId), params.keyId))) throw notFound(REST_MESSAGES.keyNotInPlan)
  })
  return { status: 202 }
}
