import { badRequest, conflict, enumConstraint, notFound, validationError } from '../../../core/management-error.ts'
import type { ApiStage, QuotaPeriod, QuotaSettings, ThrottleSettings, UsagePlan } from '../../../model/usage-plan.ts'
import { ACCOUNT_SCOPE, usagePlanKeyScope, type StoreReader } from '../../../store/store.ts'
import { compact, optionalNumber, optionalObject, optionalString, serializationError } from '../../operations/input.ts'
import type { JsonObject } from '../../../core/json.ts'
import { REST_MESSAGES } from './messages.ts'

/** What UsagePlan calls accept and the texts they refuse with (recorded: test_apigateway_common > test_usage_plan_crud). */

/** `Invalid API Stage {api: <apiId>, stage: <stage>} specified for usageplan <planId>` (404; recorded: test_apigateway_common > test_usage_plan_crud). */
export const unknownApiStage = (apiId: string, stage: string, planId: string) =>
  notFound(REST_MESSAGES.unknownApiStage(apiId, stage, planId))

export const QUOTA_PERIODS: readonly QuotaPeriod[] = ['DAY', 'WEEK', 'MONTH']

export async function requireUsagePlan(reader: StoreReader, usagePlanId: string): Promise<UsagePlan> {
  const plan = await reader.get('usage-plan', ACCOUNT_SCOPE, usagePlanId)
  if (plan === undefined) throw notFound(REST_MESSAGES.usagePlanNotFound)
  return plan
}

/**
 * An API stage a plan names must exist: both the API and the stage (recorded: test_apigateway_common >
 * test_usage_plan_crud > update-wrong-api-stages-wrong-api, update-wrong-api-stages-wrong-stage). The
 * stage of a REST API or of a WebSocket API: usage plans and API keys serve both (API reference v2,
 * "Route", `apiKeyRequired`; developer guide, "WebSocket selection expressions", API key selection
 * expressions); HTTP APIs have none.
 */
export async function checkApiStage(reader: StoreReader, apiStage: ApiStage, planId: string): Promise<void> {
  if (await reader.get('stage', apiStage.apiId, apiStage.stage) !== undefined) return
  const websocket = (await reader.get('v2-api', ACCOUNT_SCOPE, apiStage.apiId))?.protocolType === 'WEBSOCKET'
  if (websocket && await reader.get('v2-stage', apiStage.apiId, apiStage.stage) !== undefined) return
  throw unknownApiStage(apiStage.apiId, apiStage.stage, planId)
}

/**
 * A key answers to one plan per API stage, or the data plane could not tell whose limits apply:
 * putting `keyId` in `plan` (CreateUsagePlanKey), or `stages` into a plan holding it (UpdateUsagePlan
 * `add /apiStages`), is a 409 when another plan holding the key covers one of those stages. AWS's
 * text, as SDK users report it (no recording has it).
 */
export async function ensureOnePlanPerKeyAndStage(reader: StoreReader, planId: string, keyId: string, stages: readonly ApiStage[]): Promise<void> {
  for (const other of await reader.list('usage-plan', ACCOUNT_SCOPE)) {
    if (other.id === planId || (await reader.get('usage-plan-key', usagePlanKeyScope(other.id), keyId)) === undefined) continue
    const shared = stages.find((mine) => other.apiStages.some((theirs) => theirs.apiId === mine.apiId && theirs.stage === mine.stage))
    if (shared !== undefined) {
      throw conflict(REST_MESSAGES.keyStageInTwoPlans(planId, keyId, shared.apiId, shared.stage))
    }
  }
}

/** `"{apiId}:{stage}"`, the value of `add`/`remove` `/apiStages`; anything else is `Invalid API Stage specified`. */
export function parseApiStageValue(value: string | undefined): { apiId: string; stage: string } {
  const match = value === undefined ? null : /^([^:]+):([^:]+)$/.exec(value)
  if (match === null) throw badRequest(REST_MESSAGES.invalidApiStage)
  return { apiId: match[1], stage: match[2] }
}

export function readThrottle(source: JsonObject | undefined): ThrottleSettings | undefined {
  if (source === undefined) return undefined
  return compact({
    burstLimit: optionalNumber(source, 'burstLimit', 'Integer'),
    rateLimit: optionalNumber(source, 'rateLimit', 'Double'),
  })
}

export function readQuota(source: JsonObject | undefined, inputName: string): QuotaSettings | undefined {
  if (source === undefined) return undefined
  const period = optionalString(source, 'period')
  if (period !== undefined && !QUOTA_PERIODS.includes(period as QuotaPeriod)) {
    throw validationError([enumConstraint(period, `${inputName}.quota.period`, QUOTA_PERIODS)])
  }
  return compact({
    limit: optionalNumber(source, 'limit', 'Integer'),
    offset: optionalNumber(source, 'offset', 'Integer'),
    period: period as QuotaPeriod | undefined,
  })
}

/** `apiStages: [{apiId, stage, throttle: {"/path/VERB": {rateLimit, burstLimit}}}]`. */
export function readApiStages(body: JsonObject): ApiStage[] {
  const raw = body.apiStages
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw)) throw serializationError(raw, 'List')
  return raw.map((item) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw serializationError(item, 'Map')
    const entry = item as JsonObject
    const apiId = optionalString(entry, 'apiId')
    const stage = optionalString(entry, 'stage')
    if (apiId === undefined || stage === undefined || apiId === '' || stage === '') throw badRequest(REST_MESSAGES.invalidApiStage)
    const throttleMap = optionalObject(entry, 'throttle')
    let throttle: Record<string, ThrottleSettings> | undefined
    if (throttleMap !== undefined) {
      throttle = {}
      for (const [methodKey, settings] of Object.entries(throttleMap)) {
        if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) throw serializationError(settings, 'Map')
        throttle[methodKey] = readThrottle(settings as JsonObject)!
      }
    }
    return compact({ apiId, stage, throttle })
  })
}

/**
 * The wire shape. `tags` follows the recordings: GetUsagePlan and UpdateUsagePlan always carry it
 * (`{}` when none), CreateUsagePlan only when set, GetUsagePlans never (recorded: test_apigateway_common > test_usage_plan_crud).
 */
export function usagePlanShape(plan: UsagePlan, tags: 'always' | 'when-set' | 'never'): Record<string, unknown> {
  const hasTags = plan.tags !== undefined && Object.keys(plan.tags).length > 0
  return compact({
    id: plan.id,
    name: plan.name,
    description: plan.description,
    apiStages: plan.apiStages,
    throttle: plan.throttle,
    quota: plan.quota,
    productCode: plan.productCode,
    tags: tags === 'always' ? (plan.tags ?? {}) : tags === 'when-set' && hasTags ? plan.tags : undefined,
  })
}
