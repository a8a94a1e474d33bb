import { GATEWAY_MESSAGES, GatewayError } from '../../../../core/gateway-error.ts'
import { headerValue } from '../../../../core/http.ts'
import type { Logger } from '../../../../core/logger.ts'
import type { ApiKeyIndex } from '../../../../policies/api-key/api-key-index.ts'
import type { MethodRequest } from '../records.ts'

/**
 * The API-key step of Method Request (after the authorizer, before validation). A method with
 * `apiKeyRequired` needs a key — from `x-api-key`, or from the authorizer's `usageIdentifierKey` when
 * the API's `apiKeySource` is `AUTHORIZER` (recorded: test_apigateway_common > test_api_key_required_for_methods)
 * — that exists, is enabled and belongs to a usage
 * plan covering this API and stage. Anything else is `403 {"message":"Forbidden"}`, gateway response
 * INVALID_API_KEY, `x-amzn-ErrorType: ForbiddenException` (the 403 is in the same recording; body and header
 * are AWS's as widely reported). A key that passes fills
 * `$context.identity.apiKey` / `apiKeyId` (and the proxy event's `requestContext.identity`;
 * sample event: powertools-ts/apigw-rest/console-test-ui.json).
 *
 * The key value is never logged: a refusal logs only the reason and, for a known key, its id.
 */
export async function checkApiKey(request: MethodRequest, index: ApiKeyIndex, logger: Logger): Promise<MethodRequest> {
  if (request.method.method.apiKeyRequired !== true) return request
  const source = request.served.deployment.restApi.apiKeySource
  const value = source === 'AUTHORIZER' ? request.authorizer?.usageIdentifierKey : headerValue(request.http.rawHeaders, 'x-api-key')
  if (value === undefined || value === '') throw forbidden()
  const verdict = index.checkNow(value, request.served.restApiId, request.served.stageName) ?? (await index.check(value, request.served.restApiId, request.served.stageName))
  if (!verdict.ok) {
    logger.debug({ requestId: request.ids.requestId, reason: verdict.reason, apiKeySource: source }, 'API key refused')
    throw forbidden()
  }
  const { apiKeyId, usagePlan } = verdict.match
  return {
    ...request,
    apiKey: { id: apiKeyId, usagePlan },
    requestContext: {
      ...request.requestContext,
      identity: { ...request.requestContext.identity, apiKey: value, apiKeyId },
    },
  }
}

const forbidden = (): GatewayError => new GatewayError('INVALID_API_KEY', GATEWAY_MESSAGES.forbidden)
