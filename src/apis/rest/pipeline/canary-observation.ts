import type { Clock } from '../../../core/clock.ts'
import type { CanaryMetrics } from '../../../observability/canary-metrics.ts'
import type { ServedStage } from '../stage-registry.ts'

/**
 * Records one answer of a stage that has a canary — which side served it, its status and how long
 * it took — for `gatehouse canary`'s automatic promotion or rollback. Stages without a canary cost
 * one property check.
 */
export function observeCanary(
  metrics: CanaryMetrics | undefined, served: ServedStage | undefined, statusCode: number, startedMs: number, clock: Clock,
): void {
  if (metrics === undefined || served === undefined || served.stage.canarySettings === undefined) return
  metrics.record(served.restApiId, served.stageName, {
    isCanaryRequest: served.isCanaryRequest,
    deploymentId: served.deployment.deploymentId,
    statusCode,
    latencyMs: clock.now() - startedMs,
  })
}
