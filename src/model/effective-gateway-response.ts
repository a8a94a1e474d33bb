import { DEFAULT_GATEWAY_RESPONSE_TEMPLATE, GATEWAY_RESPONSE_DEFAULTS, type GatewayResponseType } from '../core/gateway-error.ts'
import type { GatewayResponse } from './gateway-response.ts'

/**
 * The gateway response in force for a type (recorded: test_apigateway_api > test_gateway_response_crud,
 * test_update_gateway_response): the API's own customisation, else its
 * family's (DEFAULT_4XX/DEFAULT_5XX) status, parameters and templates, else AWS's default. Shared
 * by GetGatewayResponse(s) and by the data plane, so both always agree.
 */

const compact = <T extends object>(value: T): T => {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key]
  return value
}

/** AWS's own default for a type, ignoring any family customisation (what Put and Update start from). */
export function ownDefault(type: GatewayResponseType): GatewayResponse {
  const status = GATEWAY_RESPONSE_DEFAULTS[type].statusCode
  return compact({
    responseType: type,
    statusCode: status === undefined ? undefined : String(status),
    responseParameters: {},
    responseTemplates: { 'application/json': DEFAULT_GATEWAY_RESPONSE_TEMPLATE },
    defaultResponse: true,
  })
}

/** What GetGatewayResponse(s) shows for a type, given the customised ones. */
export function effectiveResponse(type: GatewayResponseType, customised: ReadonlyMap<string, GatewayResponse>): GatewayResponse {
  const own = customised.get(type)
  if (own !== undefined) return own
  const base = ownDefault(type)
  const family = GATEWAY_RESPONSE_DEFAULTS[type].family
  const inherited = family === type ? undefined : customised.get(family)
  if (inherited === undefined) return base
  return compact({
    ...base,
    statusCode: inherited.statusCode ?? base.statusCode,
    responseParameters: inherited.responseParameters,
    responseTemplates: inherited.responseTemplates,
  })
}

