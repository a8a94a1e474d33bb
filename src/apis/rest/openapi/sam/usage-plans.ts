import { createHash } from 'node:crypto'
import { TemplateError } from './read-template.ts'

/**
 * API keys and usage plans of a template: SAM's `Auth.UsagePlan` (SAM specification, ApiUsagePlan:
 * `CreateUsagePlan: PER_API` makes `<Api>UsagePlan` and `<Api>ApiKey`, `SHARED` one
 * `ServerlessUsagePlan` and `ServerlessApiKey` for every API that asks, `NONE` nothing) and the plain
 * AWS::ApiGateway::ApiKey, ::UsagePlan and ::UsagePlanKey resources. A key without a `Value` gets
 * one derived from the stack and its logical id, so it stays the same across reloads.
 */

export interface SamApiKey {
  readonly logicalId: string
  readonly name: string
  readonly value: string
  readonly enabled: boolean
}

export interface SamUsagePlan {
  readonly logicalId: string
  readonly name: string
  /** The APIs (logical ids) and, for plain plans, the stage named; SAM's plans use the API's own stage. */
  readonly apiStages: readonly { readonly apiLogicalId: string; readonly stageName?: string }[]
  readonly throttle?: { readonly burstLimit?: number; readonly rateLimit?: number }
  readonly quota?: { readonly limit: number; readonly offset?: number; readonly period: string }
  readonly keyLogicalIds: readonly string[]
}

export interface UsagePlans {
  readonly keys: SamApiKey[]
  readonly plans: SamUsagePlan[]
}

export const USAGE_PLAN_TYPES = new Set(['AWS::ApiGateway::ApiKey', 'AWS::ApiGateway::UsagePlan', 'AWS::ApiGateway::UsagePlanKey'])

export const stableKeyValue = (stackName: string, logicalId: string): string =>
  createHash('sha256').update(`${stackName}/${logicalId}/api-key`).digest('base64url').replace(/[-_]/g, '').slice(0, 40)

const throttleOf = (raw: any) => raw === undefined ? undefined : {
  burstLimit: raw.BurstLimit === undefined ? undefined : Number(raw.BurstLimit),
  rateLimit: raw.RateLimit === undefined ? undefined : Number(raw.RateLimit),
}
const quotaOf = (raw: any, where: string) => {
  if (raw === undefined) return undefined
  if (raw.Limit === undefined || raw.Period === undefined) throw new TemplateError(`${where}.Quota needs Limit and Period`)
  return { limit: Number(raw.Limit), offset: raw.Offset === undefined ? undefined : Number(raw.Offset), period: String(raw.Period) }
}

/** SAM's `Auth.UsagePlan` of one API, added to `into`. */
export function addSamUsagePlan(into: UsagePlans, apiLogicalId: string, usagePlan: Record<string, any> | undefined, stackName: string): void {
  if (usagePlan === undefined) return
  const mode = String(usagePlan.CreateUsagePlan ?? 'NONE').toUpperCase()
  if (mode === 'NONE') return
  const where = `Resources.${apiLogicalId}.Properties.Auth.UsagePlan`
  if (mode !== 'PER_API' && mode !== 'SHARED') throw new TemplateError(`${where}.CreateUsagePlan must be PER_API, SHARED or NONE`)
  const planId = mode === 'SHARED' ? 'ServerlessUsagePlan' : `${apiLogicalId}UsagePlan`
  const keyId = mode === 'SHARED' ? 'ServerlessApiKey' : `${apiLogicalId}ApiKey`
  if (!into.keys.some((key) => key.logicalId === keyId)) into.keys.push({ logicalId: keyId, name: keyId, value: stableKeyValue(stackName, keyId), enabled: true })
  const existing = into.plans.find((plan) => plan.logicalId === planId)
  if (existing !== undefined) {
    ;(existing.apiStages as { apiLogicalId: string }[]).push({ apiLogicalId })
    return
  }
  into.plans.push({
    logicalId: planId,
    name: typeof usagePlan.UsagePlanName === 'string' ? usagePlan.UsagePlanName : planId,
    apiStages: [{ apiLogicalId }],
    throttle: throttleOf(usagePlan.Throttle),
    quota: quotaOf(usagePlan.Quota, where),
    keyLogicalIds: [keyId],
  })
}

/** The plain resources; `props(logicalId)` gives a resource's resolved Properties. */
export function addPlainUsagePlans(
  into: UsagePlans, resources: Readonly<Record<string, { Type: string }>>, props: (logicalId: string) => Record<string, any>,
  apiLogicalIdOf: (restApiId: unknown) => string | undefined, stackName: string,
): void {
  const ofType = (type: string) => Object.keys(resources).filter((id) => resources[id].Type === type)
  for (const id of ofType('AWS::ApiGateway::ApiKey')) {
    const p = props(id)
    into.keys.push({
      logicalId: id, name: typeof p.Name === 'string' ? p.Name : id,
      value: typeof p.Value === 'string' ? p.Value : stableKeyValue(stackName, id), enabled: p.Enabled === true || p.Enabled === 'true',
    })
  }
  const keysOf = new Map<string, string[]>()
  for (const id of ofType('AWS::ApiGateway::UsagePlanKey')) {
    const p = props(id)
    if (String(p.KeyType ?? 'API_KEY') !== 'API_KEY') throw new TemplateError(`Resources.${id}.Properties.KeyType must be API_KEY`)
    keysOf.set(String(p.UsagePlanId), [...(keysOf.get(String(p.UsagePlanId)) ?? []), String(p.KeyId)])
  }
  for (const id of ofType('AWS::ApiGateway::UsagePlan')) {
    const p = props(id)
    const where = `Resources.${id}.Properties`
    const apiStages = ((p.ApiStages ?? []) as Record<string, any>[]).map((stage, i) => {
      const apiLogicalId = apiLogicalIdOf(stage.ApiId)
      if (apiLogicalId === undefined) throw new TemplateError(`${where}.ApiStages[${i}].ApiId must be a Ref to a REST or WebSocket API of this template`)
      return { apiLogicalId, stageName: typeof stage.Stage === 'string' ? stage.Stage : undefined }
    })
    into.plans.push({
      logicalId: id, name: typeof p.UsagePlanName === 'string' ? p.UsagePlanName : id, apiStages,
      throttle: throttleOf(p.Throttle), quota: quotaOf(p.Quota, where), keyLogicalIds: keysOf.get(id) ?? [],
    })
  }
}
