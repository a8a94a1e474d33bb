import { notFound } from '../../../core/management-error.ts'
import { requireRestApi } from './lookups.ts'
import { REST_MESSAGES } from './messages.ts'
import type { Operation, Reply } from '../../operations/operation.ts'

/**
 * FlushStageAuthorizersCache (`DELETE /restapis/{id}/stages/{stage}/cache/authorizers`, 202): the
 * gateway forgets every cached authorizer result of that stage, so the next request calls the
 * authorizer again.
 */
export async function flushStageAuthorizersCache({ deps, params }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  if ((await deps.store.get('stage', params.restApiId, params.stageName)) === undefined) throw notFound(REST_MESSAGES.stageNotFound)
  await deps.state?.authorizerCache.flushStage(params.restApiId, params.stageName)
  return { status: 202 }
}
