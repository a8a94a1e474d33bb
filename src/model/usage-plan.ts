/**
 * UsagePlan and UsagePlanKey, as AWS returns them on the wire
 * (recorded: test_apigateway_common > test_api_key_required_for_methods > create-usage-plan;
 * test_apigateway_common > test_usage_plan_crud).
 * Throttle and quota are stored and returned as given; policies/usage-plan/ enforces them.
 */

export interface ThrottleSettings {
  burstLimit?: number
  rateLimit?: number
}

export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH'

export interface QuotaSettings {
  limit?: number
  offset?: number
  period?: QuotaPeriod
}

/** One API stage a plan covers; `throttle` is per method, keyed `"/{resourcePath}/{httpMethod}"`. */
export interface ApiStage {
  apiId: string
  stage: string
  throttle?: Record<string, ThrottleSettings>
}

export interface UsagePlan {
  id: string
  name: string
  description?: string
  apiStages: ApiStage[]
  throttle?: ThrottleSettings
  quota?: QuotaSettings
  productCode?: string
  tags?: Record<string, string>
  /** When the plan was created (ms, never on the wire): its quota's initial period takes `offset` off the limit. */
  createdAt?: number
}

/**
 * The link between a plan and an API key, stored under the plan. Its wire shape
 * (`{id, name, type, value}`) is read from the key at answer time, so a renamed key shows its new name.
 */
export interface UsagePlanKey {
  /** The API key's id. */
  id: string
  type: 'API_KEY'
}
