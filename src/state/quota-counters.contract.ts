import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { QuotaCounters } from './quota-counters.ts'

/**
 * What every QuotaCounters adapter must do (docs/architecture.md, "State": one contract suite per interface). Each
 * adapter's test calls this with a factory that returns fresh, empty counters.
 */
export function describeQuotaCountersContract(name: string, make: () => QuotaCounters): void {
  describe(`QuotaCounters contract: ${name}`, () => {
    it('counts up to the limit, not one more, per period; days are counted too', async () => {
      const counters = make()
      const results = []
      for (let i = 0; i < 5; i++) results.push(await counters.consume('plan/key', 'DAY:2026-01-01', '2026-01-01', 3))
      assert.deepEqual(results, [true, true, true, false, false])
      assert.equal(await counters.used('plan/key', 'DAY:2026-01-01'), 3)
      assert.equal(await counters.usedOnDay('plan/key', '2026-01-01'), 3)
      assert.equal(await counters.consume('plan/key', 'DAY:2026-01-02', '2026-01-02', 3), true, 'a new period starts from zero')
      assert.equal(await counters.consume('plan/other', 'DAY:2026-01-01', '2026-01-01', 3), true, 'another key has its own count')
    })

    it('lets exactly the limit through when requests race (no check-then-count gap)', async () => {
      const counters = make()
      const results = await Promise.all(Array.from({ length: 20 }, () => counters.consume('race/key', 'DAY:2026-01-01', '2026-01-01', 7)))
      assert.equal(results.filter(Boolean).length, 7)
      assert.equal(await counters.used('race/key', 'DAY:2026-01-01'), 7)
    })

    it('setUsed (UpdateUsage) changes what is left', async () => {
      const counters = make()
      await counters.setUsed('p/k', 'MONTH:2026-01', 9)
      assert.equal(await counters.consume('p/k', 'MONTH:2026-01', '2026-01-05', 10), true)
      assert.equal(await counters.consume('p/k', 'MONTH:2026-01', '2026-01-05', 10), false)
      await counters.setUsed('p/k', 'MONTH:2026-01', -4)
      assert.equal(await counters.used('p/k', 'MONTH:2026-01'), 0)
    })
  })
}
