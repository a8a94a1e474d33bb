import type { Clock } from '../../core/clock.ts'
import { cachedSize, MAX_CACHED_RESPONSE_BYTES, type CachedResponse, type ResponseCache } from '../response-cache.ts'
import type { GatehouseRedis } from './redis-client.ts'
import { responseCacheGenerationKey } from './redis-keys.ts'

const NEWLINE = 0x0a

/**
 * Stage response caches shared by every gateway on one Redis: entries with Redis TTLs, the cluster's
 * size kept by one script per put (least recently used out first), a hit one script too. An entry is
 * its status, headers and expiry as one JSON line, then the body bytes as they are; the expiry is also
 * checked against the gateway's clock, which tests inject.
 */
export class RedisResponseCache implements ResponseCache {
  readonly #client: GatehouseRedis
  readonly #clock: Clock

  constructor(client: GatehouseRedis, clock: Clock) {
    this.#client = client
    this.#clock = clock
  }

  async get(cluster: string, key: string): Promise<CachedResponse | undefined> {
    const stored = await this.#client.gatehouseCacheGetBuffer(responseCacheGenerationKey(cluster), key)
    if (stored === null) return undefined
    const end = stored.indexOf(NEWLINE)
    const head = JSON.parse(stored.subarray(0, end).toString()) as { statusCode: number; headers: [string, string][]; expiresMs: number }
    if (head.expiresMs <= this.#clock.now()) return undefined
    return { statusCode: head.statusCode, headers: head.headers, body: Buffer.from(stored.subarray(end + 1)) }
  }

  async put(cluster: string, key: string, response: CachedResponse, ttlSeconds: number, capacityBytes: number): Promise<boolean> {
    const bytes = cachedSize(response)
    const generation = responseCacheGenerationKey(cluster)
    if (bytes > MAX_CACHED_RESPONSE_BYTES || bytes > capacityBytes || ttlSeconds <= 0) {
      // Nothing stored, and the older entry under the key dropped (as the memory cache does).
      await this.#client.gatehouseCachePut(generation, key, '', 0, 1, capacityBytes, 0)
      return false
    }
    const ttlMs = Math.ceil(ttlSeconds * 1000)
    const head = JSON.stringify({ statusCode: response.statusCode, headers: response.headers, expiresMs: this.#clock.now() + ttlMs })
    const entry = Buffer.concat([Buffer.from(head), Buffer.from([NEWLINE]), response.body])
    return (await this.#client.gatehouseCachePut(generation, key, entry, bytes, ttlMs, capacityBytes, 1)) === 1
  }

  async flush(cluster: string): Promise<void> {
    await this.#client.incr(responseCacheGenerationKey(cluster))
  }
}
