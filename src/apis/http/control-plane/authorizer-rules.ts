import type { HttpAuthorizer } from '../../../model/v2/authorizer.ts'
import { isLambdaTarget } from './integration-rules.ts'
import { V2_MESSAGES } from './messages.ts'

/** `$request.header.X`, `$request.querystring.X`, `$context.X`, `$stageVariables.X` (developer guide, "Working with AWS Lambda authorizers for HTTP APIs", identity sources). */
const IDENTITY_SOURCE = /^\$(request\.(header|querystring)\.[^\s.][^\s]*|context\.[A-Za-z0-9_.-]+|stageVariables\.[A-Za-z0-9_-]+)$/

/** Bounds of the API reference v2, "Authorizer" (`authorizerResultTtlInSeconds` up to 3600) and the quotas (50 audiences). */
const MAX_TTL_SECONDS = 3600
const MAX_AUDIENCES = 50

/**
 * Checks an HTTP API authorizer as AWS documents it (API reference v2, "Authorizer"; developer guide,
 * "Controlling access to HTTP APIs with JWT authorizers", "Working with AWS Lambda authorizers for
 * HTTP APIs"): a JWT authorizer takes one identity source and an issuer; a REQUEST authorizer a
 * Lambda function, payload format 1.0 or 2.0 (simple responses only with 2.0), and at least one
 * identity source when it caches.
 */
export function checkAuthorizer(authorizer: HttpAuthorizer): HttpAuthorizer {
  if (authorizer.authorizerType !== 'JWT' && authorizer.authorizerType !== 'REQUEST') {
    throw V2_MESSAGES.authorizerInvalid(`AuthorizerType ${String(authorizer.authorizerType)} is not supported for HTTP APIs: use JWT or REQUEST`)
  }
  for (const source of authorizer.identitySource) {
    if (!IDENTITY_SOURCE.test(source)) throw V2_MESSAGES.authorizerInvalid(`identity source ${source} must be $request.header.<name>, $request.querystring.<name>, $context.<name> or $stageVariables.<name>`)
  }
  const ttl = authorizer.authorizerResultTtlInSeconds
  if (authorizer.authorizerType === 'JWT') {
    if (authorizer.identitySource.length !== 1) throw V2_MESSAGES.authorizerInvalid('a JWT authorizer takes exactly one identity source')
    const issuer = authorizer.jwtConfiguration?.issuer
    if (issuer === undefined || !/^https?:\/\//.test(issuer)) throw V2_MESSAGES.authorizerInvalid('JwtConfiguration.Issuer must be the issuer\'s URL')
    if ((authorizer.jwtConfiguration?.audience ?? []).length > MAX_AUDIENCES) throw V2_MESSAGES.authorizerInvalid(`at most ${MAX_AUDIENCES} audiences`)
    if (authorizer.authorizerUri !== undefined || authorizer.enableSimpleResponses === true || authorizer.authorizerPayloadFormatVersion !== undefined) {
      throw V2_MESSAGES.authorizerInvalid('AuthorizerUri, AuthorizerPayloadFormatVersion and EnableSimpleResponses are for REQUEST authorizers')
    }
    if (ttl !== undefined && ttl !== 0) throw V2_MESSAGES.authorizerInvalid('AuthorizerResultTtlInSeconds is for REQUEST authorizers')
    return authorizer
  }
  if (authorizer.authorizerUri === undefined || !isLambdaTarget(authorizer.authorizerUri)) {
    throw V2_MESSAGES.authorizerInvalid('AuthorizerUri must name a Lambda function (its ARN or its invocation URI)')
  }
  const version = authorizer.authorizerPayloadFormatVersion
  if (version !== '1.0' && version !== '2.0') throw V2_MESSAGES.authorizerInvalid('AuthorizerPayloadFormatVersion must be 1.0 or 2.0 for REQUEST authorizers')
  if (authorizer.enableSimpleResponses === true && version !== '2.0') throw V2_MESSAGES.authorizerInvalid('EnableSimpleResponses needs AuthorizerPayloadFormatVersion 2.0')
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL_SECONDS)) throw V2_MESSAGES.authorizerInvalid(`AuthorizerResultTtlInSeconds must be from 0 to ${MAX_TTL_SECONDS}`)
  if ((ttl ?? 0) > 0 && authorizer.identitySource.length === 0) throw V2_MESSAGES.authorizerInvalid('caching (AuthorizerResultTtlInSeconds > 0) needs at least one identity source')
  if (authorizer.jwtConfiguration !== undefined) throw V2_MESSAGES.authorizerInvalid('JwtConfiguration is for JWT authorizers')
  return authorizer
}
