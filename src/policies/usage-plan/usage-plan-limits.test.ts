import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../core/clock.ts'
import type { UsagePlan } from '../../model/usage-plan.ts'
import { MemoryQuotaCounters } from '../../state/memory/memory-quota-counters.ts'
import { MemoryThrottleCounters } from '../../state/memory/memory-throttle-counters.ts'
import { meterUsage, type MeteredRequest } from './usage-plan-limits.ts'

const start = Date.UTC(2026, 0, 1, 12)

function setup(plan: UsagePlan) {
  const clock = new ManualClock(start)
  const state = { throttle: new MemoryThrottleCounters(clock), quota: new MemoryQuotaCounters(), clock }
  const request = (resourcePath = '/pets', httpMethod = 'GET', apiKeyId = 'key1'): MeteredRequest =>
    ({ usagePlan: plan, apiKeyId, restApiId: 'api', stageName: 'prod', resourcePath, httpMethod })
  const run = async (count: number, req = request()) => {
    const verdicts = []
    for (let i = 0; i < count; i++) verdicts.push(await meterUsage(req, state))
    return verdicts
  }
  return { clock, state, request, run }
}

describe('meterUsage: a usage plan\'s throttle and quota per key', () => {
  it('throttles per key with the plan\'s bucket', async () => {
    const { clock, run, request } = setup({ id: 'p', name: 'p', apiStages: [{ apiId: 'api', stage: 'prod' }], throttle: { rateLimit: 1, burstLimit: 2 } })
    assert.deepEqual(await run(3), ['allowed', 'allowed', 'throttled'])
    assert.deepEqual(await run(1, request('/pets', 'GET', 'key2')), ['allowed'], 'each key has its own bucket')
    clock.advance(1000)
    assert.deepEqual(await run(2), ['allowed', 'throttled'])
  })

  it('a per-method throttle in apiStages replaces the plan\'s for that method', async () => {
    const { run, request } = setup({
      id: 'p', name: 'p', throttle: { rateLimit: 100, burstLimit: 100 },
      apiStages: [{ apiId: 'api', stage: 'prod', throttle: { '/pets/GET': { rateLimit: 1, burstLimit: 1 }, '/GET': { rateLimit: 1, burstLimit: 2 } } }],
    })
    assert.deepEqual(await run(2), ['allowed', 'throttled'])
    assert.deepEqual(await run(3, request('/', 'GET')), ['allowed', 'allowed', 'throttled'], 'the root method\'s key is /GET')
    assert.deepEqual(await run(3, request('/pets', 'POST')), ['allowed', 'allowed', 'allowed'], 'other methods use the plan\'s bucket')
  })

  it('counts the quota per period, refuses past it, and starts again in the next period; throttled requests use none', async () => {
    const { clock, run } = setup({
      id: 'p', name: 'p', apiStages: [], throttle: { rateLimit: 1, burstLimit: 2 }, quota: { limit: 3, offset: 0, period: 'DAY' },
    })
    assert.deepEqual(await run(3), ['allowed', 'allowed', 'throttled'])
    clock.advance(1000)
    assert.deepEqual(await run(1), ['allowed'])
    clock.advance(5000)
    assert.deepEqual(await run(2), ['quota-exceeded', 'quota-exceeded'])
    clock.set(Date.UTC(2026, 0, 2))
    assert.deepEqual(await run(1), ['allowed'])
  })

  it('offset takes requests off the initial period only (QuotaSettings.offset)', async () => {
    const { clock, run } = setup({ id: 'p', name: 'p', apiStages: [], quota: { limit: 3, offset: 2, period: 'WEEK' }, createdAt: start })
    assert.deepEqual(await run(2), ['allowed', 'quota-exceeded'])
    clock.set(Date.UTC(2026, 0, 4)) // the next Sunday
    assert.deepEqual(await run(4), ['allowed', 'allowed', 'allowed', 'quota-exceeded'])
  })

  it('a plan with neither throttle nor quota lets everything through', async () => {
    const { run } = setup({ id: 'p', name: 'p', apiStages: [] })
    assert.deepEqual(await run(3), ['allowed', 'allowed', 'allowed'])
  })
})
