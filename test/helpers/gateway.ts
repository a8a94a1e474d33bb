import { after, before } from 'node:test'
import { APIGatewayClient } from '@aws-sdk/client-api-gateway'
import type { PrincipalConfig } from '../../src/auth/iam-principal.ts'
import { DEFAULT_AWS_ENVIRONMENT } from '../../src/core/aws-environment.ts'
import type { Clock } from '../../src/core/clock.ts'
import type { Logger } from '../../src/core/logger.ts'
import type { FunctionDefinition } from '../../src/functions/function-definition.ts'
import { startGateway, type GatewayOptions, type RunningGateway } from '../../src/main.ts'

export interface TestGateway extends RunningGateway {
  /** A real AWS SDK v3 client pointed at the management API. */
  readonly apigateway: APIGatewayClient
  /** `http://localhost:<port>/_aws/execute-api/<apiId>/<stage>` — the host-free data-plane URL form. */
  stageUrl(restApiId: string, stage: string): string
}

/** Boots the whole gateway (control and data plane, in-memory SQLite) on a free port. */
export type TestGatewayOptions = {
  functions?: Record<string, FunctionDefinition>
  baseDir?: string
  clock?: Clock
  adminPort?: number
  pinnedApiIds?: Record<string, string>
  principals?: Record<string, PrincipalConfig>
  trustedProxies?: string[]
  /** Admin keys: the management API then wants SigV4 by one of them (the SDK client below signs with the first). */
  adminKeys?: { accessKeyId: string; secretAccessKey: string }[]
  /** Where the gateway logs (silent when not given); a test may collect what it reports as bugs. */
  logger?: Logger
  /** Canary routing's random source (seed it with test/helpers/seeded-random.ts). */
  random?: () => number
  /** Shared state in Redis (memory when not given). */
  redis?: GatewayOptions['redis']
  /** One store for several gateways, as processes share a data directory (an in-memory SQLite store of its own when not given). */
  store?: GatewayOptions['store']
  /** WebSocket idle timeout, lifetime, new-connection rate and how often they are checked (AWS's quotas when not given). */
  websocketLimits?: GatewayOptions['websocketLimits']
  /** gatehouse.yaml's `vpcLinks`: where private integrations' load balancers are. */
  vpcLinks?: GatewayOptions['vpcLinks']
  /** Where local handlers run (child processes when not given). */
  functionIsolation?: GatewayOptions['functionIsolation']
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const gateway = await startGateway({
    port: 0,
    host: '127.0.0.1',
    adminPort: options.adminPort,
    dataDir: '',
    inMemory: true,
    aws: DEFAULT_AWS_ENVIRONMENT,
    functions: options.functions ?? {},
    baseDir: options.baseDir ?? process.cwd(),
    pinnedApiIds: options.pinnedApiIds ?? {},
    clock: options.clock,
    principals: options.principals,
    trustedProxies: options.trustedProxies,
    adminKeys: options.adminKeys,
    logger: options.logger,
    random: options.random,
    redis: options.redis,
    store: options.store,
    websocketLimits: options.websocketLimits,
    vpcLinks: options.vpcLinks,
    functionIsolation: options.functionIsolation,
  })
  const apigateway = new APIGatewayClient({
    endpoint: gateway.adminUrl,
    region: DEFAULT_AWS_ENVIRONMENT.region,
    credentials: options.adminKeys?.[0] ?? { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  })
  return {
    ...gateway,
    apigateway,
    stageUrl: (restApiId, stage) => `${gateway.url}/_aws/execute-api/${restApiId}/${stage}`,
    async close() {
      apigateway.destroy()
      await gateway.close()
    },
  }
}

/**
 * One gateway for the enclosing `describe`: started before its tests, closed after them. `send` can
 * be taken at once (it reaches the SDK client when called); `gateway()` is the running gateway.
 */
export function gatewayForSuite(options: TestGatewayOptions = {}): { send: APIGatewayClient['send']; gateway(): TestGateway } {
  let running: TestGateway | undefined
  before(async () => {
    running = await startTestGateway(options)
  })
  after(() => running?.close())
  const gateway = (): TestGateway => {
    if (running === undefined) throw new Error('the suite\'s gateway starts in its before() hook')
    return running
  }
  const send = ((command: Parameters<APIGatewayClient['send']>[0]) => gateway().apigateway.send(command)) as APIGatewayClient['send']
  return { send, gateway }
}
