/** Authorizer, as AWS returns it (FACTS §10.1; LS test_apigateway_import > get-authorizers). */
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
