/**
 * The API Gateway account resource (GetAccount/UpdateAccount): one per gateway. Its throttle is the
 * last token bucket a request passes (developer guide, "Throttle requests to your REST APIs"): 10,000 rps with a 5,000 burst unless changed.
 */
export interface Account {
  cloudwatchRoleArn?: string
  throttleSettings: { burstLimit: number; rateLimit: number }
  features: string[]
  apiKeyVersion: string
}

/** AWS's default account limits (developer guide, "Quotas": 10,000 requests per second, burst 5,000). */
export const DEFAULT_ACCOUNT: Readonly<Account> = {
  throttleSettings: { burstLimit: 5000, rateLimit: 10000.0 },
  features: ['UsagePlans'],
  apiKeyVersion: '4',
}
