import { GATEWAY_MESSAGES, GatewayError } from '../../../../core/gateway-error.ts'
import { meterUsage, meterUsageNow, type MeteredRequest, type UsagePlanState, type UsageVerdict } from '../../../../policies/usage-plan/usage-plan-limits.ts'
import { takeEach, type NamedBucket } from '../../../../state/throttle-counters.ts'
import type { MethodRequest } from '../records.ts'
import { bucketsWithAccount, stageThrottleBuckets, type StageThrottleState } from './stage-throttle.ts'

/** A usage plan's quota used up is 429 `{"message":"Limit Exceeded"}` (QUOTA_EXCEEDED; AWS's text as widely reported). */
const LIMIT_EXCEEDED = 'Limit Exceeded'

/**
 * Throttling and quotas, right after the API key, most specific limit first: the key's
 * usage plan bucket, the plan's quota, then the stage's and the account's buckets (the order and
 * what a refusal leaves taken: src/state/usage-meter.ts). A keyed request does all of it in one call
 * to the state store — one Redis round trip; a request without a key (or plan) takes the stage's and
 * account's tokens in one call. An empty bucket is 429 `Too Many Requests` (THROTTLED), a used-up
 * quota 429 `Limit Exceeded` (QUOTA_EXCEEDED): the status is documented (developer guide, "Throttle requests to your REST APIs"),
 * the texts are AWS's as widely reported. Both states count in the same store
 * (server.ts hands them one ThrottleCounters).
 */
export function applyRequestLimits(request: MethodRequest, limits: UsagePlanState | undefined, stage: StageThrottleState | undefined): Promise<void> | undefined {
  // Counters in this process, the account's settings read: decided at once, without a turn of the microtask queue
  // (undefined). Otherwise the awaited path, with the buckets when they are already worked out (Redis).
  const account = stage?.account.loaded?.()
  const after = stage === undefined ? [] : account === undefined ? undefined : bucketsWithAccount(request, account)
  const verdict = after === undefined ? undefined : limitNow(request, limits, stage, after)
  if (verdict === undefined) return limitRequest(request, limits, stage, after)
  refuseOver(verdict)
  return undefined
}

function limitNow(request: MethodRequest, limits: UsagePlanState | undefined, stage: StageThrottleState | undefined, after: NamedBucket[]): UsageVerdict | undefined {
  if (request.apiKey !== undefined && limits !== undefined) return meterUsageNow(meteredRequest(request, request.apiKey), limits, after)
  if (stage === undefined) return 'allowed'
  if (stage.throttle.takeEachNow === undefined) return undefined
  return stage.throttle.takeEachNow(after) ? 'allowed' : 'throttled'
}

/** The awaited path; `known` are the buckets when they were already worked out. */
async function limitRequest(
  request: MethodRequest, limits: UsagePlanState | undefined, stage: StageThrottleState | undefined, known: NamedBucket[] | undefined,
): Promise<void> {
  const after = known ?? (stage === undefined ? [] : await stageThrottleBuckets(request, stage))
  let verdict: UsageVerdict = 'allowed'
  if (request.apiKey !== undefined && limits !== undefined) {
    verdict = await meterUsage(meteredRequest(request, request.apiKey), limits, after)
  } else if (stage !== undefined && !(await takeEach(stage.throttle, after))) {
    verdict = 'throttled'
  }
  refuseOver(verdict)
}

function meteredRequest(request: MethodRequest, apiKey: NonNullable<MethodRequest['apiKey']>): MeteredRequest {
  return {
    usagePlan: apiKey.usagePlan,
    apiKeyId: apiKey.id,
    restApiId: request.served.restApiId,
    stageName: request.served.stageName,
    resourcePath: request.method.resourcePath,
    httpMethod: request.method.httpMethod,
  }
}

function refuseOver(verdict: UsageVerdict): void {
  if (verdict === 'throttled') throw new GatewayError('THROTTLED', GATEWAY_MESSAGES.tooManyRequests)
  if (verdict === 'quota-exceeded') throw new GatewayError('QUOTA_EXCEEDED', LIMIT_EXCEEDED)
}
