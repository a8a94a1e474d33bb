/** An HTTP API's CORS settings (API reference v2, "Cors"). */
export interface CorsConfiguration {
  allowOrigins?: string[]
  allowMethods?: string[]
  allowHeaders?: string[]
  exposeHeaders?: string[]
  maxAge?: number
  allowCredentials?: boolean
}
