import { newId } from '../../../core/ids.ts'
import type { QuotaSettings, UsagePlan } from '../../../model/usage-plan.ts'
import { ACCOUNT_SCOPE, usagePlanKeyScope } from '../../../store/store.ts'
import { input, readInput } from '../../operations/members.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { checkApiStage, QUOTA_PERIODS, readApiStages, requireUsagePlan, usagePlanShape } from './usage-plan-rules.ts'

/**
 * UsagePlan: CreateUsagePlan (201), GetUsagePlan, GetUsagePlans, DeleteUsagePlan (202);
 * UpdateUsagePlan is in usage-plan-update.ts. Shapes and texts recorded in test_apigateway_common > TestUsagePlans.
 */

/** `apiStages`, a list of objects, is read apart (usage-plan-rules.ts). */
const CREATE_USAGE_PLAN = input('createUsagePlanInput', {
  name: { type: 'string', required: true },
  description: { type: 'string' },
  throttle: { type: 'object', members: { burstLimit: { type: 'integer' }, rateLimit: { type: 'double' } } },
  quota: { type: 'object', members: { limit: { type: 'integer' }, offset: { type: 'integer' }, period: { type: 'string', enum: QUOTA_PERIODS } } },
  productCode: { type: 'string' },
  tags: { type: 'string-map' },
})

export async function createUsagePlan({ deps, body }: Operation): Promise<Reply> {
  const { name, description, throttle, quota, productCode, tags } = readInput(body, CREATE_USAGE_PLAN)
  const apiStages = readApiStages(body)
  const plan = await deps.store.transaction(async (tx) => {
    // Usage plan ids are six characters, like `c7y23b` in AWS's documentation.
    const id = await allocateId(() => newId(6), async (id) => (await tx.get('usage-plan', ACCOUNT_SCOPE, id)) === undefined)
    const plan: UsagePlan = {
      id,
      name,
      description,
      apiStages,
      throttle,
      quota: quota as QuotaSettings | undefined,
      productCode,
      tags: tags !== undefined && Object.keys(tags).length > 0 ? tags : undefined,
      createdAt: deps.clock.now(),
    }
    for (const apiStage of apiStages) await checkApiStage(tx, apiStage, plan.id)
    await tx.insert('usage-plan', ACCOUNT_SCOPE, plan.id, plan)
    return plan
  })
  return { status: 201, body: usagePlanShape(plan, 'when-set') }
}

export async function getUsagePlan({ deps, params }: Operation): Promise<Reply> {
  const plan = await requireUsagePlan(deps.store, params.usagePlanId)
  return { status: 200, body: usagePlanShape(plan, 'always') }
}

/** GetUsagePlans, in creation order; `?keyId=` keeps the plans that hold that API key. */
export async function getUsagePlans({ deps, query }: Operation): Promise<Reply> {
  const keyId = query.get('keyId')
  let plans = await deps.store.list('usage-plan', ACCOUNT_SCOPE)
  if (keyId !== null) {
    const holding = await Promise.all(plans.map((plan) => deps.store.get('usage-plan-key', usagePlanKeyScope(plan.id), keyId)))
    plans = plans.filter((_, index) => holding[index] !== undefined)
  }
  return { status: 200, body: paginate(plans.map((plan) => usagePlanShape(plan, 'never')), query) }
}

/** Deleting a plan takes its key associations with it; the keys themselves stay. */
export async function deleteUsagePlan({ deps, params }: Operation): Promise<Reply> {
  await deps.store.transaction(async (tx) => {
    await requireUsagePlan(tx, params.usagePlanId)
    await tx.deleteScope(usagePlanKeyScope(params.usagePlanId))
    await tx.delete('usage-plan', ACCOUNT_SCOPE, params.usagePlanId)
  })
  return { status: 202 }
}
