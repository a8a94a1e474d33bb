import type { ResponseCache } from '../../state/response-cache.ts'

/** The cache a request reads: its stage's, or the canary's own (FlushStageCache empties both). */
export const cacheClusterName = (restApiId: string, stageName: string, canary: boolean): string =>
  canary ? `${restApiId}/${stageName}/canary` : `${restApiId}/${stageName}`

/** FlushStageCache (API reference): empties the stage's cache cluster and its canary's. */
export async function flushStageCache(cache: ResponseCache, restApiId: string, stageName: string): Promise<void> {
  await Promise.all([false, true].map((canary) => cache.flush(cacheClusterName(restApiId, stageName, canary))))
}
