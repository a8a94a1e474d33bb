import { lastValues, parseQueryString } from '../../core/query-string.ts'
import { headerValue } from '../../core/http.ts'
import { formatClfTime } from './clf-time.ts'
import type { HttpApiCaller } from './http-api-caller.ts'
import { isBinaryBody } from './http-api-event-v2.ts'
import { httpApiEventHeaders } from './http-api-event-headers.ts'

/**
 * The Lambda proxy event of HTTP APIs, payload format 1.0 (developer guide, "Working with AWS Lambda
 * proxy integrations for HTTP APIs", its 1.0 example): REST's keys plus `version`, header names
 * lower-case, absent maps `null`, `requestContext.resourceId` null, `resourcePath` the route's path,
 * `authorizer` `{"claims": null, "scopes": null}` without an authorizer. `path` is `rawPath`, so a
 * `$default` stage adds no segment. `resourcePath` and `resource` of the `$default` route are `$default`.
 */
export function buildHttpApiEventV1(caller: HttpApiCaller): Record<string, unknown> {
  const { headers, multiValueHeaders } = httpApiEventHeaders(caller, false)
  const query = parseQueryString(caller.rawQuery)
  const hasQuery = query.size > 0
  const resource = caller.routeKey === '$default' ? '$default' : caller.routeKey.slice(caller.routeKey.indexOf(' ') + 1)
  const binary = caller.body.length > 0 && isBinaryBody(caller)
  return {
    version: '1.0',
    resource,
    path: caller.rawPath,
    httpMethod: caller.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? lastValues(query) : null,
    multiValueQueryStringParameters: hasQuery ? Object.fromEntries(query) : null,
    requestContext: {
      accountId: caller.accountId,
      apiId: caller.apiId,
      authorizer: caller.authorizer ?? { claims: null, scopes: null },
      domainName: caller.domainName,
      domainPrefix: caller.domainName.split('.')[0],
      extendedRequestId: caller.requestId,
      httpMethod: caller.method,
      identity: {
        accessKey: null,
        accountId: null,
        caller: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: caller.sourceIp,
        user: null,
        userAgent: headerValue(caller.rawHeaders, 'user-agent') ?? '',
        userArn: null,
      },
      path: caller.rawPath,
      protocol: caller.protocol,
      requestId: caller.requestId,
      requestTime: formatClfTime(caller.timeEpoch),
      requestTimeEpoch: caller.timeEpoch,
      resourceId: null,
      resourcePath: resource,
      stage: caller.stage,
    },
    pathParameters: Object.keys(caller.pathParameters).length > 0 ? caller.pathParameters : null,
    stageVariables: Object.keys(caller.stageVariables).length > 0 ? caller.stageVariables : null,
    body: caller.body.length === 0 ? null : caller.body.toString(binary ? 'base64' : 'utf8'),
    isBase64Encoded: binary,
  }
}
