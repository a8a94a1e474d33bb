import type { Clock } from '../../core/clock.ts'
import { cachedSize, MAX_CACHED_RESPONSE_BYTES, type CachedResponse, type ResponseCache } from '../response-cache.ts'
import { ClusterEntries, keyHash } from './cluster-entries.ts'

/**
 * Response caches in this process's memory, one per cluster (a stage, or a canary that keeps its
 * own). Expired entries are dropped when read; the least recently used go when a put would pass
 * the cluster's size. The entries are no objects for the garbage collector (cluster-entries.ts).
 */
export class MemoryResponseCache implements ResponseCache {
  readonly #clock: Clock
  readonly #hash: (key: string) => number
  readonly #clusters = new Map<string, ClusterEntries>()

  /** `hash` is for tests, to make keys collide. */
  constructor(clock: Clock, hash: (key: string) => number = keyHash) {
    this.#clock = clock
    this.#hash = hash
  }

  async get(clusterName: string, key: string): Promise<CachedResponse | undefined> {
    return this.#clusters.get(clusterName)?.get(key, this.#clock.now())
  }

  async put(clusterName: string, key: string, response: CachedResponse, ttlSeconds: number, capacityBytes: number): Promise<boolean> {
    let cluster = this.#clusters.get(clusterName)
    if (cluster === undefined) this.#clusters.set(clusterName, (cluster = new ClusterEntries(this.#hash)))
    cluster.delete(key)
    const size = cachedSize(response)
    if (size > MAX_CACHED_RESPONSE_BYTES || size > capacityBytes || ttlSeconds <= 0) return false
    // Packed is also a copy: nothing the caller does to its answer afterwards reaches the cache.
    cluster.add(key, response, size, this.#clock.now() + ttlSeconds * 1000, capacityBytes)
    return true
  }

  async flush(clusterName: string): Promise<void> {
    this.#clusters.delete(clusterName)
  }
}
