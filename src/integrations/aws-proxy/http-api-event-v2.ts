import { headerValue, mediaType } from '../../core/http.ts'
import { parseQueryString } from '../../core/query-string.ts'
import { formatClfTime } from './clf-time.ts'
import type { HttpApiCaller } from './http-api-caller.ts'
import { httpApiEventHeaders, requestCookies } from './http-api-event-headers.ts'

/**
 * The Lambda proxy event of HTTP APIs, payload format 2.0 (developer guide, "Working with AWS Lambda
 * proxy integrations for HTTP APIs"; sample events: powertools-ts/apigw-http/no-auth.json,
 * lambda-rust-runtime/apigw_v2_proxy_request_minimal.json). Keys in the order the captures show;
 * what is empty is absent, not null: no `cookies`, `queryStringParameters`, `pathParameters`,
 * `stageVariables` or `body` key unless there is one. Repeated headers and query keys are joined by
 * commas; `rawPath` keeps the named stage's prefix, `routeKey` never has it.
 */
export function buildHttpApiEventV2(caller: HttpApiCaller): Record<string, unknown> {
  const { headers } = httpApiEventHeaders(caller, true)
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: caller.routeKey,
    rawPath: caller.rawPath,
    rawQueryString: caller.rawQuery,
  }
  const cookies = requestCookies(caller.rawHeaders)
  if (cookies !== undefined) event.cookies = cookies
  event.headers = headers
  const query = parseQueryString(caller.rawQuery)
  if (query.size > 0) event.queryStringParameters = Object.fromEntries([...query].map(([key, values]) => [key, values.join(',')]))
  event.requestContext = {
    accountId: caller.accountId,
    apiId: caller.apiId,
    // After apiId, as the captures behind an authorizer show (sample events: powertools-ts/apigw-http/jwt-authorizer-auth.json, lambda-authorizer-auth.json).
    ...(caller.authorizer === undefined ? {} : { authorizer: caller.authorizer }),
    domainName: caller.domainName,
    domainPrefix: caller.domainName.split('.')[0],
    http: {
      method: caller.method,
      path: caller.rawPath,
      protocol: caller.protocol,
      sourceIp: caller.sourceIp,
      userAgent: headerValue(caller.rawHeaders, 'user-agent') ?? '',
    },
    requestId: caller.requestId,
    routeKey: caller.routeKey,
    stage: caller.stage,
    time: formatClfTime(caller.timeEpoch),
    timeEpoch: caller.timeEpoch,
  }
  const binary = isBinaryBody(caller)
  if (caller.body.length > 0) event.body = caller.body.toString(binary ? 'base64' : 'utf8')
  if (Object.keys(caller.pathParameters).length > 0) event.pathParameters = caller.pathParameters
  event.isBase64Encoded = caller.body.length > 0 && binary
  if (Object.keys(caller.stageVariables).length > 0) event.stageVariables = caller.stageVariables
  return event
}

const TEXT_TYPES = new Set(['application/json', 'application/xml', 'application/javascript'])

/**
 * HTTP APIs have no binaryMediaTypes: a body is passed as text only for `text/*`, `application/json`,
 * `application/xml` and `application/javascript`; any other type, a form post and a body without a
 * Content-Type included, is base64-encoded (checked on a real HTTP API: ministackorg/ministack#766;
 * an `application/octet-stream` capture in floci-io/floci#2172).
 */
export function isBinaryBody(caller: HttpApiCaller): boolean {
  const type = mediaType(headerValue(caller.rawHeaders, 'content-type'))
  if (type === undefined) return true
  return !(type.startsWith('text/') || TEXT_TYPES.has(type))
}
