/** A v2 route (API reference v2, "Route"): a route key and the integration it targets (`integrations/<id>`). */
export interface HttpRoute {
  routeId: string
  routeKey: string
  target?: string
  authorizationType: 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'JWT'
  apiKeyRequired: boolean
  /** The authorizer of a JWT or CUSTOM route. */
  authorizerId?: string
  /** The scopes a JWT route asks for: the token must hold one of them. */
  authorizationScopes?: string[]
  apiGatewayManaged?: boolean
  operationName?: string
}
