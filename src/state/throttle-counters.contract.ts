import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../core/clock.ts'
import { takeEach, type ThrottleCounters } from './throttle-counters.ts'

/**
 * What every ThrottleCounters adapter must do (docs/architecture.md, "State": one contract suite per interface). Each
 * adapter's test calls this with a factory that returns fresh, empty buckets on the given clock.
 */
export function describeThrottleCountersContract(name: string, make: (clock: ManualClock) => ThrottleCounters): void {
  describe(`ThrottleCounters contract: ${name}`, () => {
    it('allows a full burst at once, then refills at rateLimit per second', async () => {
      const clock = new ManualClock()
      const buckets = make(clock)
      const limits = { rateLimit: 2, burstLimit: 3 }
      const burst = await Promise.all([1, 2, 3, 4].map(() => buckets.take('k', limits)))
      assert.deepEqual(burst, [true, true, true, false])
      clock.advance(499)
      assert.equal(await buckets.take('k', limits), false, 'less than one token after 0.499 s at 2/s')
      clock.advance(1)
      assert.equal(await buckets.take('k', limits), true)
      clock.advance(60_000)
      const refilled = await Promise.all([1, 2, 3, 4].map(() => buckets.take('k', limits)))
      assert.deepEqual(refilled, [true, true, true, false], 'never more than burstLimit tokens')
    })

    it('keeps one bucket per name', async () => {
      const buckets = make(new ManualClock())
      assert.equal(await buckets.take('a', { rateLimit: 1, burstLimit: 1 }), true)
      assert.equal(await buckets.take('a', { rateLimit: 1, burstLimit: 1 }), false)
      assert.equal(await buckets.take('b', { rateLimit: 1, burstLimit: 1 }), true)
    })

    it('50 rps with burst 10, offered 100 rps for 10 s: lets through 10 + 50 × 10 within ±5%', async () => {
      const clock = new ManualClock()
      const buckets = make(clock)
      let allowed = 0
      for (let i = 0; i < 1000; i++) {
        if (await buckets.take('k', { rateLimit: 50, burstLimit: 10 })) allowed++
        clock.advance(10)
      }
      const expected = 10 + 50 * 10
      assert.ok(Math.abs(allowed - expected) <= expected * 0.05, `allowed ${allowed}, expected about ${expected}`)
    })

    it('takeEach takes from every bucket in order, stopping at the first empty one (one call on a shared adapter)', async () => {
      const clock = new ManualClock()
      const buckets = make(clock)
      const stage = { name: 'stage', limits: { rateLimit: 1, burstLimit: 3 } }
      const account = { name: 'account', limits: { rateLimit: 1, burstLimit: 2 } }
      assert.deepEqual([await takeEach(buckets, [stage, account]), await takeEach(buckets, [stage, account]), await takeEach(buckets, [stage, account])], [true, true, false])
      // The third took the stage's last token before the account's bucket refused it, as two takes would.
      assert.equal(await buckets.take('stage', stage.limits), false)
      clock.advance(1000)
      assert.equal(await takeEach(buckets, [account, stage]), true)
      assert.equal(await takeEach(buckets, []), true)
    })

    it('a zero burst throttles everything', async () => {
      const buckets = make(new ManualClock())
      assert.equal(await buckets.take('k', { rateLimit: 100, burstLimit: 0 }), false)
    })
  })
}
