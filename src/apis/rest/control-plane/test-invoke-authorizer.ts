import { randomUUID } from 'node:crypto'
import { GATEWAY_RESPONSE_DEFAULTS, GatewayError } from '../../../core/gateway-error.ts'
import { formatRequestTime } from '../pipeline/context-variables.ts'
import { parseQueryString } from '../../../core/query-string.ts'
import type { FunctionHost } from '../../../functions/function-host.ts'
import type { AuthorizerRequest } from '../../../policies/authorizer/authorizer-request.ts'
import { runCognitoAuthorizer } from '../../../policies/authorizer/cognito-authorizer.ts'
import { compileAuthorizer } from '../../../policies/authorizer/compiled-authorizer.ts'
import { callLambdaAuthorizer } from '../../../policies/authorizer/lambda-authorizer.ts'
import { NO_USER_POOLS } from '../../../policies/authorizer/user-pool-keys.ts'
import { MemoryAuthorizerCache } from '../../../state/memory/memory-authorizer-cache.ts'
import { requireAuthorizer } from './authorizer.ts'
import { optionalObject, optionalString, optionalStringMap } from '../../operations/input.ts'
import { requireRestApi } from './lookups.ts'
import type { Operation, Reply } from '../../operations/operation.ts'

/** The stage and method a test invocation pretends to be (what the console's "Test" shows in `methodArn`). */
const TEST_STAGE = 'ESTestInvoke-stage'

export const NO_FUNCTIONS: FunctionHost = { has: () => false, invoke: () => Promise.reject(new Error('no functions host')), close: async () => {} }

/**
 * TestInvokeAuthorizer (`POST /restapis/{id}/authorizers/{authorizerId}`, the console's "Test"):
 * runs the authorizer once — never from the cache — on the headers, query string, stage variables
 * and context given, and reports what it decided: `clientStatus` 0 when it answered (Lambda: its
 * `principalId` and `policy`; Cognito: the token's `claims`), else the status the client would get
 * (401, 500), with `latency` and a short `log`. The Lambda's policy is reported, not evaluated: the
 * test has no real method to check it against.
 */
export async function testInvokeAuthorizer({ deps, params, body }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  const stored = await requireAuthorizer(deps.store, params.restApiId, params.authorizerId)
  const authorizer = compileAuthorizer({ ...stored, authorizerResultTtlInSeconds: 0 })
  const request = testRequest(params.restApiId, deps.aws, deps.clock.now(), {
    headers: (optionalStringMap(body, 'headers') ?? {}) as Record<string, string>,
    multiValueHeaders: optionalObject(body, 'multiValueHeaders') ?? {},
    pathWithQueryString: optionalString(body, 'pathWithQueryString') ?? '/',
    body: optionalString(body, 'body') ?? '',
    stageVariables: (optionalStringMap(body, 'stageVariables') ?? {}) as Record<string, string>,
    additionalContext: (optionalStringMap(body, 'additionalContext') ?? {}) as Record<string, string>,
  })
  const authorizerDeps = {
    functions: deps.functions ?? NO_FUNCTIONS,
    cache: new MemoryAuthorizerCache(deps.clock),
    aws: deps.aws,
    logger: deps.logger,
    clock: deps.clock,
    userPools: deps.userPools ?? NO_USER_POOLS,
  }
  const methodArn = `arn:aws:execute-api:${deps.aws.region}:${deps.aws.accountId}:${params.restApiId}/${TEST_STAGE}/GET/`
  const log = [`Starting authorizer: ${stored.id} for request: ${request.ids.requestId}`]
  const started = performance.now()
  const latency = (): number => Math.round(performance.now() - started)
  try {
    if (authorizer.type === 'COGNITO_USER_POOLS') {
      const result = await runCognitoAuthorizer(authorizer, request, authorizerDeps)
      log.push(`Authorizer result: allowed`)
      return { status: 200, body: { clientStatus: 0, log: log.join('\n'), latency: latency(), claims: result.context.claims } }
    }
    const { raw, output } = await callLambdaAuthorizer(authorizer, request, methodArn, authorizerDeps)
    log.push(`Authorizer result body: ${JSON.stringify(raw)}`)
    return {
      status: 200,
      body: { clientStatus: 0, log: log.join('\n'), latency: latency(), principalId: output.principalId, policy: JSON.stringify(raw.policyDocument) },
    }
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error
    const clientStatus = GATEWAY_RESPONSE_DEFAULTS[error.type].statusCode ?? 500
    log.push(`Execution failed: ${error.type}${error.errorMessage === null ? '' : ` (${error.errorMessage})`}`)
    return { status: 200, body: { clientStatus, log: log.join('\n'), latency: latency() } }
  }
}

interface TestInputs {
  readonly headers: Record<string, string>
  readonly multiValueHeaders: Record<string, unknown>
  readonly pathWithQueryString: string
  readonly body: string
  readonly stageVariables: Record<string, string>
  readonly additionalContext: Record<string, string>
}

function testRequest(restApiId: string, aws: { region: string; accountId: string }, now: number, inputs: TestInputs): AuthorizerRequest {
  const headers: string[] = []
  for (const [name, value] of Object.entries(inputs.headers)) headers.push(name, value)
  for (const [name, values] of Object.entries(inputs.multiValueHeaders)) {
    if (Array.isArray(values)) for (const value of values) if (typeof value === 'string') headers.push(name, value)
  }
  const question = inputs.pathWithQueryString.indexOf('?')
  const path = question === -1 ? inputs.pathWithQueryString : inputs.pathWithQueryString.slice(0, question)
  const rawQuery = question === -1 ? '' : inputs.pathWithQueryString.slice(question + 1)
  const requestId = randomUUID()
  return {
    http: { method: 'GET', body: Buffer.from(inputs.body, 'utf8') },
    ids: { requestId },
    served: { restApiId, stageName: TEST_STAGE, stageVariables: inputs.stageVariables },
    method: { resourcePath: path, method: {} },
    path,
    pathParameters: {},
    headers,
    query: parseQueryString(rawQuery),
    requestContext: {
      ...inputs.additionalContext,
      accountId: aws.accountId,
      apiId: restApiId,
      httpMethod: 'GET',
      path: `/${TEST_STAGE}${path}`,
      requestId,
      requestTime: formatRequestTime(now),
      requestTimeEpoch: now,
      resourcePath: path,
      stage: TEST_STAGE,
    },
  }
}
