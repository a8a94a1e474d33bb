import { GATEWAY_MESSAGES, GatewayError } from '../../core/gateway-error.ts'
import { meterUsage, type UsagePlanState } from '../../policies/usage-plan/usage-plan-limits.ts'
import type { MethodRequest } from '../records.ts'

/** FACTS §3.2: a usage plan's quota used up is 429 `{"message":"Limit Exceeded"}` (QUOTA_EXCEEDED). */
const LIMIT_EXCEEDED = 'Limit Exceeded'

/**
 * The usage-plan step of Method Request, right after the API key: the key's plan throttles it
 * (429 `Too Many Requests`, THROTTLED) and counts it against its quota (429 `Limit Exceeded`,
 * QUOTA_EXCEEDED) — FACTS §3.2. Requests without a key (methods not requiring one) pass.
 */
export async function applyUsagePlanLimits(request: MethodRequest, state: UsagePlanState | undefined): Promise<void> {
  if (request.apiKey === undefined || state === undefined) return
  const verdict = await meterUsage({
    usagePlan: request.apiKey.usagePlan,
    apiKeyId: request.apiKey.id,
    restApiId: request.served.restApiId,
    stageName: request.served.stageName,
    resourcePath: request.method.resourcePath,
    httpMethod: request.method.httpMethod,
  }, state)
  if (verdict === 'throttled') throw new GatewayError('THROTTLED', GATEWAY_MESSAGES.tooManyRequests)
  if (verdict === 'quota-exceeded') throw new GatewayError('QUOTA_EXCEEDED', LIMIT_EXCEEDED)
}
