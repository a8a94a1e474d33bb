import { epochSeconds } from '../../../core/clock.ts'
import { newDeploymentId } from '../../../core/ids.ts'
import { badRequest, notFound } from '../../../core/management-error.ts'
import { compileDeployment } from '../deploy/compile.ts'
import type { CompiledDeployment } from '../deploy/compiled-deployment.ts'
import { snapshotRestApi } from '../deploy/snapshot.ts'
import type { Deployment } from '../../../model/deployment.ts'
import type { StoreReader } from '../../../store/store.ts'
import { CACHE_CLUSTER_SIZES } from './cache-rules.ts'
import { compact } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import { requireRestApi } from './lookups.ts'
import { REST_MESSAGES } from './messages.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { optionalMember } from '../../operations/patch-members.ts'
import { invalidPatchOperation, invalidPatchPath } from '../../operations/patch-operations.ts'
import { patchTable } from '../../operations/patch-table.ts'
import { CANARY_SETTINGS, canarySettingsOf, checkStageName, newStage } from './stage-rules.ts'
import { checkStageVariableCount, checkStageVariables } from './stage-variable-rules.ts'
import { patchStored } from './patch-stored.ts'

/** Deployment: CreateDeployment (201), GetDeployment, GetDeployments, UpdateDeployment, DeleteDeployment (202). */

const CREATE_DEPLOYMENT = input('createDeploymentInput', {
  stageName: { type: 'string' },
  stageDescription: { type: 'string' },
  description: { type: 'string' },
  cacheClusterEnabled: { type: 'boolean' },
  cacheClusterSize: { type: 'string', enum: CACHE_CLUSTER_SIZES },
  variables: { type: 'string-map' },
  canarySettings: CANARY_SETTINGS,
  tracingEnabled: { type: 'boolean' },
})

/**
 * CreateDeployment freezes the API (deploy/snapshot.ts) and, with `stageName`, points that stage at
 * it — creating the stage when it does not exist (recorded: test_apigateway_common > test_create_delete_deployments).
 * With `canarySettings` the stage must exist and only its canary moves (recorded: test_apigateway_canary >
 * test_create_canary_deployment_validation).
 */
export async function createDeployment({ deps, params, body }: Operation): Promise<Reply> {
  const { restApiId } = params
  const { stageName, description, variables, canarySettings: canary, ...newStageMembers } = readInput(body, CREATE_DEPLOYMENT)
  let compiled: CompiledDeployment | undefined
  const deployment = await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, restApiId)
    if (canary !== undefined && (stageName === undefined || stageName === '')) {
      throw badRequest(REST_MESSAGES.canaryNeedsStageName(stageName))
    }
    if (stageName !== undefined && stageName !== '') checkStageName(stageName)
    checkStageVariables(variables)
    await checkDeployable(tx, restApiId)
    const snapshot = (await snapshotRestApi(tx, restApiId))!
    const now = epochSeconds(deps.clock.now())
    const deployment: Deployment = compact({ id: newDeploymentId(), description: description === '' ? undefined : description, createdDate: now })
    // Compiled before it is committed: a deployment that cannot be served is never stored.
    compiled = deps.compiler?.compile(restApiId, deployment.id, snapshot) ?? compileDeployment(deployment.id, snapshot)
    await tx.insert('deployment', restApiId, deployment.id, deployment)
    await tx.insert('deployment-snapshot', restApiId, deployment.id, { deploymentId: deployment.id, snapshot })
    if (stageName === undefined || stageName === '') return deployment

    const existing = await tx.get('stage', restApiId, stageName)
    if (canary !== undefined) {
      if (existing === undefined) {
        throw badRequest(REST_MESSAGES.canaryNeedsStage(stageName))
      }
      existing.canarySettings = canarySettingsOf(canary, deployment.id)
      existing.canarySettings!.deploymentId = deployment.id
      existing.lastUpdatedDate = now
      await tx.put('stage', restApiId, stageName, existing)
    } else if (existing !== undefined) {
      existing.deploymentId = deployment.id
      if (variables !== undefined) existing.variables = { ...existing.variables, ...variables }
      if (existing.variables !== undefined) checkStageVariableCount(existing.variables)
      existing.lastUpdatedDate = now
      await tx.put('stage', restApiId, stageName, existing)
    } else {
      await tx.insert('stage', restApiId, stageName, newStage({
        stageName,
        deploymentId: deployment.id,
        nowSeconds: now,
        description: newStageMembers.stageDescription,
        variables,
        cacheClusterEnabled: newStageMembers.cacheClusterEnabled,
        cacheClusterSize: newStageMembers.cacheClusterSize,
        tracingEnabled: newStageMembers.tracingEnabled,
      }))
    }
    return deployment
  }).catch((error: unknown) => {
    if (compiled !== undefined) deps.compiler?.forget(restApiId, compiled.deploymentId)
    throw error
  })
  for (const problem of compiled!.problems) {
    deps.logger.warn(
      { restApiId, deploymentId: deployment.id, method: problem.where, reason: problem.reason },
      `deployment ${deployment.id} of ${restApiId}: ${problem.where}: ${problem.reason}`,
    )
  }
  return { status: 201, body: deployment }
}

/**
 * AWS refuses to deploy an API without methods, or with a method that has no integration; both
 * texts are AWS's as users report them (BadRequestException, 400).
 */
async function checkDeployable(reader: StoreReader, restApiId: string): Promise<void> {
  const resources = await reader.list('resource', restApiId)
  const methods = resources.flatMap((resource) => Object.values(resource.resourceMethods ?? {}))
  if (methods.length === 0) throw badRequest(REST_MESSAGES.noMethods)
  if (methods.some((method) => method.methodIntegration === undefined)) throw badRequest(REST_MESSAGES.noIntegration)
}

async function requireDeployment(reader: StoreReader, restApiId: string, deploymentId: string): Promise<Deployment> {
  const deployment = await reader.get('deployment', restApiId, deploymentId)
  if (deployment === undefined) throw notFound(REST_MESSAGES.deploymentNotFound)
  return deployment
}

export async function getDeployment({ deps, params }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  return { status: 200, body: await requireDeployment(deps.store, params.restApiId, params.deploymentId) }
}

export async function getDeployments({ deps, params, query }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  return { status: 200, body: paginate(await deps.store.list('deployment', params.restApiId), query) }
}

/** UpdateDeployment: only `/description` changes; the snapshot itself is immutable. */
const DEPLOYMENT_PATCHES = patchTable<Deployment>({
  refuse: ({ path }, rule) => (rule === undefined ? invalidPatchPath(path) : invalidPatchOperation(rule.ops)),
  rules: [{ path: '/description', ops: ['replace', 'remove'], apply: optionalMember('description') }],
})

export async function updateDeployment({ deps, params, body }: Operation): Promise<Reply> {
  const updated = await patchStored(deps.store, body, {
    inputName: 'updateDeploymentInput',
    patches: DEPLOYMENT_PATCHES,
    read: async (tx) => {
      await requireRestApi(tx, deps.aws, params.restApiId)
      return requireDeployment(tx, params.restApiId, params.deploymentId)
    },
    write: (tx, deployment) => tx.put('deployment', params.restApiId, deployment.id, deployment),
  })
  return { status: 200, body: updated }
}

/**
 * A deployment a stage (or a stage's canary) still serves cannot go
 * (recorded: test_apigateway_common > test_create_delete_deployments > delete-deployment-error-0).
 */
export async function deleteDeployment({ deps, params }: Operation): Promise<Reply> {
  const { restApiId, deploymentId } = params
  await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, restApiId)
    await requireDeployment(tx, restApiId, deploymentId)
    const stages = await tx.list('stage', restApiId)
    if (stages.some((stage) => stage.deploymentId === deploymentId || stage.canarySettings?.deploymentId === deploymentId)) {
      throw badRequest(REST_MESSAGES.deploymentInUse)
    }
    await tx.delete('deployment', restApiId, deploymentId)
    await tx.delete('deployment-snapshot', restApiId, deploymentId)
  })
  return { status: 202 }
}
