import { randomUUID } from 'node:crypto'
import type { HttpApiCaller } from '../../integrations/aws-proxy/http-api-caller.ts'
import { buildHttpApiEventV1 } from '../../integrations/aws-proxy/http-api-event-v1.ts'
import { buildHttpApiEventV2 } from '../../integrations/aws-proxy/http-api-event-v2.ts'
import type { CompiledLambdaTarget } from '../../integrations/lambda-target.ts'
import type { AuthorizerDeps } from './authorizer-deps.ts'
import { evaluatePolicy } from './authorizer-policy.ts'
import { readLambdaAuthorizerOutput } from './lambda-authorizer-output.ts'

/** A REQUEST authorizer of an HTTP API as a deployment compiles it (API reference v2, "Authorizer"). */
export interface HttpApiLambdaAuthorizer {
  readonly authorizerId: string
  readonly lambda: CompiledLambdaTarget
  readonly payloadFormatVersion: '1.0' | '2.0'
  readonly enableSimpleResponses: boolean
  readonly ttlMs: number
}

/** What the authorizer decided: deny (403), or allow with the context the integration sees under `requestContext.authorizer.lambda`. */
export type HttpApiLambdaDecision =
  | { readonly allowed: true; readonly context: Record<string, unknown> | null; readonly principalId?: string }
  | { readonly allowed: false }

/** The function failed, timed out or answered something unusable (the API's 500). */
export class HttpApiAuthorizerFailure extends Error {
  override readonly name = 'HttpApiAuthorizerFailure'
}

/** How long API Gateway waits for an authorizer (developer guide, "Amazon API Gateway quotas": 10000 ms). */
const AUTHORIZER_TIMEOUT_MS = 10_000

/**
 * Runs an HTTP API Lambda authorizer (developer guide, "Working with AWS Lambda authorizers for HTTP
 * APIs"). The caller has read the identity sources (missing ones are a 401 without a call). The
 * event is the proxy event of the format without `body` and `isBase64Encoded`, plus `type`,
 * `routeArn` and `identitySource` for 2.0 (sample event: powertools-ts/apigw-http/authorizer-request.json),
 * REST's REQUEST shape plus `methodArn`, `identitySource` and `authorizationToken` (the values
 * comma-joined) for 1.0 (sample event: lambda-go/apigw-v2-custom-authorizer-v1-request.json). The
 * answer is cached by identity values for the TTL, for every route using the authorizer; a cached
 * IAM policy is evaluated against each request's route ARN. Simple responses are
 * `{"isAuthorized": bool, "context": {...}}`; otherwise an IAM policy whose context may hold any JSON.
 */
export async function runHttpApiLambdaAuthorizer(
  authorizer: HttpApiLambdaAuthorizer, caller: HttpApiCaller, identity: readonly string[], routeArn: string, deps: AuthorizerDeps,
): Promise<HttpApiLambdaDecision> {
  const cacheKey = { restApiId: caller.apiId, stageName: caller.stage, authorizerId: authorizer.authorizerId, identity }
  let answer = authorizer.ttlMs > 0 ? await deps.cache.get(cacheKey) : undefined
  const cached = answer !== undefined
  if (!cached) answer = await invoke(authorizer, caller.stageVariables, authorizerEvent(authorizer, caller, identity, routeArn), deps)
  const decision = decide(authorizer, answer, routeArn)
  if (decision === undefined) throw new HttpApiAuthorizerFailure('the authorizer answered neither a simple response nor an IAM policy')
  if (!cached && authorizer.ttlMs > 0) await deps.cache.set(cacheKey, answer, authorizer.ttlMs)
  return decision
}

function authorizerEvent(authorizer: HttpApiLambdaAuthorizer, caller: HttpApiCaller, identity: readonly string[], routeArn: string): Record<string, unknown> {
  if (authorizer.payloadFormatVersion === '2.0') {
    const { body: _body, isBase64Encoded: _encoded, version, ...rest } = buildHttpApiEventV2(caller)
    return { version, type: 'REQUEST', routeArn, identitySource: [...identity], ...rest }
  }
  const { body: _body, isBase64Encoded: _encoded, version, ...rest } = buildHttpApiEventV1(caller)
  const joined = identity.join(',')
  return { version, type: 'REQUEST', methodArn: routeArn, identitySource: joined, authorizationToken: joined, ...rest }
}

function decide(authorizer: HttpApiLambdaAuthorizer, answer: unknown, routeArn: string): HttpApiLambdaDecision | undefined {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return undefined
  const record = answer as Record<string, unknown>
  const context = record.context === undefined || record.context === null ? null : record.context
  if (context !== null && (typeof context !== 'object' || Array.isArray(context))) return undefined
  if (authorizer.enableSimpleResponses) {
    if (typeof record.isAuthorized !== 'boolean') return undefined
    return record.isAuthorized ? { allowed: true, context: context as Record<string, unknown> | null } : { allowed: false }
  }
  // The policy is read as REST reads it; the context, free-form on HTTP APIs, is kept as it came.
  const output = readLambdaAuthorizerOutput({ ...record, context: undefined })
  if (output === undefined) return undefined
  if (evaluatePolicy(output.statements, routeArn) !== 'Allow') return { allowed: false }
  return { allowed: true, context: context as Record<string, unknown> | null, principalId: output.principalId }
}

async function invoke(authorizer: HttpApiLambdaAuthorizer, stageVariables: Readonly<Record<string, string>>, event: Record<string, unknown>, deps: AuthorizerDeps): Promise<unknown> {
  const target = authorizer.lambda.resolve(stageVariables)
  if (target === undefined || !deps.functions.has(target.functionName)) throw new HttpApiAuthorizerFailure(`authorizer function ${target?.functionName ?? ''} not found`)
  let timer: NodeJS.Timeout | undefined
  try {
    const result = await Promise.race([
      deps.functions.invoke({ functionName: target.functionName, qualifier: target.qualifier, payload: JSON.stringify(event), requestId: randomUUID(), timeoutMs: AUTHORIZER_TIMEOUT_MS }),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, AUTHORIZER_TIMEOUT_MS, 'timeout'))),
    ])
    if (result === 'timeout') throw new HttpApiAuthorizerFailure('the authorizer timed out')
    if (result.functionError !== undefined) throw new HttpApiAuthorizerFailure(`the authorizer failed: ${result.payload}`)
    return JSON.parse(result.payload)
  } catch (error) {
    if (error instanceof HttpApiAuthorizerFailure) throw error
    throw new HttpApiAuthorizerFailure('the authorizer could not be run', { cause: error })
  } finally {
    clearTimeout(timer)
  }
}
