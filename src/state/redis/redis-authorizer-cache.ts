import type { Clock } from '../../core/clock.ts'
import type { AuthorizerCache, AuthorizerCacheKey } from '../authorizer-cache.ts'
import type { GatehouseRedis } from './redis-client.ts'
import { authorizerGenerationKey } from './redis-keys.ts'

/**
 * Authorizer results shared by every gateway on one Redis. Redis expires an entry after its TTL; the
 * stored expiry is also checked against the gateway's clock, which tests inject.
 */
export class RedisAuthorizerCache implements AuthorizerCache {
  readonly #client: GatehouseRedis
  readonly #clock: Clock

  constructor(client: GatehouseRedis, clock: Clock) {
    this.#client = client
    this.#clock = clock
  }

  async get(key: AuthorizerCacheKey): Promise<unknown> {
    const json = await this.#client.gatehouseAuthorizerGet(authorizerGenerationKey(key.restApiId, key.stageName), entryName(key))
    if (json === null) return undefined
    const entry = JSON.parse(json) as { value: unknown; expiresAt: number }
    return entry.expiresAt <= this.#clock.now() ? undefined : entry.value
  }

  async set(key: AuthorizerCacheKey, value: unknown, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return
    const json = JSON.stringify({ value, expiresAt: this.#clock.now() + ttlMs })
    await this.#client.gatehouseAuthorizerSet(authorizerGenerationKey(key.restApiId, key.stageName), entryName(key), json, Math.ceil(ttlMs))
  }

  async flushStage(restApiId: string, stageName: string): Promise<void> {
    await this.#client.incr(authorizerGenerationKey(restApiId, stageName))
  }
}

const entryName = (key: AuthorizerCacheKey): string => JSON.stringify([key.authorizerId, key.identity])
