import { GATEWAY_MESSAGES, GatewayError } from '../core/gateway-error.ts'
import type { IntegrationType } from '../model/integration.ts'
import { compileParameterSource, type ParameterReader, type ParameterSources } from './parameter-source.ts'

/**
 * An integration's `requestParameters` (`integration.request.{path|querystring|header}.X` ← source),
 * compiled at deploy time. Headers API Gateway will not let a mapping set fail the call with 500
 * (recorded: test_apigateway_integrations > test_apigateway_header_remapping_http, test_apigateway_header_remapping_aws): Content-Length and Transfer-Encoding for every type, and for Lambda integrations
 * also Authorization, Connection, Expect, Proxy-Authenticate and TE; HTTP integrations silently
 * drop mapped Connection, Expect, Proxy-Authenticate, TE and Via.
 */
export type MappingLocation = 'path' | 'querystring' | 'header'

export interface MappedParameters {
  readonly path: Record<string, string>
  readonly querystring: Record<string, string>
  readonly header: Record<string, string>
}

export interface CompiledRequestParameters {
  apply(sources: ParameterSources): MappedParameters
  /** True when there is nothing to map nor refuse: `apply` would answer empty maps whatever the sources. */
  readonly none: boolean
}

const TARGET = /^integration\.request\.(path|querystring|header)\.(.+)$/
const REFUSED_ALWAYS = new Set(['content-length', 'transfer-encoding'])
const REFUSED_FOR_LAMBDA = new Set(['authorization', 'connection', 'expect', 'proxy-authenticate', 'te'])
const DROPPED_FOR_HTTP = new Set(['connection', 'expect', 'proxy-authenticate', 'te', 'via'])

export function compileRequestParameters(
  requestParameters: Readonly<Record<string, string>> | undefined,
  type: IntegrationType,
): CompiledRequestParameters {
  const mappings: { location: MappingLocation; name: string; read: ParameterReader }[] = []
  let refused = false
  const lambda = type === 'AWS' || type === 'AWS_PROXY'
  for (const [target, source] of Object.entries(requestParameters ?? {})) {
    const match = TARGET.exec(target)
    if (match === null) continue
    const location = match[1] as MappingLocation
    const name = match[2]
    if (location === 'header') {
      const lower = name.toLowerCase()
      if (REFUSED_ALWAYS.has(lower) || (lambda && REFUSED_FOR_LAMBDA.has(lower))) refused = true
      if (!lambda && DROPPED_FOR_HTTP.has(lower)) continue
    }
    mappings.push({ location, name, read: compileParameterSource(source) })
  }
  return {
    none: mappings.length === 0 && !refused,
    apply(sources) {
      if (refused) throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
      const mapped: MappedParameters = { path: {}, querystring: {}, header: {} }
      for (const mapping of mappings) {
        const value = mapping.read(sources)
        if (value !== undefined) mapped[mapping.location][mapping.name] = value
      }
      return mapped
    },
  }
}
