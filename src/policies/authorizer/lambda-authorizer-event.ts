import { eventHeaders } from '../../mapping/event-headers.ts'
import { lastValues } from '../../core/query-string.ts'
import type { AuthorizerRequest } from './authorizer-request.ts'

/**
 * The events a Lambda authorizer receives, exactly as the sample events captured from AWS show them:
 * TOKEN `{type, methodArn, authorizationToken}` (sample event: powertools-ts/apigw-rest/authorizer-token.json);
 * REQUEST `{type, methodArn, resource, path, httpMethod, headers, multiValueHeaders,
 * queryStringParameters, multiValueQueryStringParameters, pathParameters, stageVariables,
 * requestContext}` — the proxy event without `body`/`isBase64Encoded`, empty maps as `{}` and
 * `Content-Length` kept (sample event: powertools-ts/apigw-rest/authorizer-request.json).
 */

export function tokenAuthorizerEvent(methodArn: string, token: string): Record<string, unknown> {
  return { type: 'TOKEN', methodArn, authorizationToken: token }
}

export function requestAuthorizerEvent(methodArn: string, request: AuthorizerRequest): Record<string, unknown> {
  const { headers, multiValueHeaders } = eventHeaders(request.headers)
  return {
    type: 'REQUEST',
    methodArn,
    resource: request.method.resourcePath,
    path: request.path,
    httpMethod: request.http.method,
    headers,
    multiValueHeaders,
    queryStringParameters: lastValues(request.query),
    multiValueQueryStringParameters: Object.fromEntries(request.query),
    pathParameters: { ...request.pathParameters },
    stageVariables: { ...request.served.stageVariables },
    requestContext: request.requestContext,
  }
}
