import { GATEWAY_MESSAGES, GatewayError } from '../../../../core/gateway-error.ts'
import { meterUsage, type UsagePlanState, type UsageVerdict } from '../../../../policies/usage-plan/usage-plan-limits.ts'
import { takeEach } from '../../../../state/throttle-counters.ts'
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
  // A request without a key, limited by counters in this process once the account's settings are read: decided at
  // once, without a turn of the microtask queue (undefined); the same buckets in the same order as below.
  const account = stage?.throttle.takeEachNow === undefined || (request.apiKey !== undefined && limits !== undefined) ? undefined : stage.account.loaded?.()
  if (account !== undefined) {
    if (!stage!.throttle.takeEachNow!(bucketsWithAccount(request, account))) throw new GatewayError('THROTTLED', GATEWAY_MESSAGES.tooManyRequests)
    return undefined
  }
  return limitRequest(request, limits, stage)
}

async function limitRequest(request: MethodRequest, limits: UsagePlanState | undefined, stage: StageThrottleState | undefined): Promise<void> {
  const after = stage === undefined ? [] : await stageThrottleBuckets(request, stage)
  let verdict: UsageVerdict = 'allowed'
  if (request.apiKey !== undefined && limits !== undefined) {
    verdict = await meterUsage({
      usagePlan: request.apiKey.usagePlan,
      apiKeyId: request.apiKey.id,
      restApiId: request.served.restApiId,
      stageName: request.served.stageName,
      resourcePath: request.method.resourcePath,
      httpMethod: request.method.httpMethod,
    }, limits, after)
  } else if (stage !== undefined && !(await takeEach(stage.throttle, after))) {
    verdict = 'throttled'
  }
  if (verdict === 'throttled') throw new GatewayError('THROTTLED', GATEWAY_MESSAGES.tooManyRequests)
  if (verdict === 'quota-exceeded') throw new GatewayError('QUOTA_EXCEEDED', LIMIT_EXCEEDED)
}
