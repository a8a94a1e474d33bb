import { GATEWAY_MESSAGES, GatewayError } from '../../core/gateway-error.ts'
import { EMPTY_BODY } from '../../core/http.ts'
import type { EndpointResponse } from '../endpoint-response.ts'
import type { Integration, IntegrationRequest } from '../integration.ts'

/**
 * MOCK (recorded: test_apigateway_basic > test_mock_integration_response): nothing is called. The rendered request template names the status code —
 * `{"statusCode": 200}` — which then selects the integration response; the body is empty until
 * the response template writes one. Without a status code (no template, an empty or unparsable
 * one) AWS fails the call: "Execution failed due to configuration error: Unable to parse
 * statusCode. It should be an integer that is defined in the request template." (500; as LocalStack implements it);
 * AWS CDK's CORS preflight template `{ statusCode: 200 }` (an unquoted key) works on AWS (LocalStack accepts it for that reason).
 */
export const MOCK_INTEGRATION: Integration = {
  type: 'MOCK',
  proxy: false,
  async invoke(request: IntegrationRequest): Promise<EndpointResponse> {
    return { statusCode: mockStatusCode(request.body.toString('utf8')), headers: [], body: EMPTY_BODY }
  },
}

/** `"statusCode": 200`, `statusCode: 200` or `'statusCode': '200'` where the text is no strict JSON. */
const LOOSE_STATUS_CODE = /(?:^|[{,\s])["']?statusCode["']?\s*:\s*["']?(\d+)["']?\s*(?:[,}]|$)/

/** A method's request template renders the same text for nearly every request: the last one read is kept. */
let lastRead = { rendered: '', status: Number.NaN }

function mockStatusCode(rendered: string): number {
  if (rendered !== lastRead.rendered) lastRead = { rendered, status: Number(readStatusCode(rendered)) }
  const status = lastRead.status
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
  }
  return status
}

function readStatusCode(rendered: string): unknown {
  try {
    const parsed: unknown = JSON.parse(rendered)
    return parsed !== null && typeof parsed === 'object' ? (parsed as { statusCode?: unknown }).statusCode : undefined
  } catch {
    return LOOSE_STATUS_CODE.exec(rendered)?.[1]
  }
}
