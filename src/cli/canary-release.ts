import { systemClock, type Clock } from '../core/clock.ts'
import { resolveApiId } from './export.ts'
import { callGatewayJson, ManagementCallError } from './management-client.ts'

/**
 * `gatehouse canary`'s release: a canary deployment on the stage (CreateDeployment with
 * `canarySettings`, as AWS does it), watched through Gatehouse's canary-metrics route, then rolled
 * back (`remove /canarySettings`) as soon as the canary's 5XX rate or p99 latency crosses its
 * threshold, or promoted (AWS's copy operations; recorded: test_apigateway_canary > test_update_stage_with_copy_ops) once it has run for `durationSeconds`
 * without doing so. Clock and sleep are injected so tests never wait.
 */

export interface CanaryThresholds {
  /** Roll back above this share of 5XX answers on the canary, in percent. */
  readonly max5xxPercent: number
  /** Roll back when the canary's p99 latency is above this many milliseconds (no limit when absent). */
  readonly maxP99Ms?: number
  /** No verdict on fewer canary answers than this; at the end, fewer is a rollback (nothing was shown). */
  readonly minRequests: number
}

export interface CanaryReleaseOptions extends CanaryThresholds {
  readonly endpointUrl: string
  readonly api: string
  readonly stage: string
  readonly percent: number
  readonly description?: string
  readonly stageVariableOverrides?: Readonly<Record<string, string>>
  /** How long the canary must stay healthy before it is promoted. */
  readonly durationSeconds: number
  /** Seconds between two looks at the metrics. */
  readonly intervalSeconds: number
}

export interface CanaryReleaseIo {
  readonly clock: Clock
  readonly sleep: (ms: number) => Promise<void>
  readonly log: (line: string) => void
}

export interface CanaryOutcome {
  readonly outcome: 'promoted' | 'rolled-back'
  readonly restApiId: string
  readonly deploymentId: string
  readonly reason: string
}

interface SideMetrics {
  readonly requests: number
  readonly errors5xx: number
  readonly errorRate5xx: number
  readonly p99LatencyMs: number
}

interface StageMetrics {
  readonly deploymentId: string
  readonly canarySettings?: { readonly deploymentId?: string }
  readonly canary: SideMetrics
  readonly base: SideMetrics
}

export const REAL_IO: CanaryReleaseIo = {
  clock: systemClock,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  log: (line) => console.log(line),
}

/** Why the canary must go, or undefined while it is within its thresholds. */
export function judgeCanary(canary: SideMetrics, thresholds: CanaryThresholds): string | undefined {
  if (canary.requests < Math.max(thresholds.minRequests, 1)) return undefined
  const percent = canary.errorRate5xx * 100
  if (percent > thresholds.max5xxPercent) {
    return `5XX rate ${percent.toFixed(1)} % (${canary.errors5xx} of ${canary.requests}) is above ${thresholds.max5xxPercent} %`
  }
  if (thresholds.maxP99Ms !== undefined && canary.p99LatencyMs > thresholds.maxP99Ms) {
    return `p99 latency ${canary.p99LatencyMs} ms is above ${thresholds.maxP99Ms} ms`
  }
  return undefined
}

export async function runCanaryRelease(options: CanaryReleaseOptions, io: CanaryReleaseIo = REAL_IO): Promise<CanaryOutcome> {
  if (!(options.percent >= 0 && options.percent <= 100)) throw new ManagementCallError(`--percent must be between 0 and 100, not ${options.percent}`)
  const restApiId = await resolveApiId(options.endpointUrl, options.api)
  const stagePath = `/restapis/${encodeURIComponent(restApiId)}/stages/${encodeURIComponent(options.stage)}`
  const json = { 'content-type': 'application/json' }
  const patch = (patchOperations: unknown[]) =>
    callGatewayJson(options.endpointUrl, stagePath, { method: 'PATCH', headers: json, body: JSON.stringify({ patchOperations }) })

  const deployment = await callGatewayJson<{ id: string }>(options.endpointUrl, `/restapis/${encodeURIComponent(restApiId)}/deployments`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      stageName: options.stage,
      description: options.description,
      canarySettings: { percentTraffic: options.percent, stageVariableOverrides: options.stageVariableOverrides },
    }),
  })
  const deploymentId = deployment.id
  io.log(`Canary deployment ${deploymentId} on stage ${options.stage}: ${options.percent} % of the traffic`)

  const started = io.clock.now()
  const finish = async (outcome: CanaryOutcome['outcome'], reason: string): Promise<CanaryOutcome> => {
    if (outcome === 'rolled-back') {
      await patch([{ op: 'remove', path: '/canarySettings' }])
      io.log(`Rolled back: ${reason}. Stage ${options.stage} serves its previous deployment only.`)
    } else {
      await patch([
        { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
        { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
        { op: 'replace', path: '/canarySettings/percentTraffic', value: '0.0' },
      ])
      await patch([{ op: 'remove', path: '/canarySettings' }])
      io.log(`Promoted: ${reason}. Stage ${options.stage} now serves deployment ${deploymentId}.`)
    }
    return { outcome, restApiId, deploymentId, reason }
  }

  for (;;) {
    await io.sleep(options.intervalSeconds * 1000)
    const metrics = await callGatewayJson<StageMetrics>(options.endpointUrl, `/_gatehouse${stagePath}/canary-metrics`)
    if (metrics.canarySettings?.deploymentId !== deploymentId) {
      throw new ManagementCallError(`the canary on stage ${options.stage} was changed by someone else (now ${metrics.canarySettings?.deploymentId ?? 'none'}): stopping`)
    }
    const { canary } = metrics
    io.log(`canary ${deploymentId}: ${canary.requests} requests, ${(canary.errorRate5xx * 100).toFixed(1)} % 5XX, p99 ${canary.p99LatencyMs} ms`)
    const verdict = judgeCanary(canary, options)
    if (verdict !== undefined) return finish('rolled-back', verdict)
    if (io.clock.now() - started >= options.durationSeconds * 1000) {
      if (canary.requests < options.minRequests) {
        return finish('rolled-back', `only ${canary.requests} canary requests in ${options.durationSeconds} s, fewer than ${options.minRequests}`)
      }
      return finish('promoted', `healthy for ${options.durationSeconds} s (${canary.requests} canary requests)`)
    }
  }
}
