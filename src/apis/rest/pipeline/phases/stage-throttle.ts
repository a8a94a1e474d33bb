import { stageAndAccountBuckets } from '../../../../policies/throttle/stage-throttle.ts'
import type { NamedBucket, ThrottleCounters } from '../../../../state/throttle-counters.ts'
import type { Account } from '../../../../model/account.ts'
import type { RoutedRequest } from '../records.ts'

export interface StageThrottleState {
  readonly throttle: ThrottleCounters
  /** The account's settings as the catalog holds them: `loaded` without waiting once they are read. */
  readonly account: { get(): Promise<Account>; loaded?(): Account | undefined }
}

/**
 * The stage's and the account's token buckets for this request, taken after the usage plan's per-key
 * buckets: AWS applies the most specific limit first (developer guide, "Throttle requests to your REST APIs": usage plan per method, usage plan,
 * stage `res/VERB`, stage `*\/*`, account). request-limits.ts takes them.
 */
export async function stageThrottleBuckets(request: RoutedRequest, state: StageThrottleState): Promise<NamedBucket[]> {
  return bucketsWithAccount(request, await state.account.get())
}

/** The same buckets, the account's settings in hand. */
export function bucketsWithAccount(request: RoutedRequest, account: Account): NamedBucket[] {
  const { served, method } = request
  const settings = served.settings.forMethod(method.resourcePath, method.httpMethod)
  return stageAndAccountBuckets({
    restApiId: served.restApiId,
    stageName: served.stageName,
    method: settings === undefined
      ? undefined
      : { key: settings.key, rateLimit: settings.setting.throttlingRateLimit, burstLimit: settings.setting.throttlingBurstLimit },
    account,
  })
}
