import type { QuotaCounters } from '../quota-counters.ts'

/** Quota counters in this process's memory. Single-threaded, so a check-and-count is atomic. */
export class MemoryQuotaCounters implements QuotaCounters {
  readonly #periods = new Map<string, number>()
  readonly #days = new Map<string, number>()

  async consume(subject: string, period: string, day: string, limit: number): Promise<boolean> {
    return this.consumeNow(subject, period, day, limit)
  }

  async used(subject: string, period: string): Promise<number> {
    return this.usedNow(subject, period)
  }

  /** `consume` without a promise, for the memory usage meter (memory-usage-meter.ts). */
  consumeNow(subject: string, period: string, day: string, limit: number): boolean {
    const periodKey = `${subject}|${period}`
    const used = this.#periods.get(periodKey) ?? 0
    if (used >= limit) return false
    this.#periods.set(periodKey, used + 1)
    const dayKey = `${subject}|${day}`
    this.#days.set(dayKey, (this.#days.get(dayKey) ?? 0) + 1)
    return true
  }

  usedNow(subject: string, period: string): number {
    return this.#periods.get(`${subject}|${period}`) ?? 0
  }

  async setUsed(subject: string, period: string, used: number): Promise<void> {
    this.#periods.set(`${subject}|${period}`, Math.max(0, used))
  }

  async usedOnDay(subject: string, day: string): Promise<number> {
    return this.#days.get(`${subject}|${day}`) ?? 0
  }
}
