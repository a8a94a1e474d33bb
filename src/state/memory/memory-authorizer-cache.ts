import type { Clock } from '../../core/clock.ts'
import type { AuthorizerCache, AuthorizerCacheKey } from '../authorizer-cache.ts'

/** Bounds memory: past this many entries the oldest is dropped, whatever its TTL. */
const MAX_ENTRIES = 10_000

/** The one-process AuthorizerCache. Expiry reads the injected clock, so tests move time by hand. */
export class MemoryAuthorizerCache implements AuthorizerCache {
  readonly #clock: Clock
  /** stage key → entry key → entry */
  readonly #stages = new Map<string, Map<string, { value: unknown; expiresAt: number }>>()
  #size = 0

  constructor(clock: Clock) {
    this.#clock = clock
  }

  async get(key: AuthorizerCacheKey): Promise<unknown> {
    const entries = this.#stages.get(stageKey(key.restApiId, key.stageName))
    const id = entryKey(key)
    const entry = entries?.get(id)
    if (entry === undefined) return undefined
    if (entry.expiresAt <= this.#clock.now()) {
      entries!.delete(id)
      this.#size--
      return undefined
    }
    return entry.value
  }

  async set(key: AuthorizerCacheKey, value: unknown, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return
    const stage = stageKey(key.restApiId, key.stageName)
    let entries = this.#stages.get(stage)
    if (entries === undefined) this.#stages.set(stage, (entries = new Map()))
    const id = entryKey(key)
    if (!entries.has(id)) this.#size++
    entries.set(id, { value, expiresAt: this.#clock.now() + ttlMs })
    if (this.#size > MAX_ENTRIES) this.#evictOne()
  }

  async flushStage(restApiId: string, stageName: string): Promise<void> {
    const key = stageKey(restApiId, stageName)
    this.#size -= this.#stages.get(key)?.size ?? 0
    this.#stages.delete(key)
  }

  #evictOne(): void {
    for (const entries of this.#stages.values()) {
      const oldest = entries.keys().next()
      if (oldest.done !== true) {
        entries.delete(oldest.value)
        this.#size--
        return
      }
    }
  }
}

const stageKey = (restApiId: string, stageName: string): string => `${restApiId}\u0000${stageName}`
const entryKey = (key: AuthorizerCacheKey): string => JSON.stringify([key.authorizerId, key.identity])
