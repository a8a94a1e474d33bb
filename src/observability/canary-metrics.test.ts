import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../core/clock.ts'
import { CanaryMetrics } from './canary-metrics.ts'

describe('CanaryMetrics: a sliding window of a stage\'s answers, per side', () => {
  const sample = (isCanaryRequest: boolean, statusCode: number, latencyMs = 10, deploymentId = isCanaryRequest ? 'canary1' : 'base1') =>
    ({ isCanaryRequest, deploymentId, statusCode, latencyMs })

  it('counts requests and 5XX answers (not 4XX) per side, with their rate', () => {
    const metrics = new CanaryMetrics(new ManualClock(), 60)
    for (const status of [200, 500, 503, 404, 200]) metrics.record('api', 'prod', sample(true, status))
    metrics.record('api', 'prod', sample(false, 502))
    const summary = metrics.summarize('api', 'prod', 'canary1')
    assert.deepEqual(summary.canary, { deploymentId: 'canary1', requests: 5, errors5xx: 2, errorRate5xx: 0.4, p99LatencyMs: 10 })
    assert.deepEqual(summary.base, { deploymentId: 'base1', requests: 1, errors5xx: 1, errorRate5xx: 1, p99LatencyMs: 10 })
    assert.equal(summary.windowSeconds, 60)
    assert.equal(metrics.summarize('api', 'other').canary.requests, 0)
  })

  it('p99 is the nearest-rank 99th percentile of the latencies', () => {
    const metrics = new CanaryMetrics(new ManualClock())
    for (let ms = 1; ms <= 200; ms++) metrics.record('api', 'prod', sample(true, 200, ms))
    assert.equal(metrics.summarize('api', 'prod').canary.p99LatencyMs, 198)
  })

  it('forgets answers older than the window (injected clock)', () => {
    const clock = new ManualClock()
    const metrics = new CanaryMetrics(clock, 60)
    metrics.record('api', 'prod', sample(true, 500))
    clock.advance(30_000)
    metrics.record('api', 'prod', sample(true, 200))
    assert.equal(metrics.summarize('api', 'prod').canary.requests, 2)
    clock.advance(30_001)
    assert.deepEqual(metrics.summarize('api', 'prod').canary, { deploymentId: 'canary1', requests: 1, errors5xx: 0, errorRate5xx: 0, p99LatencyMs: 10 })
    clock.advance(60_000)
    assert.equal(metrics.summarize('api', 'prod').canary.requests, 0)
  })

  it('counts only the current canary deployment\'s answers', () => {
    const metrics = new CanaryMetrics(new ManualClock())
    metrics.record('api', 'prod', sample(true, 500, 10, 'old-canary'))
    metrics.record('api', 'prod', sample(true, 200, 10, 'new-canary'))
    assert.equal(metrics.summarize('api', 'prod', 'new-canary').canary.errors5xx, 0)
    assert.equal(metrics.summarize('api', 'prod', 'old-canary').canary.errors5xx, 1)
  })
})
