import type { Account } from '../../model/account.ts'
import type { NamedBucket } from '../../state/throttle-counters.ts'

/**
 * The stage and account token buckets (developer guide, "Throttle requests to your REST
 * APIs"), after a usage plan's: the stage's method settings for this method (its own `res/VERB` entry,
 * else the stage's `*\/*`) — one bucket per method per stage, shared by every caller — then the
 * account's bucket, shared by every API. A request must find a token in each.
 */

export interface StageThrottleRequest {
  readonly restApiId: string
  readonly stageName: string
  /** The method's settings key (`pets/{id}/GET`) and its throttle, when the stage has settings for it. */
  readonly method?: { readonly key: string; readonly rateLimit: number; readonly burstLimit: number }
  readonly account: Account
}

/** The account bucket's name: one per gateway (or per shared state, with a shared adapter). */
export const ACCOUNT_BUCKET = 'account'

export const stageBucket = (restApiId: string, stageName: string, key: string): string => `stage:${restApiId}/${stageName}/${key}`

/** The buckets a request takes a token from, in order: the stage's (when it has settings for the method), the account's. */
export function stageAndAccountBuckets(request: StageThrottleRequest): NamedBucket[] {
  const { method } = request
  const buckets: NamedBucket[] = []
  if (method !== undefined) {
    buckets.push({ name: stageBucket(request.restApiId, request.stageName, method.key), limits: { rateLimit: method.rateLimit, burstLimit: method.burstLimit } })
  }
  buckets.push({ name: ACCOUNT_BUCKET, limits: request.account.throttleSettings })
  return buckets
}
