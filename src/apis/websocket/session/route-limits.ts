import { routeBuckets } from '../../../policies/throttle/route-throttle.ts'
import { meterUsage, type UsageVerdict } from '../../../policies/usage-plan/usage-plan-limits.ts'
import { takeEach } from '../../../state/throttle-counters.ts'
import type { ServedWebSocketStage } from '../websocket-stages.ts'
import type { KeyAcceptance } from './connection-api-key.ts'
import type { WebSocketDeps } from './websocket-deps.ts'

/**
 * Throttling and quotas for one WebSocket route call (`$connect` or a message), in the order REST
 * methods take them (src/apis/rest/pipeline/phases/request-limits.ts): a route with `apiKeyRequired`
 * first takes from its key's usage plan — the plan's throttle as the key's bucket, then the plan's
 * quota (developer guide, "Usage plans and API keys": plans cover WebSocket API stages too) —, then
 * every route takes from the stage's route bucket (`RouteSettings` for its key, else
 * `DefaultRouteSettings`) and the account's bucket (developer guide, "Protect your WebSocket APIs in
 * API Gateway"). On shared state it is one call.
 */
export async function routeLimits(
  deps: WebSocketDeps, apiId: string, stage: ServedWebSocketStage, routeKey: string, key: KeyAcceptance | undefined,
): Promise<UsageVerdict> {
  const { state, clock } = deps.engines
  const buckets = routeBuckets('websocket', apiId, stage, routeKey, await deps.engines.account.get())
  if (key !== undefined) {
    return meterUsage(
      { usagePlan: key.usagePlan, apiKeyId: key.key.apiKeyId, restApiId: apiId, stageName: stage.stageName },
      { throttle: state.throttle, quota: state.quota, meter: state.meter, clock },
      buckets,
    )
  }
  return (await takeEach(state.throttle, buckets)) ? 'allowed' : 'throttled'
}
