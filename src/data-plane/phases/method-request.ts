import type { AwsEnvironment } from '../../core/aws-environment.ts'
import { buildRequestContext } from '../context-variables.ts'
import { methodRequestHeaders } from '../method-request-headers.ts'
import { parseQueryString } from '../query-string.ts'
import type { MethodRequest, RoutedRequest } from '../records.ts'

/**
 * Method Request: what API Gateway makes of the client's request before any integration sees it.
 * The policies AWS runs here (resource policy, authorizer, API key, throttling, validation, cache)
 * join this phase, in AWS's order, with the issues that bring them.
 */
export function methodRequest(routed: RoutedRequest, aws: AwsEnvironment, localPort: string): MethodRequest {
  const headers = methodRequestHeaders(routed.http.rawHeaders, {
    traceId: routed.ids.traceId,
    sourceIp: routed.http.sourceIp,
    port: localPort,
    proto: 'http',
  })
  const request: MethodRequest = {
    ...routed,
    headers,
    query: parseQueryString(routed.rawQuery),
    requestContext: buildRequestContext(routed, aws),
  }
  // Request validation (issue 4 item 6): AWS validates in Method Request; throws its 400s.
  routed.method.validate?.(request)
  return request
}
