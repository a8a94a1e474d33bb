import { httpApiEventHeaders } from '../../../integrations/aws-proxy/http-api-event-headers.ts'
import { sendHttpRequest } from '../../../integrations/http/send-http-request.ts'
import { addressOf } from '../../../integrations/http/endpoint-address.ts'
import { compileEndpointUri } from '../../../integrations/http-proxy/endpoint-uri.ts'
import { appendClientQuery, fixedAddressWithQuery } from '../../../integrations/http-proxy/client-query.ts'
import type { HttpIntegration } from '../../../model/v2/integration.ts'
import { httpApiExpressionSources } from '../pipeline/expression-sources.ts'
import type { CompiledHttpIntegration } from './lambda-proxy-integration.ts'
import { compileRequestParameters, type IntegrationRequestDraft } from './request-parameters.ts'
import { preloadBackendClient } from '../../../integrations/http/backend-client.ts'

/** Hop-by-hop headers (RFC 9110 §7.6.1) and those the HTTP client sets itself. */
const NOT_FORWARDED = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'trailer', 'proxy-authorization', 'proxy-authenticate'])

/**
 * HTTP_PROXY on an HTTP API (developer guide, "Working with HTTP proxy integrations for HTTP APIs"):
 * the client's method (or the integration's, unless ANY), headers with API Gateway's
 * `x-forwarded-*` and `x-amzn-trace-id`, query and body go to the URI. `{name}` in the URI takes the
 * route's path variable; a `$default` or greedy route with no variable in its URI appends the request's
 * path below the stage to the URI's (developer guide, "Working with routes for HTTP APIs": the
 * `$default` route gets the full request path). The integration's request parameters then change
 * the request's headers, query string and path. The backend's answer comes back as it is.
 */
export function compileHttpProxyIntegration(integration: HttpIntegration): CompiledHttpIntegration {
  const template = integration.integrationUri ?? ''
  const uri = compileEndpointUri(template)
  preloadBackendClient()
  const hasPathVariables = /\{[^{}/]+\}/.test(template.replace(/\$\{stageVariables\.[A-Za-z0-9_]+\}/g, ''))
  const method = integration.integrationMethod ?? 'ANY'
  const mapRequest = compileRequestParameters(integration.requestParameters)
  // A URI without variables and no parameter mapping goes to the same origin and path for every request
  // that does not append its own path: its address is built without a URL parse (client-query.ts).
  const fixed = mapRequest === undefined ? uri.fixed : undefined
  return async (call, context) => {
    const headers: string[] = []
    const { multiValueHeaders } = httpApiEventHeaders(call, false)
    for (const [name, values] of Object.entries(multiValueHeaders)) {
      if (NOT_FORWARDED.has(name)) continue
      for (const value of values) headers.push(name, value)
    }
    let address = fixed === undefined || call.appendsPath ? undefined : fixedAddressWithQuery(fixed, call.rawQuery)
    let sent = headers
    if (address === undefined) {
      const url = uri.target({ path: call.pathParameters, stageVariables: call.stageVariables }, context.logger)
      if (call.appendsPath && !hasPathVariables) url.pathname = url.pathname.replace(/\/+$/, '') + call.routePath
      appendClientQuery(url, call.rawQuery)
      const draft: IntegrationRequestDraft = { url, headers }
      if (mapRequest !== undefined) mapRequest(draft, httpApiExpressionSources(call))
      address = addressOf(url)
      sent = draft.headers
    }
    return sendHttpRequest(context, {
      address,
      method: method === 'ANY' ? call.method : method,
      headers: sent,
      body: call.body,
      timeoutMs: integration.timeoutInMillis,
      responseHeaderName: framingDropped,
    })
  }
}

/** The backend's framing and connection headers are the gateway's to set on its own answer. */
const FRAMING = new Set(['transfer-encoding', 'keep-alive', 'connection'])
const framingDropped = (name: string): string | undefined => (FRAMING.has(name) ? undefined : name)
