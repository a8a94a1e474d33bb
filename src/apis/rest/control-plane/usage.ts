import { badRequest, notFound, validationError } from '../../../core/management-error.ts'
import type { UsagePlan } from '../../../model/usage-plan.ts'
import { periodLimit, quotaWindow, utcDay } from '../../../policies/usage-plan/quota-period.ts'
import { usageSubject } from '../../../policies/usage-plan/usage-plan-limits.ts'
import { MemoryQuotaCounters } from '../../../state/memory/memory-quota-counters.ts'
import type { QuotaCounters } from '../../../state/quota-counters.ts'
import { usagePlanKeyScope } from '../../../store/store.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { nullConstraint } from '../../operations/coral-constraints.ts'
import { paginate } from '../../operations/paging.ts'
import { readPatchOperations, invalidPatchPath } from '../../operations/patch-operations.ts'
import { patchTable } from '../../operations/patch-table.ts'
import { requireUsagePlan } from './usage-plan-rules.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * GetUsage and UpdateUsage (API reference): a plan's quota usage per key, as daily
 * `[used, remaining]` pairs between `startDate` and `endDate` (UTC days, `YYYY-MM-DD`). `remaining` is
 * what the quota period containing that day has left now (0 for a plan without a quota — AWS's answer
 * for that case is not documented). UpdateUsage's `replace /remaining` sets what the current period has left.
 * On the wire the per-key map is `values` (the SDKs show it as `items`, botocore's Usage shape).
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 86_400_000
/** GetUsage answers at most this many days, so a wide range cannot make it build a huge answer. */
const MAX_DAYS = 366

/** A control plane started without the data plane's counters (embedders, unit tests) sees no usage. */
const countersOf = (operation: Operation): QuotaCounters => operation.deps.state?.quota ?? new MemoryQuotaCounters()

function readDate(value: string | null, member: 'startDate' | 'endDate'): number {
  if (value === null || value === '') throw validationError([nullConstraint(member)])
  const ms = Date.parse(`${value}T00:00:00Z`)
  if (!DATE.test(value) || Number.isNaN(ms) || utcDay(ms) !== value) throw badRequest(REST_MESSAGES.invalidDate(member === 'startDate' ? 'start' : 'end', value))
  return ms
}

async function dailyUsage(counters: QuotaCounters, plan: UsagePlan, keyId: string, fromMs: number, toMs: number): Promise<[number, number][]> {
  const subject = usageSubject(plan.id, keyId)
  const days: [number, number][] = []
  for (let day = fromMs; day <= toMs; day += DAY_MS) {
    const used = await counters.usedOnDay(subject, utcDay(day))
    let remaining = 0
    const quota = plan.quota
    if (quota?.limit !== undefined && quota.period !== undefined) {
      const window = quotaWindow(quota.period, day)
      const limit = periodLimit({ limit: quota.limit, offset: quota.offset, period: quota.period }, window, plan.createdAt)
      remaining = Math.max(0, limit - (await counters.used(subject, window.id)))
    }
    days.push([used, remaining])
  }
  return days
}

/** GetUsage: `GET /usageplans/{id}/usage?startDate&endDate[&keyId]`, paged over the plan's keys. */
export async function getUsage(operation: Operation): Promise<Reply> {
  const { deps, params, query } = operation
  const startDate = query.get('startDate')
  const endDate = query.get('endDate')
  const fromMs = readDate(startDate, 'startDate')
  const toMs = readDate(endDate, 'endDate')
  if (toMs < fromMs) throw badRequest(REST_MESSAGES.endBeforeStart)
  if ((toMs - fromMs) / DAY_MS >= MAX_DAYS) throw badRequest(REST_MESSAGES.dateRangeTooLong(MAX_DAYS))
  const plan = await requireUsagePlan(deps.store, params.usagePlanId)
  const keyId = query.get('keyId')
  const links = (await deps.store.list('usage-plan-key', usagePlanKeyScope(plan.id))).filter((link) => keyId === null || link.id === keyId)
  const page = paginate(links.map((link) => link.id), query)
  const items: Record<string, [number, number][]> = {}
  for (const id of page.item) items[id] = await dailyUsage(countersOf(operation), plan, id, fromMs, toMs)
  return { status: 200, body: { usagePlanId: plan.id, startDate, endDate, values: items, ...(page.position === undefined ? {} : { position: page.position }) } }
}

interface UsagePatchContext {
  readonly counters: QuotaCounters
  readonly keyId: string
  readonly now: number
}

/** `replace /remaining` sets what the key has left in the current quota period. */
const USAGE_PATCHES = patchTable<UsagePlan, UsagePatchContext>({
  refuse: ({ path }) => invalidPatchPath(path),
  rules: [{
    path: '/remaining', ops: ['replace'],
    apply: async (plan, { value, context: { counters, keyId, now } }) => {
      const quota = plan.quota
      if (quota?.limit === undefined || quota.period === undefined) throw badRequest(REST_MESSAGES.noQuota)
      const remaining = Number(value)
      if (value === undefined || value.trim() === '' || !Number.isInteger(remaining) || remaining < 0) {
        throw badRequest(REST_MESSAGES.invalidRemaining(value))
      }
      const window = quotaWindow(quota.period, now)
      const limit = periodLimit({ limit: quota.limit, offset: quota.offset, period: quota.period }, window, plan.createdAt)
      await counters.setUsed(usageSubject(plan.id, keyId), window.id, limit - remaining)
    },
  }],
})

/** UpdateUsage: `PATCH /usageplans/{id}/keys/{keyId}/usage` with `replace /remaining`; answers today's usage. */
export async function updateUsage(operation: Operation): Promise<Reply> {
  const { deps, params, body } = operation
  const operations = readPatchOperations(body, 'updateUsageInput')
  const plan = await requireUsagePlan(deps.store, params.usagePlanId)
  if ((await deps.store.get('usage-plan-key', usagePlanKeyScope(plan.id), params.keyId)) === undefined) throw notFound(REST_MESSAGES.keyNotInPlan)
  const now = deps.clock.now()
  await USAGE_PATCHES.apply(plan, operations, { counters: countersOf(operation), keyId: params.keyId, now })
  const today = utcDay(now)
  const todayMs = Date.parse(`${today}T00:00:00Z`)
  return {
    status: 200,
    body: { usagePlanId: plan.id, startDate: today, endDate: today, values: { [params.keyId]: await dailyUsage(countersOf(operation), plan, params.keyId, todayMs, todayMs) } },
  }
}
