import { CACHE_CLUSTER_SIZES } from './cache-rules.ts'
import { epochSeconds } from '../../../core/clock.ts'
import { badRequest, conflict, notFound } from '../../../core/management-error.ts'
import type { Stage } from '../../../model/stage.ts'
import type { StoreReader } from '../../../store/store.ts'
import { input, readInput } from '../../operations/members.ts'
import { requireRestApi } from './lookups.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { CANARY_SETTINGS, canarySettingsOf, checkStageName, newStage } from './stage-rules.ts'
import { checkStageVariables } from './stage-variable-rules.ts'
import { REST_MESSAGES } from './messages.ts'

/** Stage: CreateStage (201), GetStage, GetStages, DeleteStage (202); UpdateStage is in stage-update.ts. */

export async function requireStage(reader: StoreReader, restApiId: string, stageName: string): Promise<Stage> {
  const stage = await reader.get('stage', restApiId, stageName)
  if (stage === undefined) throw notFound(REST_MESSAGES.stageNotFound)
  return stage
}

const CREATE_STAGE = input('createStageInput', {
  stageName: { type: 'string', required: true },
  deploymentId: { type: 'string', required: true },
  description: { type: 'string' },
  documentationVersion: { type: 'string' },
  variables: { type: 'string-map' },
  cacheClusterEnabled: { type: 'boolean' },
  cacheClusterSize: { type: 'string', enum: CACHE_CLUSTER_SIZES },
  tracingEnabled: { type: 'boolean' },
  canarySettings: CANARY_SETTINGS,
  tags: { type: 'string-map' },
})

export async function createStage({ deps, params, body }: Operation): Promise<Reply> {
  const { restApiId } = params
  const { stageName, deploymentId, canarySettings, ...given } = readInput(body, CREATE_STAGE)
  const stage = await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, restApiId)
    checkStageName(stageName)
    checkStageVariables(given.variables)
    if ((await tx.get('deployment', restApiId, deploymentId)) === undefined) throw notFound(REST_MESSAGES.deploymentNotFound)
    const stage = newStage({
      ...given,
      stageName,
      deploymentId,
      nowSeconds: epochSeconds(deps.clock.now()),
      // A canary without its own deployment starts on the stage's, as UpdateStage's does.
      canarySettings: canarySettingsOf(canarySettings, deploymentId),
    })
    // The canary's deployment is checked as UpdateStage checks it: 400, not the stage's own 404
    // (LS test_create_canary_deployment > bad-canary-deployment-id).
    if (stage.canarySettings?.deploymentId !== undefined && (await tx.get('deployment', restApiId, stage.canarySettings.deploymentId)) === undefined) {
      throw badRequest(REST_MESSAGES.deploymentIdMissing)
    }
    if (!(await tx.insert('stage', restApiId, stageName, stage))) throw conflict(REST_MESSAGES.stageExists)
    return stage
  })
  return { status: 201, body: stage }
}

export async function getStage({ deps, params }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  return { status: 200, body: await requireStage(deps.store, params.restApiId, params.stageName) }
}

/**
 * GetStages answers `{"item": [...]}` without paging, optionally for one deployment
 * (recorded: test_apigateway_api > test_get_stages_filters_by_deployment_id).
 */
export async function getStages({ deps, params, query }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  const deploymentId = query.get('deploymentId')
  const stages = await deps.store.list('stage', params.restApiId)
  return { status: 200, body: { item: deploymentId === null ? stages : stages.filter((stage) => stage.deploymentId === deploymentId) } }
}

export async function deleteStage({ deps, params }: Operation): Promise<Reply> {
  await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, params.restApiId)
    await requireStage(tx, params.restApiId, params.stageName)
    await tx.delete('stage', params.restApiId, params.stageName)
  })
  return { status: 202 }
}
