import type { JsonObject } from '../../../core/json.ts'
import type { HttpAuthorizer } from '../../../model/v2/authorizer.ts'
import { optionalBoolean, optionalNumber, optionalObject, optionalString } from '../../operations/input.ts'
import { authorizerWriters } from '../../http/control-plane/authorizer.ts'
import { isLambdaTarget } from '../../http/control-plane/integration-rules.ts'
import { V2_MESSAGES } from '../../http/control-plane/messages.ts'

/**
 * WebSocket identity sources (API reference v2, "Authorizer", `identitySource`: for WebSocket APIs
 * `route.request.header.Auth`, `route.request.querystring.Name`; developer guide, "Creating a Lambda
 * REQUEST authorizer function" for WebSocket APIs, which also names stage variables and context variables).
 */
const IDENTITY_SOURCE = /^(route\.request\.(header|querystring)\.[^\s.][^\s]*|context\.[A-Za-z0-9_.-]+|stageVariables\.[A-Za-z0-9_-]+)$/

/**
 * Authorizers of a WebSocket API (API reference v2, "Authorizers"): only `REQUEST`, a Lambda
 * function; payload formats, simple responses, JWT settings and result caching
 * (`authorizerResultTtlInSeconds`, "supported only for HTTP API Lambda authorizers") are HTTP APIs' own.
 */
export const { create: createWebSocketAuthorizer, update: updateWebSocketAuthorizer } = authorizerWriters(checkWebSocketAuthorizer, readMembers)

function checkWebSocketAuthorizer(authorizer: HttpAuthorizer): HttpAuthorizer {
  if (authorizer.authorizerType !== 'REQUEST') {
    throw V2_MESSAGES.authorizerInvalid(`AuthorizerType ${String(authorizer.authorizerType)} is not supported for WebSocket APIs: use REQUEST`)
  }
  for (const source of authorizer.identitySource) {
    if (!IDENTITY_SOURCE.test(source)) {
      throw V2_MESSAGES.authorizerInvalid(`identity source ${source} must be route.request.header.<name>, route.request.querystring.<name>, context.<name> or stageVariables.<name>`)
    }
  }
  if (authorizer.authorizerUri === undefined || !isLambdaTarget(authorizer.authorizerUri)) {
    throw V2_MESSAGES.authorizerInvalid('AuthorizerUri must name a Lambda function (its ARN or its invocation URI)')
  }
  if (authorizer.jwtConfiguration !== undefined || authorizer.authorizerPayloadFormatVersion !== undefined || authorizer.enableSimpleResponses !== undefined) {
    throw V2_MESSAGES.authorizerInvalid('JwtConfiguration, AuthorizerPayloadFormatVersion and EnableSimpleResponses are for HTTP APIs')
  }
  const ttl = authorizer.authorizerResultTtlInSeconds
  if (ttl !== undefined && ttl !== 0) throw V2_MESSAGES.authorizerInvalid('AuthorizerResultTtlInSeconds is supported only for HTTP API Lambda authorizers')
  return authorizer
}

function readMembers(body: JsonObject): Partial<HttpAuthorizer> {
  return {
    jwtConfiguration: optionalObject(body, 'jwtConfiguration') === undefined ? undefined : {},
    authorizerUri: optionalString(body, 'authorizerUri'),
    authorizerCredentialsArn: optionalString(body, 'authorizerCredentialsArn'),
    authorizerPayloadFormatVersion: optionalString(body, 'authorizerPayloadFormatVersion') as HttpAuthorizer['authorizerPayloadFormatVersion'],
    enableSimpleResponses: optionalBoolean(body, 'enableSimpleResponses'),
    authorizerResultTtlInSeconds: optionalNumber(body, 'authorizerResultTtlInSeconds'),
    identityValidationExpression: optionalString(body, 'identityValidationExpression'),
  }
}
