/**
 * Token buckets (developer guide, "Throttle requests to your REST APIs"): a bucket holds at most
 * `burstLimit` tokens and refills at `rateLimit` tokens per second; a request takes one token or is
 * throttled. Shared state behind an interface (docs/architecture.md, "State"): memory in one process
 * or Redis (one atomic script), behind the same contract.
 */
export interface TokenBucketLimits {
  /** Requests per second, steady state. */
  readonly rateLimit: number
  /** The bucket's size: how many requests may arrive at once. */
  readonly burstLimit: number
}

export interface ThrottleCounters {
  /** Takes one token from the bucket named `bucket`: false (nothing taken) when it is empty. */
  take(bucket: string, limits: TokenBucketLimits): Promise<boolean>
  /**
   * Takes one token from each bucket in order, stopping at the first empty one: false then (tokens
   * taken before it stay taken, as separate takes would leave them). A shared adapter does it in one
   * call, so a request's stage and account buckets cost one round trip; without it, `takeEach` below.
   */
  takeEach?(buckets: readonly NamedBucket[]): Promise<boolean>
  /** `takeEach` answered at once, by an adapter that need not wait for anything (memory). */
  takeEachNow?(buckets: readonly NamedBucket[]): boolean
}

export interface NamedBucket {
  readonly name: string
  readonly limits: TokenBucketLimits
}

/** The adapter's own takeEach, else one take after another. */
export async function takeEach(counters: ThrottleCounters, buckets: readonly NamedBucket[]): Promise<boolean> {
  if (counters.takeEach !== undefined) return counters.takeEach(buckets)
  for (const bucket of buckets) if (!(await counters.take(bucket.name, bucket.limits))) return false
  return true
}
