import { parseQueryString } from '../../../core/query-string.ts'
import type { HttpApiExpressionSources } from '../../../mapping/http-api-expression.ts'
import type { HttpApiCall } from './http-api-call.ts'

/**
 * What an HTTP API's mapping values and identity sources read of one request (developer guide,
 * "Transforming API requests and responses for HTTP APIs"): the request below the stage, the
 * stage's variables, the body and the `$context` variables of "Customizing HTTP API access logs" that a
 * request has by then. `$context.authorizer.claims.<name>` reads a JWT authorizer's claims,
 * `$context.authorizer.<key>` a Lambda authorizer's context.
 */
export function httpApiExpressionSources(call: HttpApiCall, response?: HttpApiExpressionSources['response']): HttpApiExpressionSources {
  return {
    headers: call.rawHeaders,
    query: parseQueryString(call.rawQuery),
    path: call.routePath,
    pathParameters: call.pathParameters,
    stageVariables: call.stageVariables,
    body: call.body,
    context: httpApiContext(call),
    response,
  }
}

function httpApiContext(call: HttpApiCall): Record<string, unknown> {
  const domainName = call.domainName
  return {
    accountId: call.accountId,
    apiId: call.apiId,
    authorizer: contextAuthorizer(call.authorizer),
    domainName,
    domainPrefix: domainName.split('.')[0],
    httpMethod: call.method,
    identity: { sourceIp: call.sourceIp, userAgent: headerOf(call.rawHeaders, 'user-agent') },
    path: call.rawPath,
    protocol: call.protocol,
    requestId: call.requestId,
    requestTimeEpoch: call.timeEpoch,
    routeKey: call.routeKey,
    stage: call.stage,
  }
}

function contextAuthorizer(authorizer: HttpApiCall['authorizer']): Record<string, unknown> | undefined {
  if (authorizer === undefined) return undefined
  const jwt = authorizer.jwt as { claims?: unknown } | undefined
  if (jwt !== undefined) return { claims: jwt.claims }
  const lambda = authorizer.lambda as Record<string, unknown> | null | undefined
  if (lambda !== undefined) return lambda ?? undefined
  return authorizer.iam as Record<string, unknown> | undefined
}

function headerOf(rawHeaders: readonly string[], name: string): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i].toLowerCase() === name) return rawHeaders[i + 1]
  return undefined
}
