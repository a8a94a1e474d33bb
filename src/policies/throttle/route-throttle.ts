import type { Account } from '../../model/account.ts'
import type { HttpRouteSettings } from '../../model/v2/route-settings.ts'
import type { NamedBucket } from '../../state/throttle-counters.ts'
import { ACCOUNT_BUCKET } from './stage-throttle.ts'

/** A v2 stage's route settings (API reference v2, "Stage": `DefaultRouteSettings`, `RouteSettings` by route key). */
export interface StageRouteSettings {
  readonly stageName: string
  readonly defaultRouteSettings: Readonly<HttpRouteSettings>
  readonly routeSettings: Readonly<Record<string, HttpRouteSettings>>
}

/**
 * The token buckets a request to a v2 API's route takes from, HTTP and WebSocket alike (developer
 * guide, "Protecting your HTTP API", "Throttling"; "Protect your WebSocket APIs in API Gateway"): the
 * route's own limits in the stage's `RouteSettings`, else the stage's `DefaultRouteSettings`, which
 * every route gets on its own: one bucket per route per stage; then the account's, shared with REST
 * APIs. A limit left unset is no limit at that level. `kind` keeps the kinds' buckets apart.
 */
export function routeBuckets(kind: 'http' | 'websocket', apiId: string, stage: StageRouteSettings, routeKey: string, account: Account): NamedBucket[] {
  const buckets: NamedBucket[] = []
  const own = limitsOf(stage.routeSettings[routeKey])
  const limits = own ?? limitsOf(stage.defaultRouteSettings)
  if (limits !== undefined) buckets.push({ name: `${kind}:${apiId}/${stage.stageName}/${routeKey}`, limits })
  buckets.push({ name: ACCOUNT_BUCKET, limits: account.throttleSettings })
  return buckets
}

function limitsOf(settings: HttpRouteSettings | undefined): { rateLimit: number; burstLimit: number } | undefined {
  if (settings === undefined || (settings.throttlingRateLimit === undefined && settings.throttlingBurstLimit === undefined)) return undefined
  return { rateLimit: settings.throttlingRateLimit ?? Number.MAX_SAFE_INTEGER, burstLimit: settings.throttlingBurstLimit ?? Number.MAX_SAFE_INTEGER }
}
