import { flushStageCache as flushCaches } from '../../../policies/cache/cache-cluster.ts'
import { notFound } from '../../../core/management-error.ts'
import { requireRestApi } from './lookups.ts'
import { REST_MESSAGES } from './messages.ts'
import type { Operation, Reply } from '../../operations/operation.ts'

/**
 * FlushStageCache (`DELETE /restapis/{id}/stages/{stage}/cache/data`, 202): every response the
 * stage's cache holds — its canary's own cache too — is dropped; the next requests reach the
 * integration again.
 */
export async function flushStageCache({ deps, params }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  if ((await deps.store.get('stage', params.restApiId, params.stageName)) === undefined) throw notFound(REST_MESSAGES.stageNotFound)
  if (deps.state !== undefined) await flushCaches(deps.state.responseCache, params.restApiId, params.stageName)
  return { status: 202 }
}

/**
 * GET /_gatehouse/restapis/{restApiId}/stages/{stageName}/cache-metrics — Gatehouse's own, beyond
 * AWS: the stage's CacheHitCount and CacheMissCount (CloudWatch's metric names) since start-up.
 */
export async function getCacheMetrics({ deps, params }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  if ((await deps.store.get('stage', params.restApiId, params.stageName)) === undefined) throw notFound(REST_MESSAGES.stageNotFound)
  return { status: 200, body: deps.cacheMetrics?.counts(params.restApiId, params.stageName) ?? { CacheHitCount: 0, CacheMissCount: 0 } }
}
