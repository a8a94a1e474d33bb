/** A stage's settings for its routes (API reference v2, "RouteSettings"): `DefaultRouteSettings`, or one route's in `RouteSettings`. */
export interface HttpRouteSettings {
  detailedMetricsEnabled?: boolean
  throttlingBurstLimit?: number
  throttlingRateLimit?: number
  dataTraceEnabled?: boolean
  loggingLevel?: 'ERROR' | 'INFO' | 'OFF'
}
