import type { Clock } from '../../core/clock.ts'
import { cachedSize, MAX_CACHED_RESPONSE_BYTES, type CachedResponse, type ResponseCache } from '../response-cache.ts'
import { packResponse, unpackResponse } from './packed-response.ts'

interface Entry {
  /** The answer in one buffer (packed-response.ts): what an entry never read again costs the collector. */
  readonly packed: Buffer
  /** The answer as the first read unpacked it, kept: an entry read once is likely read again. */
  response: CachedResponse | undefined
  readonly expiresMs: number
  readonly bytes: number
}

interface Cluster {
  /** Insertion order is recency: a read moves its entry to the end, eviction takes from the front. */
  readonly entries: Map<string, Entry>
  bytes: number
}

/**
 * Response caches in this process's memory, one per cluster (a stage, or a canary that keeps its
 * own). Expired entries are dropped when read; the least recently used go when a put would pass
 * the cluster's size.
 */
export class MemoryResponseCache implements ResponseCache {
  readonly #clock: Clock
  readonly #clusters = new Map<string, Cluster>()

  constructor(clock: Clock) {
    this.#clock = clock
  }

  async get(clusterName: string, key: string): Promise<CachedResponse | undefined> {
    const cluster = this.#clusters.get(clusterName)
    const entry = cluster?.entries.get(key)
    if (cluster === undefined || entry === undefined) return undefined
    cluster.entries.delete(key)
    if (entry.expiresMs <= this.#clock.now()) {
      cluster.bytes -= entry.bytes
      return undefined
    }
    cluster.entries.set(key, entry)
    entry.response ??= unpackResponse(entry.packed)
    return entry.response
  }

  async put(clusterName: string, key: string, response: CachedResponse, ttlSeconds: number, capacityBytes: number): Promise<boolean> {
    let cluster = this.#clusters.get(clusterName)
    if (cluster === undefined) this.#clusters.set(clusterName, (cluster = { entries: new Map(), bytes: 0 }))
    const previous = cluster.entries.get(key)
    if (previous !== undefined) {
      cluster.entries.delete(key)
      cluster.bytes -= previous.bytes
    }
    const bytes = cachedSize(response)
    if (bytes > MAX_CACHED_RESPONSE_BYTES || bytes > capacityBytes || ttlSeconds <= 0) return false
    // Checked before iterating: a put that fits (nearly every one) does not walk the map at all.
    if (cluster.bytes + bytes > capacityBytes) for (const [oldest, entry] of cluster.entries) {
      if (cluster.bytes + bytes <= capacityBytes) break
      cluster.entries.delete(oldest)
      cluster.bytes -= entry.bytes
    }
    // Packed is also a copy: nothing the caller does to its answer afterwards reaches the cache.
    cluster.entries.set(key, { packed: packResponse(response), response: undefined, expiresMs: this.#clock.now() + ttlSeconds * 1000, bytes })
    cluster.bytes += bytes
    return true
  }

  async flush(clusterName: string): Promise<void> {
    this.#clusters.delete(clusterName)
  }
}
