import type { QuotaPeriod } from '../../model/usage-plan.ts'

/**
 * Quota periods in UTC (developer guide, "Usage plans": quotas per DAY, WEEK or MONTH). A day starts
 * at 00:00 UTC, a week on Sunday 00:00 UTC (what the older API reference gave offset 0 as), a month
 * on its first day. Each period has a stable id, the counters' key.
 */
export interface QuotaWindow {
  readonly id: string
  readonly startMs: number
  readonly endMs: number
}

const DAY_MS = 86_400_000

/**
 * Every metered request asks for the day and the window it falls in, nearly always the ones the
 * request before it got: the last of each is kept, and only a moment outside it is computed again.
 */
let lastDay = { startMs: 0, endMs: 0, text: '' }
const lastWindows = new Map<QuotaPeriod, QuotaWindow>()

export function utcDay(ms: number): string {
  if (ms >= lastDay.startMs && ms < lastDay.endMs) return lastDay.text
  // Epoch milliseconds have no leap seconds: every UTC day is DAY_MS long.
  const startMs = Math.floor(ms / DAY_MS) * DAY_MS
  const text = new Date(ms).toISOString().slice(0, 10)
  lastDay = { startMs, endMs: startMs + DAY_MS, text }
  return text
}

export function quotaWindow(period: QuotaPeriod, ms: number): QuotaWindow {
  const last = lastWindows.get(period)
  if (last !== undefined && ms >= last.startMs && ms < last.endMs) return last
  const window = computeQuotaWindow(period, ms)
  lastWindows.set(period, window)
  return window
}

function computeQuotaWindow(period: QuotaPeriod, ms: number): QuotaWindow {
  const date = new Date(ms)
  const dayStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())
  switch (period) {
    case 'DAY':
      return { id: `DAY:${utcDay(dayStart)}`, startMs: dayStart, endMs: dayStart + DAY_MS }
    case 'WEEK': {
      const startMs = dayStart - date.getUTCDay() * DAY_MS
      return { id: `WEEK:${utcDay(startMs)}`, startMs, endMs: startMs + 7 * DAY_MS }
    }
    case 'MONTH': {
      const startMs = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)
      return { id: `MONTH:${utcDay(startMs).slice(0, 7)}`, startMs, endMs: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) }
    }
  }
}

/**
 * The quota a period allows: `limit`, less `offset` in the plan's initial period — QuotaSettings.offset
 * is "the number of requests subtracted from the given limit in the initial time period" (API reference).
 */
export function periodLimit(quota: { limit: number; offset?: number; period: QuotaPeriod }, window: QuotaWindow, planCreatedMs: number | undefined): number {
  const initial = planCreatedMs !== undefined && planCreatedMs >= window.startMs && planCreatedMs < window.endMs
  return Math.max(0, quota.limit - (initial ? (quota.offset ?? 0) : 0))
}
