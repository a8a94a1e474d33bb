import { newId } from '../../../core/ids.ts'
import type { HttpDeployment } from '../../../model/v2/deployment.ts'
import { ACCOUNT_SCOPE, type StoreTransaction } from '../../../store/store.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import type { ManagementDeps } from '../../operations/operation.ts'
import { isoNow } from './lookups.ts'
import { V2_MESSAGES } from './messages.ts'

/**
 * Freezes the API's routes, integrations, authorizers, models and CORS settings as a new deployment, inside the caller's transaction:
 * later edits change nothing a stage serves until the next deployment (developer guide, "Working with
 * stages for HTTP APIs").
 */
export async function deployApi(tx: StoreTransaction, deps: ManagementDeps, apiId: string, options: { autoDeployed: boolean; description?: string }): Promise<HttpDeployment> {
  const [api, routes, integrations, authorizers, models] = await Promise.all([
    tx.get('v2-api', ACCOUNT_SCOPE, apiId), tx.list('v2-route', apiId), tx.list('v2-integration', apiId), tx.list('v2-authorizer', apiId), tx.list('v2-model', apiId),
  ])
  if (routes.length === 0) throw V2_MESSAGES.noRoutes()
  const deployment: HttpDeployment = {
    deploymentId: '',
    deploymentStatus: 'DEPLOYED',
    autoDeployed: options.autoDeployed,
    createdDate: isoNow(deps),
    ...(options.description === undefined ? {} : { description: options.description }),
  }
  deployment.deploymentId = await allocateId(() => newId(6), (id) => tx.insert('v2-deployment', apiId, id, { ...deployment, deploymentId: id }))
  await tx.put('v2-deployment-snapshot', apiId, deployment.deploymentId, {
    apiId,
    routes,
    integrations,
    authorizers,
    ...(api?.corsConfiguration === undefined ? {} : { corsConfiguration: api.corsConfiguration }),
    // Only WebSocket APIs have models (API reference v2, "Models").
    ...(models.length === 0 ? {} : { models }),
  })
  return deployment
}

/**
 * AutoDeploy (API reference v2, "Stage": "Specifies whether updates to an API automatically trigger
 * a new deployment"): after a change to routes or integrations, every stage that has it gets one new
 * deployment. An API left without routes keeps what its stages serve.
 */
export async function autoDeploy(tx: StoreTransaction, deps: ManagementDeps, apiId: string): Promise<void> {
  const stages = (await tx.list('v2-stage', apiId)).filter((stage) => stage.autoDeploy)
  if (stages.length === 0) return
  if ((await tx.list('v2-route', apiId)).length === 0) return
  const deployment = await deployApi(tx, deps, apiId, { autoDeployed: true })
  for (const stage of stages) {
    await tx.put('v2-stage', apiId, stage.stageName, { ...stage, deploymentId: deployment.deploymentId, lastUpdatedDate: deployment.createdDate })
  }
}
