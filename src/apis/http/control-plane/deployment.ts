import { optionalString } from '../../operations/input.ts'
import type { Handler } from '../../operations/operation.ts'
import { paginateV2 } from '../../operations/v2-paging.ts'
import { deployApi } from './deploy-api.ts'
import { isoNow, requireHttpApi, requireStage } from './lookups.ts'
import { V2_MESSAGES } from './messages.ts'

/**
 * Deployments (API reference v2, "Deployments"). CreateDeployment with `StageName` points that stage
 * at the new deployment; a deployment a stage serves cannot be deleted.
 */
export const createDeployment: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const stageName = optionalString(body, 'stageName')
    const stage = stageName === undefined ? undefined : await requireStage(tx, deps, params.apiId, stageName)
    const deployment = await deployApi(tx, deps, params.apiId, { autoDeployed: false, description: optionalString(body, 'description') })
    if (stage !== undefined) await tx.put('v2-stage', params.apiId, stage.stageName, { ...stage, deploymentId: deployment.deploymentId, lastUpdatedDate: isoNow(deps) })
    return { status: 201, body: deployment }
  })

export const getDeployment: Handler = async ({ deps, params }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  const deployment = await deps.store.get('v2-deployment', params.apiId, params.deploymentId)
  if (deployment === undefined) throw V2_MESSAGES.deploymentNotFound(deps.aws.accountId, params.deploymentId)
  return { status: 200, body: deployment }
}

export const getDeployments: Handler = async ({ deps, params, query }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  return { status: 200, body: paginateV2(await deps.store.list('v2-deployment', params.apiId), query) }
}

export const deleteDeployment: Handler = async ({ deps, params }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    if ((await tx.get('v2-deployment', params.apiId, params.deploymentId)) === undefined) {
      throw V2_MESSAGES.deploymentNotFound(deps.aws.accountId, params.deploymentId)
    }
    const stages = await tx.list('v2-stage', params.apiId)
    if (stages.some((stage) => stage.deploymentId === params.deploymentId)) throw V2_MESSAGES.deploymentInUse()
    await tx.delete('v2-deployment', params.apiId, params.deploymentId)
    await tx.delete('v2-deployment-snapshot', params.apiId, params.deploymentId)
    return { status: 204 }
  })
