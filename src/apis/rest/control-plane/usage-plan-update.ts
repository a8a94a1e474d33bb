import { badRequest } from '../../../core/management-error.ts'
import type { QuotaPeriod, ThrottleSettings, UsagePlan } from '../../../model/usage-plan.ts'
import { ACCOUNT_SCOPE, usagePlanKeyScope } from '../../../store/store.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { invalidPatchPath, readPatchOperations, splitPointer } from '../../operations/patch-operations.ts'
import { EVERY_OP, patchTable, type PatchChange, type PatchRule } from '../../operations/patch-table.ts'
import type { StoreTransaction } from '../../../store/store.ts'
import {
  checkApiStage, ensureOnePlanPerKeyAndStage, parseApiStageValue, QUOTA_PERIODS, requireUsagePlan, unknownApiStage, usagePlanShape,
} from './usage-plan-rules.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * UpdateUsagePlan, with the patch paths of the API reference (UpdateUsagePlan):
 *   replace `/name`, `/description`, `/productCode`;
 *   replace `/throttle/burstLimit|rateLimit`, remove `/throttle`;
 *   replace `/quota/limit|offset|period`, remove `/quota`;
 *   add/remove `/apiStages` (value `{apiId}:{stage}`, which must exist — recorded: test_apigateway_common > test_usage_plan_crud);
 *   replace `/apiStages/{apiId}:{stage}/throttle/{~1path}/{VERB}/rateLimit|burstLimit`,
 *   remove `/apiStages/{apiId}:{stage}/throttle/{~1path}/{VERB}` or `.../throttle`.
 * The whole patch applies or none of it (one transaction).
 */
interface UsagePlanPatchContext {
  readonly tx: StoreTransaction
}

/** add/remove `/apiStages` (value `{apiId}:{stage}`, which must exist). */
async function patchApiStages(plan: UsagePlan, { op, value, context: { tx } }: PatchChange<UsagePlanPatchContext>): Promise<void> {
  const { apiId, stage } = parseApiStageValue(value)
  const index = plan.apiStages.findIndex((entry) => entry.apiId === apiId && entry.stage === stage)
  if (op === 'remove') {
    if (index < 0) throw unknownApiStage(apiId, stage, plan.id)
    plan.apiStages.splice(index, 1)
    return
  }
  await checkApiStage(tx, { apiId, stage }, plan.id)
  for (const link of await tx.list('usage-plan-key', usagePlanKeyScope(plan.id))) {
    await ensureOnePlanPerKeyAndStage(tx, plan.id, link.id, [{ apiId, stage }])
  }
  if (index < 0) plan.apiStages.push({ apiId, stage })
}

const SET = ['add', 'replace'] as const
const removed = (member: 'throttle' | 'quota'): PatchRule<UsagePlan, UsagePlanPatchContext> =>
  ({ path: `/${member}`, ops: ['remove'], apply: (plan) => { delete plan[member] } })

/** Whatever the table does not take is `Invalid patch path`. */
const USAGE_PLAN_PATCHES = patchTable<UsagePlan, UsagePlanPatchContext>({
  refuse: ({ path }) => invalidPatchPath(path),
  rules: [
    { path: '/apiStages', ops: ['add', 'remove'], apply: patchApiStages },
    { path: '/apiStages/{apiStage+}', ops: EVERY_OP, apply: patchMethodThrottle },
    {
      path: '/name', ops: SET,
      apply: (plan, { value }) => {
        if (value === undefined || value.trim() === '') throw badRequest(REST_MESSAGES.blankUsagePlanName)
        plan.name = value
      },
    },
    { path: '/description', ops: [...SET, 'remove'], apply: (plan, { op, value }) => { plan.description = op === 'remove' ? undefined : value } },
    { path: '/productCode', ops: [...SET, 'remove'], apply: (plan, { op, value }) => { plan.productCode = op === 'remove' ? undefined : value } },
    removed('throttle'),
    removed('quota'),
    { path: '/throttle/burstLimit', ops: SET, apply: (plan, { path, value }) => { plan.throttle = { ...plan.throttle, burstLimit: readInteger(value, path) } } },
    { path: '/throttle/rateLimit', ops: SET, apply: (plan, { path, value }) => { plan.throttle = { ...plan.throttle, rateLimit: readDouble(value, path) } } },
    { path: '/quota/limit', ops: SET, apply: (plan, { path, value }) => { plan.quota = { offset: 0, ...plan.quota, limit: readInteger(value, path) } } },
    { path: '/quota/offset', ops: SET, apply: (plan, { path, value }) => { plan.quota = { ...plan.quota, offset: readInteger(value, path) } } },
    {
      path: '/quota/period', ops: SET,
      apply: (plan, { value }) => {
        if (!QUOTA_PERIODS.includes(value as QuotaPeriod)) throw badRequest(REST_MESSAGES.invalidQuotaPeriod(value))
        plan.quota = { offset: 0, ...plan.quota, period: value as QuotaPeriod }
      },
    },
  ],
})

export async function updateUsagePlan({ deps, params, body }: Operation): Promise<Reply> {
  const operations = readPatchOperations(body, 'updateUsagePlanInput')
  const updated = await deps.store.transaction(async (tx) => {
    const plan = structuredClone(await requireUsagePlan(tx, params.usagePlanId))
    await USAGE_PLAN_PATCHES.apply(plan, operations, { tx })
    // A removed description or product code leaves no key behind.
    if (plan.description === undefined) delete plan.description
    if (plan.productCode === undefined) delete plan.productCode
    await tx.put('usage-plan', ACCOUNT_SCOPE, plan.id, plan)
    return plan
  })
  return { status: 200, body: usagePlanShape(updated, 'always') }
}

/** `/apiStages/{apiId}:{stage}/throttle[/{~1path}/{VERB}[/rateLimit|burstLimit]]`. */
function patchMethodThrottle(plan: UsagePlan, { op, path, value }: PatchChange<unknown>): void {
  const [, apiStageId, member, resourcePath, verb, setting, ...rest] = splitPointer(path)
  const { apiId, stage } = parseApiStageValue(apiStageId)
  const apiStage = plan.apiStages.find((entry) => entry.apiId === apiId && entry.stage === stage)
  if (apiStage === undefined) throw unknownApiStage(apiId, stage, plan.id)
  if (member !== 'throttle' || rest.length > 0) throw invalidPatchPath(path)
  if (op === 'remove' && resourcePath === undefined) {
    delete apiStage.throttle
    return
  }
  if (resourcePath === undefined || verb === undefined || !resourcePath.startsWith('/')) throw invalidPatchPath(path)
  // Keys are `/{resourcePath}/{VERB}` (`/pets/GET`); the root's is `/GET`, not `//GET` (not recorded; what the key form implies).
  const methodKey = resourcePath === '/' ? `/${verb}` : `${resourcePath}/${verb}`
  if (op === 'remove' && setting === undefined) {
    if (apiStage.throttle !== undefined) delete apiStage.throttle[methodKey]
    return
  }
  if ((op !== 'replace' && op !== 'add') || (setting !== 'rateLimit' && setting !== 'burstLimit')) throw invalidPatchPath(path)
  const current: ThrottleSettings = apiStage.throttle?.[methodKey] ?? {}
  const next = setting === 'rateLimit'
    ? { ...current, rateLimit: readDouble(value, path) }
    : { ...current, burstLimit: readInteger(value, path) }
  apiStage.throttle = { ...apiStage.throttle, [methodKey]: next }
}

// Patch values are strings; AWS's texts for malformed numbers are not recorded.
function readInteger(value: string | undefined, path: string): number {
  const number = Number(value)
  if (value === undefined || value.trim() === '' || !Number.isInteger(number)) throw badRequest(REST_MESSAGES.invalidPatchValue(path, value))
  return number
}

function readDouble(value: string | undefined, path: string): number {
  const number = Number(value)
  if (value === undefined || value.trim() === '' || !Number.isFinite(number)) throw badRequest(REST_MESSAGES.invalidPatchValue(path, value))
  return number
}
