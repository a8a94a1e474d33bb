/**
 * Token buckets (developer guide, "Throttle requests to your REST APIs"): a bucket holds at most
 * `burstLimit` tokens and refills at `rateLimit` tokens per second; a request takes one token or is
 * throttled. Shared state behind an interface (DESIGN §2): memory in one process; a Redis adapter
 * (one atomic script) can join behind the same contract.
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
}
