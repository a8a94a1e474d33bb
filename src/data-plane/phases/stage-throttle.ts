import { GATEWAY_MESSAGES, GatewayError } from '../../core/gateway-error.ts'
import { takeStageAndAccountTokens } from '../../policies/throttle/stage-throttle.ts'
import type { ThrottleCounters } from '../../state/throttle-counters.ts'
import type { AccountSettings } from '../account-settings.ts'
import type { RoutedRequest } from '../records.ts'

export interface StageThrottleState {
  readonly throttle: ThrottleCounters
  readonly account: AccountSettings
}

/**
 * The stage's and the account's throttles, after the usage plan's per-key buckets: AWS applies the
 * most specific limit first (reference §5: usage plan per method, usage plan, stage `res/VERB`,
 * stage `*\/*`, account). An empty bucket is 429 `{"message":"Too Many Requests"}` (THROTTLED, FACTS §3.2).
 */
export async function applyStageThrottle(request: RoutedRequest, state: StageThrottleState | undefined): Promise<void> {
  if (state === undefined) return
  const { served, method } = request
  const settings = served.settings.forMethod(method.resourcePath, method.httpMethod)
  const allowed = await takeStageAndAccountTokens({
    restApiId: served.restApiId,
    stageName: served.stageName,
    method: settings === undefined
      ? undefined
      : { key: settings.key, rateLimit: settings.setting.throttlingRateLimit, burstLimit: settings.setting.throttlingBurstLimit },
    account: await state.account.get(),
  }, state.throttle)
  if (!allowed) throw new GatewayError('THROTTLED', GATEWAY_MESSAGES.tooManyRequests)
}
