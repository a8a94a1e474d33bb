/**
 * A stage's response cache (developer guide, "Cache settings for REST APIs"): endpoint responses
 * kept for their method's TTL, under a key built from the request, in a cluster of bounded size.
 * Shared state behind an interface (docs/architecture.md, "State"): memory in one process (least recently
 * used entries evicted past the cluster's size) or Redis (SET with PX, one hash per cluster), behind the
 * same contract.
 */

/** One cached answer, as the gateway sends it (request ids are added per request, never cached). */
export interface CachedResponse {
  readonly statusCode: number
  readonly headers: readonly (readonly [string, string])[]
  readonly body: Buffer
}

/** AWS: "The maximum size of a response that can be cached is 1048576 bytes." */
export const MAX_CACHED_RESPONSE_BYTES = 1_048_576

export interface ResponseCache {
  /** The live entry under `key` in `cluster`, or undefined (never one past its TTL). */
  get(cluster: string, key: string): Promise<CachedResponse | undefined>
  /**
   * Stores `response` for `ttlSeconds` in a cluster of at most `capacityBytes`; false (nothing
   * stored, any older entry under the key dropped) when it is larger than MAX_CACHED_RESPONSE_BYTES.
   */
  put(cluster: string, key: string, response: CachedResponse, ttlSeconds: number, capacityBytes: number): Promise<boolean>
  /** FlushStageCache: every entry of the cluster gone. */
  flush(cluster: string): Promise<void>
}

/** The bytes an entry counts against its cluster and the 1 MB limit: body plus header text. */
export function cachedSize(response: CachedResponse): number {
  let size = response.body.length
  for (const [name, value] of response.headers) size += name.length + value.length
  return size
}
