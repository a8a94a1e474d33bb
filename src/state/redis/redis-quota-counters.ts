import type { QuotaCounters } from '../quota-counters.ts'
import type { GatehouseRedis } from './redis-client.ts'
import { dayKey, periodKey, USAGE_TTL_SECONDS } from './redis-keys.ts'

/**
 * Quota counters shared by every gateway on one Redis: one counter per key, plan and period, one per
 * UTC day. The check and the count are one script, so N racing gateways let exactly `limit` through.
 */
export class RedisQuotaCounters implements QuotaCounters {
  readonly #client: GatehouseRedis

  constructor(client: GatehouseRedis) {
    this.#client = client
  }

  async consume(subject: string, period: string, day: string, limit: number): Promise<boolean> {
    return (await this.#client.gatehouseConsume(periodKey(subject, period), dayKey(subject, day), limit, USAGE_TTL_SECONDS)) === 1
  }

  async used(subject: string, period: string): Promise<number> {
    return Number((await this.#client.get(periodKey(subject, period))) ?? 0)
  }

  async setUsed(subject: string, period: string, used: number): Promise<void> {
    await this.#client.set(periodKey(subject, period), Math.max(0, Math.floor(used)), 'EX', USAGE_TTL_SECONDS)
  }

  async usedOnDay(subject: string, day: string): Promise<number> {
    return Number((await this.#client.get(dayKey(subject, day))) ?? 0)
  }
}
