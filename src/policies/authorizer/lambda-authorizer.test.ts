import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_AWS_ENVIRONMENT } from '../../core/aws-environment.ts'
import { ManualClock } from '../../core/clock.ts'
import { GatewayError } from '../../core/gateway-error.ts'
import { silentLogger } from '../../core/logger.ts'
import type { FunctionHost, InvokeRequest } from '../../functions/function-host.ts'
import { MemoryAuthorizerCache } from '../../state/memory/memory-authorizer-cache.ts'
import type { AuthorizerDeps } from './authorizer-deps.ts'
import type { AuthorizerRequest } from './authorizer-request.ts'
import { compileAuthorizer } from './compiled-authorizer.ts'
import { runLambdaAuthorizer } from './lambda-authorizer.ts'
import { NO_USER_POOLS } from './user-pool-keys.ts'

/**
 * runLambdaAuthorizer at unit level, with a function host that answers a fixed output: what the
 * API-key check and the templates receive. (The end-to-end behaviour is in
 * test/integration/authorizers/lambda-authorizer.test.ts with real functions.)
 */
const ARN = 'arn:aws:execute-api:us-east-1:000000000000:api/prod/GET/pets'

function setup(answer: unknown, functionError?: 'Unhandled') {
  const invocations: InvokeRequest[] = []
  const functions: FunctionHost = {
    has: (name) => name === 'auth',
    invoke: async (request) => {
      invocations.push(request)
      return { payload: JSON.stringify(answer), functionError }
    },
    close: async () => {},
  }
  const deps: AuthorizerDeps = {
    functions, cache: new MemoryAuthorizerCache(new ManualClock()), aws: DEFAULT_AWS_ENVIRONMENT, logger: silentLogger, clock: new ManualClock(), userPools: NO_USER_POOLS,
  }
  const authorizer = compileAuthorizer({
    id: 'auth01', name: 'a', type: 'TOKEN', identitySource: 'method.request.header.Authorization',
    authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations',
  })
  const request: AuthorizerRequest = {
    headers: ['Authorization', 'token-1'], query: new Map(), pathParameters: {}, http: { body: Buffer.alloc(0), method: 'GET' },
    served: { restApiId: 'api', stageName: 'prod', stageVariables: {} }, requestContext: {}, ids: { requestId: 'r' },
    method: { resourcePath: '/pets', method: {} }, path: '/pets',
  }
  return { deps, authorizer, request, invocations }
}

const allow = { principalId: 'user', policyDocument: { Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: ARN }] } }

describe('runLambdaAuthorizer', () => {
  it('hands on principalId, stringified context and usageIdentifierKey (for apiKeySource AUTHORIZER)', async () => {
    const { deps, authorizer, request, invocations } = setup({ ...allow, context: { n: 2 }, usageIdentifierKey: 'usage-key-0123456789' })
    const result = await runLambdaAuthorizer(authorizer, request, ARN, deps)
    assert.equal(result.principalId, 'user')
    assert.equal(result.usageIdentifierKey, 'usage-key-0123456789')
    assert.equal(result.context.n, '2')
    assert.deepEqual(JSON.parse(invocations[0].payload), { type: 'TOKEN', methodArn: ARN, authorizationToken: 'token-1' })
  })

  it('a cached answer is checked against each request\'s own method ARN (the policy-caching trap)', async () => {
    const { deps, authorizer, request, invocations } = setup(allow)
    await runLambdaAuthorizer(authorizer, request, ARN, deps)
    await assert.rejects(runLambdaAuthorizer(authorizer, request, ARN.replace('pets', 'owners'), deps), (error: GatewayError) => error.type === 'ACCESS_DENIED')
    assert.equal(invocations.length, 1)
  })

  it('an unhandled `Unauthorized` is 401; any other function error is AUTHORIZER_CONFIGURATION_ERROR', async () => {
    const unauthorized = setup({ errorType: 'Error', errorMessage: 'Unauthorized' }, 'Unhandled')
    await assert.rejects(runLambdaAuthorizer(unauthorized.authorizer, unauthorized.request, ARN, unauthorized.deps), (error: GatewayError) => error.type === 'UNAUTHORIZED')
    const failed = setup({ errorType: 'Error', errorMessage: 'boom' }, 'Unhandled')
    await assert.rejects(runLambdaAuthorizer(failed.authorizer, failed.request, ARN, failed.deps), (error: GatewayError) => error.type === 'AUTHORIZER_CONFIGURATION_ERROR' && error.errorMessage === null)
  })
})
