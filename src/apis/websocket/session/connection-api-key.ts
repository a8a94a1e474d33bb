import { headerValue } from '../../../core/http.ts'
import type { Logger } from '../../../core/logger.ts'
import type { UsagePlan } from '../../../model/usage-plan.ts'
import type { ApiKeyIndex } from '../../../policies/api-key/api-key-index.ts'

/** A key the index accepted for the API stage, as the connection keeps it (its events name it). */
export interface AcceptedApiKey {
  readonly apiKey: string
  readonly apiKeyId: string
}

/** A key accepted, with the usage plan that covers the API stage for it: its throttle and quota limit the key's routes. */
export interface KeyAcceptance {
  readonly key: AcceptedApiKey
  readonly usagePlan: UsagePlan
}

/**
 * Where a connection's API key comes from (developer guide, "WebSocket selection expressions", API key
 * selection expressions): `$request.header.x-api-key` (the default; any header named so) or
 * `$context.authorizer.usageIdentifierKey`, the key the `$connect` Lambda authorizer returned. Any
 * other expression reads no key.
 */
export function readApiKey(expression: string | undefined, headers: readonly string[], usageIdentifierKey: string | undefined): string | undefined {
  const selection = expression ?? '$request.header.x-api-key'
  if (selection === '$context.authorizer.usageIdentifierKey') return usageIdentifierKey
  const header = /^\$request\.header\.(.+)$/.exec(selection)?.[1]
  return header === undefined ? undefined : headerValue(headers, header)
}

/**
 * A route with `apiKeyRequired` (API reference v2, "Route") needs a key that exists, is enabled and
 * belongs to a usage plan covering this API stage — the REST kind's keys and plans, which serve
 * WebSocket APIs too. Undefined when refused; the key's value is never logged.
 */
export async function acceptApiKey(
  value: string | undefined, apiId: string, stage: string, index: ApiKeyIndex, logger: Logger,
): Promise<KeyAcceptance | undefined> {
  if (value === undefined || value === '') return undefined
  const verdict = await index.check(value, apiId, stage)
  if (verdict.ok) return { key: { apiKey: value, apiKeyId: verdict.match.apiKeyId }, usagePlan: verdict.match.usagePlan }
  logger.debug({ apiId, stage, reason: verdict.reason }, 'WebSocket API key refused')
  return undefined
}
