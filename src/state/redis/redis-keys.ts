/**
 * Key names (after the client's prefix). The part in braces is the Redis Cluster hash tag: every key
 * one request touches (its bucket, quota period, quota day) shares the usage subject's tag, so one
 * script can touch them all on one shard.
 */
export const bucketKey = (bucket: string): string => `bucket:{${bucket.split('/', 2).join('/')}}${bucket}`
export const periodKey = (subject: string, period: string): string => `quota:{${subject}}:${period}`
export const dayKey = (subject: string, day: string): string => `usage:{${subject}}:${day}`
export const authorizerGenerationKey = (restApiId: string, stageName: string): string =>
  `authorizer:{${restApiId}/${stageName}}`
export const responseCacheGenerationKey = (cluster: string): string => `cache:{${cluster}}`

/** Quota periods and days are kept this long: GetUsage looks back up to 366 days. */
export const USAGE_TTL_SECONDS = 400 * 86_400
