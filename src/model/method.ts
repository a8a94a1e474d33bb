import type { Integration } from './integration.ts'

/** Method and MethodResponse, as AWS returns them (recorded: test_apigateway_api > test_method_lifecycle). */
export const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY'] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]

export type AuthorizationType = 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'COGNITO_USER_POOLS'

export interface MethodResponse {
  statusCode: string
  responseParameters?: Record<string, boolean>
  responseModels?: Record<string, string>
}

export interface Method {
  httpMethod: HttpMethod
  authorizationType: AuthorizationType
  authorizerId?: string
  apiKeyRequired: boolean
  requestValidatorId?: string
  operationName?: string
  requestParameters?: Record<string, boolean>
  requestModels?: Record<string, string>
  authorizationScopes?: string[]
  methodResponses?: Record<string, MethodResponse>
  methodIntegration?: Integration
}
