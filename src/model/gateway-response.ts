import type { GatewayResponseType } from '../core/gateway-error.ts'

/** GatewayResponse as AWS returns it (FACTS §3.1). Only customised ones are stored. */
export interface GatewayResponse {
  responseType: GatewayResponseType
  statusCode?: string
  responseParameters: Record<string, string>
  responseTemplates: Record<string, string>
  defaultResponse: boolean
}
