import type { CorsConfiguration } from './cors-configuration.ts'

/**
 * An API Gateway v2 API as it travels on the wire (API reference v2, "Api"): the `apigatewayv2`
 * rest-json protocol names its members in camelCase (`apiId`, `protocolType`). Gatehouse serves
 * `ProtocolType: HTTP`; WEBSOCKET APIs will share this shape.
 */
export interface HttpApi {
  apiId: string
  name: string
  protocolType: 'HTTP' | 'WEBSOCKET'
  apiEndpoint: string
  apiKeySelectionExpression: string
  routeSelectionExpression: string
  /** ISO 8601, as `__timestampIso8601` members travel. */
  createdDate: string
  description?: string
  disableExecuteApiEndpoint: boolean
  disableSchemaValidation?: boolean
  version?: string
  tags?: Record<string, string>
  corsConfiguration?: CorsConfiguration
}
