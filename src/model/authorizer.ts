/**
 * Authorizer, as AWS returns it (recorded: test_apigateway_basic > test_apigateway_with_custom_authorization_method > authorizer;
 * test_apigateway_import > test_import_with_global_api_key_authorizer > get-authorizers).
 */
export type AuthorizerType = 'TOKEN' | 'REQUEST' | 'COGNITO_USER_POOLS'
export const AUTHORIZER_TYPES: readonly AuthorizerType[] = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS']

export interface Authorizer {
  id: string
  name: string
  type: AuthorizerType
  /** `x-amazon-apigateway-authtype` as imported (`custom`, `oauth2`, `cognito_user_pools`...). */
  authType?: string
  authorizerUri?: string
  authorizerCredentials?: string
  identitySource?: string
  identityValidationExpression?: string
  /** Only when given: imports do not default it (LS test_import_swagger_api > get-authorizers). */
  authorizerResultTtlInSeconds?: number
  providerARNs?: string[]
}
