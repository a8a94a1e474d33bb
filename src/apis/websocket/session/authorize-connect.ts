import type { AwsEnvironment } from '../../../core/aws-environment.ts'
import { GatewayError } from '../../../core/gateway-error.ts'
import { parseQueryString } from '../../../core/query-string.ts'
import type { AuthorizerDeps } from '../../../policies/authorizer/authorizer-deps.ts'
import type { AuthorizerRequest } from '../../../policies/authorizer/authorizer-request.ts'
import type { CompiledAuthorizer } from '../../../policies/authorizer/compiled-authorizer.ts'
import { runLambdaAuthorizer } from '../../../policies/authorizer/lambda-authorizer.ts'

/** The upgrade as the `$connect` authorizer reads it. */
export interface ConnectRequest {
  readonly apiId: string
  readonly stage: string
  readonly stageVariables: Readonly<Record<string, string>>
  readonly requestId: string
  /** `[name, value, ...]`: the client's headers and those API Gateway adds. */
  readonly headers: readonly string[]
  readonly rawQuery: string
  /** The CONNECT event's `requestContext`. */
  readonly requestContext: Readonly<Record<string, unknown>>
}

export type ConnectAuthorization =
  | { readonly authorizer: Record<string, unknown>; readonly usageIdentifierKey?: string }
  | { readonly refused: { readonly status: number; readonly body: string } }

/**
 * The `$connect` route's Lambda REQUEST authorizer, before the handshake (developer guide,
 * "Controlling access to WebSocket APIs with AWS Lambda REQUEST authorizers"; "$connect and
 * $disconnect routes"), run as REST runs its REQUEST authorizers: a missing identity source is 401
 * without calling the function, a policy that does not allow `.../{stage}/$connect` is 403 and a
 * failing function 500, each refusing the upgrade; an Allow hands `{principalId, integrationLatency,
 * ...context}` to the `$connect` integration as `requestContext.authorizer`. The method ARN has no
 * HTTP method (sample event: lambda-rust-runtime/example-apigw-v2-custom-authorizer-websocket-request.json).
 */
export async function authorizeConnect(authorizer: CompiledAuthorizer, request: ConnectRequest, aws: AwsEnvironment, deps: AuthorizerDeps): Promise<ConnectAuthorization> {
  const methodArn = `arn:aws:execute-api:${aws.region}:${aws.accountId}:${request.apiId}/${request.stage}/$connect`
  const authorizerRequest: AuthorizerRequest = {
    http: { method: 'GET', body: Buffer.alloc(0) },
    ids: { requestId: request.requestId },
    served: { restApiId: request.apiId, stageName: request.stage, stageVariables: request.stageVariables },
    method: { resourcePath: '$connect', method: {} },
    path: `/${request.stage}`,
    pathParameters: {},
    headers: request.headers,
    query: parseQueryString(request.rawQuery),
    requestContext: request.requestContext,
  }
  try {
    const result = await runLambdaAuthorizer(authorizer, authorizerRequest, methodArn, deps)
    return { authorizer: { ...result.context }, ...(result.usageIdentifierKey === undefined ? {} : { usageIdentifierKey: result.usageIdentifierKey }) }
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error
    // No recording shows the refusal's body; these are API Gateway's texts for the same statuses elsewhere.
    if (error.type === 'UNAUTHORIZED') return { refused: { status: 401, body: '{"message":"Unauthorized"}' } }
    if (error.type === 'ACCESS_DENIED') return { refused: { status: 403, body: '{"message":"Forbidden"}' } }
    deps.logger.warn({ err: error, apiId: request.apiId, stage: request.stage }, '$connect authorizer failed')
    return { refused: { status: 500, body: '{"message": "Internal server error"}' } }
  }
}
