import { GATEWAY_MESSAGES, GatewayError } from '../../core/gateway-error.ts'
import type { EndpointResponse } from '../../data-plane/records.ts'
import type { Integration, IntegrationRequest } from '../integration.ts'

/**
 * MOCK (FACTS §7): nothing is called. The rendered request template names the status code —
 * `{"statusCode": 200}` — which then selects the integration response; the body is empty until
 * the response template writes one. A template without `statusCode` (or no template) means 200.
 */
export const MOCK_INTEGRATION: Integration = {
  type: 'MOCK',
  proxy: false,
  async invoke(request: IntegrationRequest): Promise<EndpointResponse> {
    return { statusCode: mockStatusCode(request.body.toString('utf8')), headers: [], body: Buffer.alloc(0) }
  },
}

function mockStatusCode(rendered: string): number {
  if (rendered.trim() === '') return 200
  let parsed: unknown
  try {
    parsed = JSON.parse(rendered)
  } catch {
    // AWS logs "Execution failed due to configuration error" and answers 500.
    throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
  }
  const status = (parsed as { statusCode?: unknown } | null)?.statusCode
  if (status === undefined) return 200
  const code = typeof status === 'number' ? status : Number(status)
  if (!Number.isInteger(code) || code < 100 || code > 599) {
    throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
  }
  return code
}
