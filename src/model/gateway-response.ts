import type { GatewayResponseType } from '../core/gateway-error.ts'

/** GatewayResponse as AWS returns it (recorded: test_apigateway_api > test_gateway_response_crud). Only customised ones are stored. */
export interface GatewayResponse {
  responseType: GatewayResponseType
  statusCode?: string
  responseParameters: Record<string, string>
  responseTemplates: Record<string, string>
  defaultResponse: boolean
}
