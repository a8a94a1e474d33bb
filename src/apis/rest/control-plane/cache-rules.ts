import { badRequest } from '../../../core/management-error.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * The response cache's settings as AWS bounds them: the CacheClusterSize enum (GB, API reference)
 * and `caching/ttlInSeconds` from 0 to 3600 (developer guide, "Cache settings for REST APIs").
 * AWS's refusal texts for these are not recorded; Coral's enum text (the form of AWS's other enum refusals) is used for
 * CreateStage's and CreateDeployment's member (declared with them), and the method-setting value text for patches.
 */

export const CACHE_CLUSTER_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'] as const

export const UNAUTHORIZED_CACHE_CONTROL_STRATEGIES = ['FAIL_WITH_403', 'SUCCEED_WITH_RESPONSE_HEADER', 'SUCCEED_WITHOUT_RESPONSE_HEADER'] as const

const MAX_TTL_SECONDS = 3600

/** UpdateStage `/cacheClusterSize`. */
export function checkCacheClusterSizeValue(size: string): void {
  if (!(CACHE_CLUSTER_SIZES as readonly string[]).includes(size)) throw badRequest(REST_MESSAGES.invalidCacheClusterSize(size))
}

/** A method setting's cache values, once converted: ttl within 0–3600, the strategy one of AWS's three. */
export function checkCacheMethodSetting(member: string, value: unknown, path: string): void {
  if (member === 'cacheTtlInSeconds' && (typeof value !== 'number' || value < 0 || value > MAX_TTL_SECONDS)) {
    throw badRequest(REST_MESSAGES.cacheTtlOutOfRange(path, String(value), MAX_TTL_SECONDS))
  }
  if (member === 'unauthorizedCacheControlHeaderStrategy' && !(UNAUTHORIZED_CACHE_CONTROL_STRATEGIES as readonly unknown[]).includes(value)) {
    throw badRequest(REST_MESSAGES.invalidCacheControlStrategy(path, String(value), UNAUTHORIZED_CACHE_CONTROL_STRATEGIES))
  }
}
