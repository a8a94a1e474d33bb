import { headerValue, mediaType } from '../../core/http.ts'
import { eventHeaders } from '../../mapping/event-headers.ts'
import { lastValues } from '../../core/query-string.ts'
import type { CallerRequest } from '../caller-request.ts'
import { matchesBinaryMediaType } from '../binary-media-types.ts'

/**
 * The Lambda proxy event, payload format 1.0 (recorded: test_apigateway_lambda > test_lambda_aws_proxy_integration): every top-level key always present, absent
 * data as `null` (never `{}`), headers in the client's casing with the last value winning and every
 * value in `multiValueHeaders`, the path kept percent-encoded, the query form-decoded.
 * `requestParameters` are not applied to it (recorded: test_apigateway_lambda > test_lambda_aws_proxy_integration_request_data_mapping).
 */
export function buildProxyEvent(request: CallerRequest, body: Buffer): Record<string, unknown> {
  // AWS leaves Content-Length out of the event even when the client sent a body: the POST in
  // recording test_apigateway_lambda > test_lambda_aws_proxy_integration > invocation-payload-with-params-encoding-multi
  // carried `{"message": "hello world"}` with Content-Length 26, and the event's headers have no Content-Length.
  const { headers, multiValueHeaders } = eventHeaders(request.headers, 'content-length')
  const hasHeaders = Object.keys(headers).length > 0
  const hasQuery = request.query.size > 0
  const variables = request.served.stageVariables
  const binary = body.length > 0 &&
    matchesBinaryMediaType(request.served.deployment.binaryMediaTypes, mediaType(headerValue(request.headers, 'content-type')))
  return {
    resource: request.method.resourcePath,
    path: request.path,
    httpMethod: request.http.method,
    headers: hasHeaders ? headers : null,
    multiValueHeaders: hasHeaders ? multiValueHeaders : null,
    queryStringParameters: hasQuery ? lastValues(request.query) : null,
    multiValueQueryStringParameters: hasQuery ? Object.fromEntries(request.query) : null,
    pathParameters: Object.keys(request.pathParameters).length > 0 ? request.pathParameters : null,
    stageVariables: Object.keys(variables).length > 0 ? variables : null,
    requestContext: request.requestContext,
    body: body.length === 0 ? null : binary ? body.toString('base64') : body.toString('utf8'),
    isBase64Encoded: binary,
  }
}
