import type { Account } from '../../../model/account.ts'
import type { HttpRouteSettings } from '../../../model/v2/route-settings.ts'
import { ACCOUNT_BUCKET } from '../../../policies/throttle/stage-throttle.ts'
import type { NamedBucket } from '../../../state/throttle-counters.ts'
import type { ServedHttpStage } from '../http-stages.ts'

/**
 * The token buckets an HTTP API request takes from (developer guide, "Protecting your HTTP API",
 * "Throttling"): the route's own limits in the stage's `RouteSettings`, else the stage's
 * `DefaultRouteSettings`, which every route gets on its own: one bucket per route per stage; then the account's, shared with REST APIs.
 * A limit left unset is no limit at that level.
 */
export function routeBuckets(apiId: string, stage: ServedHttpStage, routeKey: string, account: Account): NamedBucket[] {
  const buckets: NamedBucket[] = []
  const own = limitsOf(stage.routeSettings[routeKey])
  const limits = own ?? limitsOf(stage.defaultRouteSettings)
  if (limits !== undefined) buckets.push({ name: `http:${apiId}/${stage.stageName}/${routeKey}`, limits })
  buckets.push({ name: ACCOUNT_BUCKET, limits: account.throttleSettings })
  return buckets
}

function limitsOf(settings: HttpRouteSettings | undefined): { rateLimit: number; burstLimit: number } | undefined {
  if (settings === undefined || (settings.throttlingRateLimit === undefined && settings.throttlingBurstLimit === undefined)) return undefined
  return { rateLimit: settings.throttlingRateLimit ?? Number.MAX_SAFE_INTEGER, burstLimit: settings.throttlingBurstLimit ?? Number.MAX_SAFE_INTEGER }
}
