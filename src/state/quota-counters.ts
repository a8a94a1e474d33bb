/**
 * Usage-plan quota counters (developer guide, "Usage plans"): requests counted per key and plan in
 * the quota's period, and per UTC day for GetUsage. Shared state behind an interface (docs/architecture.md,
 * "State"): memory in one process or Redis (period-keyed counters), behind the same contract.
 */
export interface QuotaCounters {
  /**
   * Counts one request for `subject` in `period` (and in `day`) unless `period` already holds
   * `limit`: true when counted, false (nothing counted) when the quota is used up.
   */
  consume(subject: string, period: string, day: string, limit: number): Promise<boolean>
  /** Requests counted for `subject` in `period`. */
  used(subject: string, period: string): Promise<number>
  /** UpdateUsage: sets what `period` has used (so that `limit - used` remains). */
  setUsed(subject: string, period: string, used: number): Promise<void>
  /** Requests counted for `subject` on one UTC day (`YYYY-MM-DD`). */
  usedOnDay(subject: string, day: string): Promise<number>
}
