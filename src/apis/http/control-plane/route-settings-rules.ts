import type { JsonObject } from '../../../core/json.ts'
import type { HttpRouteSettings } from '../../../model/v2/route-settings.ts'
import { compact, optionalBoolean, optionalNumber, optionalObject, optionalString } from '../../operations/input.ts'
import { V2_MESSAGES } from './messages.ts'

/** A stage's `DefaultRouteSettings` or one entry of `RouteSettings` (API reference v2, "RouteSettings"). */
export function readRouteSettings(body: JsonObject): HttpRouteSettings {
  const settings: HttpRouteSettings = compact({
    detailedMetricsEnabled: optionalBoolean(body, 'detailedMetricsEnabled'),
    throttlingBurstLimit: optionalNumber(body, 'throttlingBurstLimit'),
    throttlingRateLimit: optionalNumber(body, 'throttlingRateLimit', 'Double'),
    dataTraceEnabled: optionalBoolean(body, 'dataTraceEnabled'),
    loggingLevel: optionalString(body, 'loggingLevel') as HttpRouteSettings['loggingLevel'],
  })
  if (settings.throttlingBurstLimit !== undefined && (!Number.isInteger(settings.throttlingBurstLimit) || settings.throttlingBurstLimit < 0)) {
    throw V2_MESSAGES.invalidRouteSettings('ThrottlingBurstLimit must be a whole number of requests, 0 or more')
  }
  if (settings.throttlingRateLimit !== undefined && settings.throttlingRateLimit < 0) throw V2_MESSAGES.invalidRouteSettings('ThrottlingRateLimit must be 0 or more')
  return settings
}

/** `RouteSettings`: by route key, each merged over what the stage had for it. */
export function readRouteSettingsMap(body: JsonObject, current: Readonly<Record<string, HttpRouteSettings>>): Record<string, HttpRouteSettings> | undefined {
  const map = optionalObject(body, 'routeSettings')
  if (map === undefined) return undefined
  const merged: Record<string, HttpRouteSettings> = { ...current }
  for (const routeKey of Object.keys(map)) {
    const entry = optionalObject(map, routeKey)
    if (entry !== undefined) merged[routeKey] = { ...current[routeKey], ...readRouteSettings(entry) }
  }
  return merged
}
