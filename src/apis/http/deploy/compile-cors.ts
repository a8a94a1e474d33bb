import { headerValue } from '../../../core/http.ts'
import type { CorsConfiguration } from '../../../model/v2/cors-configuration.ts'

export interface CompiledCors {
  /** A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`): the gateway's own answer. */
  isPreflight(method: string, headers: readonly string[]): boolean
  preflight(headers: readonly string[]): [string, string][]
  /** The CORS headers any other answer gets when its request's `Origin` is allowed. */
  actual(headers: readonly string[]): [string, string][]
}

/**
 * An HTTP API's CORS (developer guide, "Configuring CORS for an HTTP API"): API Gateway answers
 * preflights itself and adds the configured headers to every answer, ignoring the backend's own
 * `access-control-*` headers. `allowOrigins` → `Access-Control-Allow-Origin` (the request's origin
 * echoed when it matches, `*` for a wildcard without credentials), `allowCredentials`,
 * `exposeHeaders`, `maxAge`, `allowMethods`, `allowHeaders` → their headers. A request whose origin
 * does not match gets none (as widely reported; no recording).
 */
export function compileCors(cors: CorsConfiguration): CompiledCors {
  const origins = (cors.allowOrigins ?? []).map((origin) => origin.toLowerCase().replace(/\/$/, ''))
  const anyOrigin = origins.includes('*')
  const allowOrigin = (headers: readonly string[]): string | undefined => {
    const origin = headerValue(headers, 'origin')
    if (origin === undefined) return undefined
    if (anyOrigin) return cors.allowCredentials === true ? origin : '*'
    return origins.includes(origin.toLowerCase()) ? origin : undefined
  }
  const common = (origin: string): [string, string][] => {
    const out: [string, string][] = [['access-control-allow-origin', origin]]
    if (cors.allowCredentials === true) out.push(['access-control-allow-credentials', 'true'])
    if (!anyOrigin || cors.allowCredentials === true) out.push(['vary', 'Origin'])
    return out
  }
  const methods = (cors.allowMethods ?? []).join(',')
  const allowHeaders = (cors.allowHeaders ?? []).join(',')
  const expose = (cors.exposeHeaders ?? []).join(',')
  return {
    isPreflight: (method, headers) => method === 'OPTIONS' && headerValue(headers, 'origin') !== undefined && headerValue(headers, 'access-control-request-method') !== undefined,
    preflight(headers) {
      const origin = allowOrigin(headers)
      if (origin === undefined) return []
      const out = common(origin)
      if (methods !== '') out.push(['access-control-allow-methods', methods])
      // A `*` allows whatever the preflight asks for.
      const requested = headerValue(headers, 'access-control-request-headers')
      if (allowHeaders !== '') out.push(['access-control-allow-headers', allowHeaders === '*' && requested !== undefined ? requested : allowHeaders])
      if (cors.maxAge !== undefined) out.push(['access-control-max-age', String(cors.maxAge)])
      return out
    },
    actual(headers) {
      const origin = allowOrigin(headers)
      if (origin === undefined) return []
      const out = common(origin)
      if (expose !== '') out.push(['access-control-expose-headers', expose])
      return out
    },
  }
}
