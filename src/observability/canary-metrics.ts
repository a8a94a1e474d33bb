import type { Clock } from '../core/clock.ts'

/**
 * What a stage with a canary answered lately, per side: the data plane records every answer of a
 * stage that has `canarySettings`, and `gatehouse canary` reads the summary to decide whether to
 * promote or roll back (beyond AWS, which leaves that to CloudWatch alarms). A sliding time window
 * per stage, in one process's memory; samples of an earlier canary deployment are not counted, so a
 * new canary starts with a clean slate.
 */

export interface CanarySample {
  readonly isCanaryRequest: boolean
  readonly deploymentId: string
  readonly statusCode: number
  readonly latencyMs: number
}

export interface SideSummary {
  readonly deploymentId?: string
  readonly requests: number
  /** Answers with a 5XX status. */
  readonly errors5xx: number
  /** errors5xx / requests, 0 without requests. */
  readonly errorRate5xx: number
  /** The 99th percentile of the latencies (nearest rank), 0 without requests. */
  readonly p99LatencyMs: number
}

export interface CanaryMetricsSummary {
  readonly windowSeconds: number
  readonly canary: SideSummary
  readonly base: SideSummary
}

interface Stamped extends CanarySample {
  readonly at: number
}

/** Enough for p99 to mean something without letting a busy stage grow without bound. */
const MAX_SAMPLES_PER_STAGE = 20_000

export class CanaryMetrics {
  readonly #clock: Clock
  readonly #windowMs: number
  /** `${restApiId}/${stageName}` → samples, oldest first. */
  readonly #stages = new Map<string, Stamped[]>()

  constructor(clock: Clock, windowSeconds = 300) {
    this.#clock = clock
    this.#windowMs = windowSeconds * 1000
  }

  record(restApiId: string, stageName: string, sample: CanarySample): void {
    const key = `${restApiId}/${stageName}`
    let samples = this.#stages.get(key)
    if (samples === undefined) this.#stages.set(key, (samples = []))
    samples.push({ ...sample, at: this.#clock.now() })
    if (samples.length > MAX_SAMPLES_PER_STAGE) samples.splice(0, samples.length - MAX_SAMPLES_PER_STAGE)
  }

  /** The window's answers, the canary's counted only for `canaryDeploymentId` when given. */
  summarize(restApiId: string, stageName: string, canaryDeploymentId?: string): CanaryMetricsSummary {
    const key = `${restApiId}/${stageName}`
    const since = this.#clock.now() - this.#windowMs
    const samples = this.#stages.get(key) ?? []
    const firstInWindow = samples.findIndex((sample) => sample.at > since)
    if (firstInWindow === -1) this.#stages.delete(key)
    else if (firstInWindow > 0) samples.splice(0, firstInWindow)
    const live = firstInWindow === -1 ? [] : samples
    const canary = live.filter((s) => s.isCanaryRequest && (canaryDeploymentId === undefined || s.deploymentId === canaryDeploymentId))
    const base = live.filter((s) => !s.isCanaryRequest)
    return { windowSeconds: this.#windowMs / 1000, canary: summarizeSide(canary, canaryDeploymentId), base: summarizeSide(base) }
  }
}

function summarizeSide(samples: readonly Stamped[], deploymentId?: string): SideSummary {
  const requests = samples.length
  const errors5xx = samples.filter((s) => s.statusCode >= 500 && s.statusCode <= 599).length
  const latencies = samples.map((s) => s.latencyMs).sort((a, b) => a - b)
  const p99LatencyMs = requests === 0 ? 0 : latencies[Math.ceil(0.99 * requests) - 1]
  return {
    deploymentId: deploymentId ?? samples.at(-1)?.deploymentId,
    requests,
    errors5xx,
    errorRate5xx: requests === 0 ? 0 : errors5xx / requests,
    p99LatencyMs,
  }
}
