/**
 * A v2 authorizer of an HTTP API (API reference v2, "Authorizer"): JWT, checked against an OIDC
 * issuer's keys, or REQUEST, a Lambda function with payload format 1.0 or 2.0.
 */
export interface HttpAuthorizer {
  authorizerId: string
  name: string
  authorizerType: 'JWT' | 'REQUEST'
  /** `$request.header.Authorization`, `$request.querystring.x`, `$context.x`, `$stageVariables.x`. */
  identitySource: string[]
  jwtConfiguration?: JwtConfiguration
  authorizerUri?: string
  authorizerCredentialsArn?: string
  authorizerPayloadFormatVersion?: '1.0' | '2.0'
  enableSimpleResponses?: boolean
  authorizerResultTtlInSeconds?: number
  identityValidationExpression?: string
}

export interface JwtConfiguration {
  issuer?: string
  audience?: string[]
}
