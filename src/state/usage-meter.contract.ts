import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../core/clock.ts'
import type { QuotaCounters } from './quota-counters.ts'
import type { ThrottleCounters } from './throttle-counters.ts'
import type { UsageMeter } from './usage-meter.ts'

/** A meter and the counters it counts in, so a test can look at what a verdict left taken. */
export interface MeteredState {
  readonly meter: UsageMeter
  readonly throttle: ThrottleCounters
  readonly quota: QuotaCounters
}

/**
 * What every UsageMeter adapter must do (docs/architecture.md, "State"): the plan's bucket, the quota, then the stage's
 * and the account's buckets in one call, in that order (usage-meter.ts). `make` returns fresh state.
 */
export function describeUsageMeterContract(name: string, make: (clock: ManualClock) => MeteredState): void {
  describe(`UsageMeter contract: ${name}`, () => {
    const plan = { name: 'plan/key', limits: { rateLimit: 1, burstLimit: 2 } }
    const quota = (limit: number) => ({ subject: 'plan/key', period: 'DAY:2026-01-01', day: '2026-01-01', limit })
    const stage = (burstLimit: number) => ({ name: 'stage:api/prod/*/*', limits: { rateLimit: 1, burstLimit } })
    const account = { name: 'account', limits: { rateLimit: 10_000, burstLimit: 5_000 } }

    it('a request that passes every bucket takes a token from each and is counted once', async () => {
      const state = make(new ManualClock())
      assert.equal(await state.meter.meter({ bucket: plan, quota: quota(5), after: [stage(1), account] }), 'allowed')
      assert.equal(await state.quota.used('plan/key', 'DAY:2026-01-01'), 1)
      assert.equal(await state.quota.usedOnDay('plan/key', '2026-01-01'), 1)
      assert.equal(await state.throttle.take(stage(1).name, stage(1).limits), false, 'the stage bucket gave its only token')
      assert.equal(await state.throttle.take(plan.name, plan.limits), true, 'the plan bucket gave one of its two')
      assert.equal(await state.throttle.take(plan.name, plan.limits), false)
    })

    it('the plan\'s bucket refuses first: throttled, no quota counted, no stage token taken', async () => {
      const state = make(new ManualClock())
      const empty = { name: 'plan/key', limits: { rateLimit: 1, burstLimit: 0 } }
      assert.equal(await state.meter.meter({ bucket: empty, quota: quota(5), after: [stage(1), account] }), 'throttled')
      assert.equal(await state.quota.used('plan/key', 'DAY:2026-01-01'), 0)
      assert.equal(await state.throttle.take(stage(1).name, stage(1).limits), true, 'the shared stage bucket is untouched')
    })

    it('a used-up quota: Limit Exceeded, and the stage\'s and account\'s buckets untouched', async () => {
      const state = make(new ManualClock())
      assert.equal(await state.meter.meter({ quota: quota(1), after: [stage(2), account] }), 'allowed')
      assert.equal(await state.meter.meter({ quota: quota(1), after: [stage(2), account] }), 'quota-exceeded')
      assert.equal(await state.throttle.take(stage(2).name, stage(2).limits), true, 'one of two stage tokens left')
      assert.equal(await state.throttle.take(stage(2).name, stage(2).limits), false)
      assert.equal(await state.quota.used('plan/key', 'DAY:2026-01-01'), 1)
    })

    it('the stage\'s bucket refuses: throttled, the plan\'s token spent, no quota used (usage-meter.ts says why)', async () => {
      const state = make(new ManualClock())
      const verdicts = []
      for (let i = 0; i < 3; i++) verdicts.push(await state.meter.meter({ bucket: plan, quota: quota(5), after: [stage(1), account] }))
      assert.deepEqual(verdicts, ['allowed', 'throttled', 'throttled'], 'stage burst 1, then plan burst 2 used up')
      assert.equal(await state.quota.used('plan/key', 'DAY:2026-01-01'), 1)
      assert.equal(await state.quota.usedOnDay('plan/key', '2026-01-01'), 1)
    })

    it('the account\'s bucket after the stage\'s: the stage token taken before it stays taken', async () => {
      const state = make(new ManualClock())
      const noAccount = { name: 'account', limits: { rateLimit: 1, burstLimit: 0 } }
      assert.equal(await state.meter.meter({ quota: quota(5), after: [stage(2), noAccount] }), 'throttled')
      assert.equal(await state.quota.used('plan/key', 'DAY:2026-01-01'), 0)
      assert.equal(await state.throttle.take(stage(2).name, stage(2).limits), true)
      assert.equal(await state.throttle.take(stage(2).name, stage(2).limits), false)
    })

    it('only buckets after (a key without a throttle or quota): they alone decide', async () => {
      const clock = new ManualClock()
      const state = make(clock)
      assert.deepEqual([await state.meter.meter({ after: [stage(1)] }), await state.meter.meter({ after: [stage(1)] })], ['allowed', 'throttled'])
      clock.advance(1000)
      assert.equal(await state.meter.meter({ after: [stage(1)] }), 'allowed')
      assert.equal(await state.meter.meter({}), 'allowed')
    })

    it('a quota of N with the stage refusing some: exactly N requests allowed, refusals never counted', async () => {
      const clock = new ManualClock()
      const state = make(clock)
      const verdicts = []
      for (let i = 0; i < 20; i++) {
        verdicts.push(await state.meter.meter({ quota: quota(4), after: [stage(1), account] }))
        if (i % 2 === 1) clock.advance(1000) // one stage token a second, two requests each second
      }
      assert.equal(verdicts.filter((v) => v === 'allowed').length, 4, verdicts.join())
      // The quota is checked before the stage's bucket: once it is used up, Limit Exceeded, even with the bucket empty.
      assert.equal(verdicts.slice(0, 8).join(), 'allowed,throttled,allowed,throttled,allowed,throttled,allowed,quota-exceeded')
      assert.ok(verdicts.slice(7).every((v) => v === 'quota-exceeded'), verdicts.join())
    })
  })
}
