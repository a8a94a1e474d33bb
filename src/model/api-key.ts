/** An API key's value is 20 to 128 characters (recorded: test_apigateway_extended > TestApigatewayApiKeysCrud). */
export const MIN_API_KEY_VALUE_LENGTH = 20
export const MAX_API_KEY_VALUE_LENGTH = 128

/**
 * An ApiKey, as AWS returns it on the wire (recorded: test_apigateway_extended > test_get_api_keys > create-api-key). Account-wide, like REST APIs. `value` is a
 * secret: it leaves the control plane only on CreateApiKey, GetApiKey `includeValue=true`,
 * GetApiKeys `includeValues=true` and the usage-plan-key calls, and is never logged.
 * `stageKeys` are `"{restApiId}/{stageName}"` strings (the pre-usage-plan association, kept for
 * SDK compatibility). Dates are epoch seconds.
 */
export interface ApiKey {
  id: string
  value: string
  /** '' when none was given: AWS then leaves `name` out of its answers (LS test_create_api_key_with_invalid_name). */
  name: string
  description?: string
  enabled: boolean
  customerId?: string
  createdDate: number
  lastUpdatedDate: number
  stageKeys: string[]
  tags?: Record<string, string>
}
