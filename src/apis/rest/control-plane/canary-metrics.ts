import { requireRestApi } from './lookups.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { requireStage } from './stage.ts'

/**
 * GET /_gatehouse/restapis/{restApiId}/stages/{stageName}/canary-metrics — Gatehouse's own, beyond
 * AWS: the stage's deployment and canary settings with what each side answered in the last window
 * (5XX count and rate, p99 latency), the canary counted only for its current deployment.
 * `gatehouse canary` polls it to promote or roll back.
 */
export async function getCanaryMetrics({ deps, params }: Operation): Promise<Reply> {
  const { restApiId, stageName } = params
  await requireRestApi(deps.store, deps.aws, restApiId)
  const stage = await requireStage(deps.store, restApiId, stageName)
  const canaryDeploymentId = stage.canarySettings?.deploymentId
  const empty = { requests: 0, errors5xx: 0, errorRate5xx: 0, p99LatencyMs: 0 }
  const metrics = deps.canaryMetrics?.summarize(restApiId, stageName, canaryDeploymentId) ??
    { windowSeconds: 0, canary: { deploymentId: canaryDeploymentId, ...empty }, base: empty }
  return { status: 200, body: { deploymentId: stage.deploymentId, canarySettings: stage.canarySettings, ...metrics } }
}
