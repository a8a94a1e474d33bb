import { checkCacheClusterSizeMember } from './cache-rules.ts'
import { epochSeconds } from '../../../core/clock.ts'
import { badRequest, conflict, notFound } from '../../../core/management-error.ts'
import type { Stage } from '../../../model/stage.ts'
import type { StoreReader } from '../../../store/store.ts'
import { optionalBoolean, optionalObject, optionalString, optionalStringMap, requiredString } from '../../operations/input.ts'
import { requireRestApi } from './lookups.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { checkStageName, newStage, readCanarySettings } from './stage-rules.ts'
import { checkStageVariables } from './stage-variable-rules.ts'
import { REST_MESSAGES } from './messages.ts'

/** Stage: CreateStage (201), GetStage, GetStages, DeleteStage (202); UpdateStage is in stage-update.ts. */

export async function requireStage(reader: StoreReader, restApiId: string, stageName: string): Promise<Stage> {
  const stage = await reader.get('stage', restApiId, stageName)
  if (stage === undefined) throw notFound(REST_MESSAGES.stageNotFound)
  return stage
}

export async function createStage({ deps, params, body }: Operation): Promise<Reply> {
  const { restApiId } = params
  const stageName = requiredString(body, 'stageName', 'createStageInput')
  const deploymentId = requiredString(body, 'deploymentId', 'createStageInput')
  const variables = optionalStringMap(body, 'variables') as Record<string, string> | undefined
  const stage = await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, restApiId)
    checkStageName(stageName)
    checkStageVariables(variables)
    checkCacheClusterSizeMember(optionalString(body, 'cacheClusterSize'), 'createStageInput.cacheClusterSize')
    if ((await tx.get('deployment', restApiId, deploymentId)) === undefined) throw notFound(REST_MESSAGES.deploymentNotFound)
    const stage = newStage({
      stageName,
      deploymentId,
      nowSeconds: epochSeconds(deps.clock.now()),
      description: optionalString(body, 'description'),
      documentationVersion: optionalString(body, 'documentationVersion'),
      variables,
      cacheClusterEnabled: optionalBoolean(body, 'cacheClusterEnabled'),
      cacheClusterSize: optionalString(body, 'cacheClusterSize'),
      tracingEnabled: optionalBoolean(body, 'tracingEnabled'),
      // A canary without its own deployment starts on the stage's, as UpdateStage's does.
      canarySettings: readCanarySettings(optionalObject(body, 'canarySettings'), deploymentId),
      tags: optionalStringMap(body, 'tags') as Record<string, string> | undefined,
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
