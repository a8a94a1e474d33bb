import { randomUUID } from 'node:crypto'
import { GatewayError } from '../../core/gateway-error.ts'
import type { AuthorizerRequest } from './authorizer-request.ts'
import { evaluatePolicy } from './authorizer-policy.ts'
import type { AuthorizerDeps } from './authorizer-deps.ts'
import { accessDenied, authorizerConfigurationError, unauthorized } from './authorizer-errors.ts'
import type { AuthorizerResult } from './authorizer-result.ts'
import type { CompiledAuthorizer } from './compiled-authorizer.ts'
import { readIdentity } from './identity.ts'
import { requestAuthorizerEvent, tokenAuthorizerEvent } from './lambda-authorizer-event.ts'
import { readLambdaAuthorizerOutput, type LambdaAuthorizerOutput } from './lambda-authorizer-output.ts'

/**
 * Outputs already checked, by the cached answer object: the memory cache hands back the same object,
 * so a cache hit costs no re-reading and no regex compiling.
 */
const READ_OUTPUTS = new WeakMap<object, LambdaAuthorizerOutput | 'invalid'>()

function readOutput(raw: unknown): LambdaAuthorizerOutput | undefined {
  if (typeof raw !== 'object' || raw === null) return readLambdaAuthorizerOutput(raw)
  let read = READ_OUTPUTS.get(raw)
  if (read === undefined) READ_OUTPUTS.set(raw, (read = readLambdaAuthorizerOutput(raw) ?? 'invalid'))
  return read === 'invalid' ? undefined : read
}

/** How long API Gateway waits for an authorizer function (developer guide, quotas: 10 seconds). */
const AUTHORIZER_TIMEOUT_MS = 10_000

/**
 * Runs a TOKEN or REQUEST Lambda authorizer for one request (developer guide, "Use API Gateway
 * Lambda authorizers"):
 * - a missing identity source, or a TOKEN failing `identityValidationExpression`, is 401
 *   `Unauthorized` without calling the function;
 * - a cached answer for the same identity values is reused for `authorizerResultTtlInSeconds` —
 *   for every method behind this authorizer on the stage, as on AWS (the cached policy is checked
 *   against each request's own method ARN, so a policy naming only one method denies the others);
 * - the function failing with `Unauthorized` is 401; any other failure or malformed output is 500
 *   AUTHORIZER_CONFIGURATION_ERROR (`{"message":null}`);
 * - the policy decides: a matching Deny (`... with an explicit deny`), or no matching Allow, is 403.
 */
export async function runLambdaAuthorizer(
  authorizer: CompiledAuthorizer,
  request: AuthorizerRequest,
  methodArn: string,
  deps: AuthorizerDeps,
): Promise<AuthorizerResult> {
  const { output, integrationLatency } = await callLambdaAuthorizer(authorizer, request, methodArn, deps)
  const decision = evaluatePolicy(output.statements, methodArn)
  if (decision !== 'Allow') throw accessDenied(decision === 'ExplicitDeny')
  return {
    context: { principalId: output.principalId, integrationLatency, ...output.context },
    principalId: output.principalId,
    usageIdentifierKey: output.usageIdentifierKey,
  }
}

/** What the function answered (from the cache or not), checked: the steps above before the policy decides. */
export async function callLambdaAuthorizer(
  authorizer: CompiledAuthorizer,
  request: AuthorizerRequest,
  methodArn: string,
  deps: AuthorizerDeps,
): Promise<{ readonly raw: Record<string, unknown>; readonly output: LambdaAuthorizerOutput; readonly integrationLatency: number }> {
  const identity = readIdentity(authorizer, request)
  const cacheKey = {
    restApiId: request.served.restApiId,
    stageName: request.served.stageName,
    authorizerId: authorizer.id,
    identity,
  }
  let raw = authorizer.ttlMs > 0 ? await deps.cache.get(cacheKey) : undefined
  let integrationLatency = 0
  if (raw === undefined) {
    const started = performance.now()
    raw = await invokeAuthorizer(authorizer, request, methodArn, identity, deps)
    integrationLatency = Math.round(performance.now() - started)
    if (readOutput(raw) !== undefined) await deps.cache.set(cacheKey, raw, authorizer.ttlMs)
  }
  const output = readOutput(raw)
  if (output === undefined) {
    deps.logger.warn({ requestId: request.ids.requestId, authorizer: authorizer.id }, 'Execution failed due to configuration error: Invalid JSON in response')
    throw authorizerConfigurationError()
  }
  // A valid output is always an object (readLambdaAuthorizerOutput refuses anything else).
  return { raw: raw as Record<string, unknown>, output, integrationLatency }
}

/** Calls the function; its JSON answer, or the errors above. */
async function invokeAuthorizer(
  authorizer: CompiledAuthorizer,
  request: AuthorizerRequest,
  methodArn: string,
  identity: readonly string[],
  deps: AuthorizerDeps,
): Promise<unknown> {
  const target = authorizer.lambda?.resolve(request.served.stageVariables)
  if (target === undefined || !deps.functions.has(target.functionName)) {
    deps.logger.warn({ authorizer: authorizer.id, function: target?.functionName }, 'Execution failed due to configuration error: Authorizer function not found')
    throw authorizerConfigurationError()
  }
  const event = authorizer.type === 'TOKEN' ? tokenAuthorizerEvent(methodArn, identity[0]) : requestAuthorizerEvent(methodArn, request)
  let timer: NodeJS.Timeout | undefined
  try {
    const result = await Promise.race([
      deps.functions.invoke({
        functionName: target.functionName,
        qualifier: target.qualifier,
        payload: JSON.stringify(event),
        requestId: randomUUID(),
        timeoutMs: AUTHORIZER_TIMEOUT_MS,
      }),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, AUTHORIZER_TIMEOUT_MS, 'timeout'))),
    ])
    if (result === 'timeout') throw authorizerConfigurationError()
    const payload = parseJson(result.payload)
    if (result.functionError !== undefined) {
      // `throw new Error('Unauthorized')` / `callback('Unauthorized')` is the documented way to answer 401.
      if (isRecord(payload) && payload.errorMessage === 'Unauthorized') throw unauthorized()
      deps.logger.warn({ authorizer: authorizer.id, error: payload }, 'Execution failed due to configuration error: Authorizer error')
      throw authorizerConfigurationError()
    }
    if (payload === 'Unauthorized') throw unauthorized()
    return payload
  } catch (error) {
    if (error instanceof GatewayError) throw error
    // Throttled, timed out or unreachable: the authorizer could not be run.
    deps.logger.warn({ err: error, authorizer: authorizer.id }, 'Execution failed due to configuration error: Authorizer error')
    throw authorizerConfigurationError(error)
  } finally {
    clearTimeout(timer)
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
