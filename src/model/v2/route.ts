/** A v2 route (API reference v2, "Route"): a route key and the integration it targets (`integrations/<id>`). */
export interface HttpRoute {
  routeId: string
  routeKey: string
  target?: string
  authorizationType: 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'JWT'
  apiKeyRequired: boolean
  apiGatewayManaged?: boolean
  operationName?: string
}
