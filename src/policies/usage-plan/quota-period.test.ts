import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { periodLimit, quotaWindow, utcDay } from './quota-period.ts'

describe('quota periods (UTC)', () => {
  const at = Date.UTC(2026, 10, 25, 23, 59, 59) // Wednesday 25 November 2026
  it('DAY runs from 00:00 UTC to the next midnight', () => {
    assert.deepEqual(quotaWindow('DAY', at), { id: 'DAY:2026-11-25', startMs: Date.UTC(2026, 10, 25), endMs: Date.UTC(2026, 10, 26) })
    assert.equal(quotaWindow('DAY', Date.UTC(2026, 10, 26)).id, 'DAY:2026-11-26')
  })
  it('WEEK starts on Sunday', () => {
    assert.deepEqual(quotaWindow('WEEK', at), { id: 'WEEK:2026-11-22', startMs: Date.UTC(2026, 10, 22), endMs: Date.UTC(2026, 10, 29) })
    assert.equal(quotaWindow('WEEK', Date.UTC(2026, 10, 22)).id, 'WEEK:2026-11-22')
    assert.equal(quotaWindow('WEEK', Date.UTC(2026, 10, 21, 23, 59)).id, 'WEEK:2026-11-15')
  })
  it('MONTH is the calendar month, across the year end too', () => {
    assert.deepEqual(quotaWindow('MONTH', at), { id: 'MONTH:2026-11', startMs: Date.UTC(2026, 10, 1), endMs: Date.UTC(2026, 11, 1) })
    assert.equal(quotaWindow('MONTH', Date.UTC(2026, 11, 31, 12)).endMs, Date.UTC(2027, 0, 1))
  })
  it('offset is taken off the limit only in the plan\'s initial period', () => {
    const quota = { limit: 10, offset: 4, period: 'DAY' as const }
    assert.equal(periodLimit(quota, quotaWindow('DAY', at), at - 1000), 6)
    assert.equal(periodLimit(quota, quotaWindow('DAY', at + 1000), at - 1000), 10)
    assert.equal(periodLimit(quota, quotaWindow('DAY', at), undefined), 10)
  })
  it('utcDay', () => assert.equal(utcDay(at), '2026-11-25'))
  it('the day and window kept from the last call are never answered for a moment outside them, back or forth', () => {
    const moments = [at, at + 1, Date.UTC(2026, 10, 26), at, Date.UTC(2026, 10, 25), Date.UTC(2026, 10, 25) - 1, Date.UTC(1969, 11, 31, 12), at]
    for (const ms of moments) {
      assert.equal(utcDay(ms), new Date(ms).toISOString().slice(0, 10), String(ms))
      const day = quotaWindow('DAY', ms)
      assert.ok(day.startMs <= ms && ms < day.endMs && day.id === `DAY:${utcDay(day.startMs)}`, String(ms))
      const month = quotaWindow('MONTH', ms)
      assert.ok(month.startMs <= ms && ms < month.endMs, String(ms))
    }
  })
})
