import cluster from 'node:cluster'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import type { Command } from 'commander'
import { ConfigError, loadConfig, type ConfigOverrides, type GatehouseConfig } from '../config/config.ts'
import { createLogger } from '../core/logger.ts'
import type { FunctionDefinition } from '../functions/function-definition.ts'
import { startGateway, type RunningGateway } from '../main.ts'
import { openServerCertificate, TLS_DIRECTORY, type ServerCertificate } from '../data-plane/tls/local-certificate-authority.ts'
import { superviseWorkers, WORKER_READY_MESSAGE, WORKER_REPLACEMENT_VARIABLE, workerIndex } from './worker-supervisor.ts'
import { describeDatabaseEndpoint } from '../store/postgres/database-endpoint.ts'
import { deployExample, EXAMPLE_API_ID, EXAMPLE_FUNCTION, EXAMPLE_STAGE } from '../../example/deploy-example.ts'
import { startInventoryBackend } from '../../example/inventory-backend.ts'

interface ServeFlags extends ConfigOverrides {
  config?: string
  example?: boolean
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the management API and the data plane')
    .option('-c, --config <file>', 'configuration file (GATEHOUSE_CONFIG)', process.env.GATEHOUSE_CONFIG)
    .option('-p, --port <port>', 'port for the data plane and, unless --admin-port, the management API (GATEHOUSE_PORT, default 4567)')
    .option('--host <host>', 'address to listen on (GATEHOUSE_HOST, default 127.0.0.1)')
    .option('--admin-port <port>', 'serve the management API on its own port (GATEHOUSE_ADMIN_PORT)')
    .option('--tls-port <port>', 'the data plane over TLS for {apiId}.execute-api.localhost, where local functions reach https://{domainName}/{stage}; its CA is <data-dir>/tls/ca.pem (GATEHOUSE_TLS_PORT, default a free port)')
    .option('--data-dir <dir>', 'where the SQLite store lives (GATEHOUSE_DATA_DIR, default ./.gatehouse)')
    .option('--database-url <url>', 'keep the store in PostgreSQL, shared by every gateway on it, e.g. postgres://gatehouse:secret@127.0.0.1:5432/gatehouse (GATEHOUSE_DATABASE_URL)')
    .option('--in-memory', 'keep everything in memory; nothing survives a restart (GATEHOUSE_IN_MEMORY)')
    .option('--region <region>', 'the AWS region to pretend to be (GATEHOUSE_REGION, default us-east-1)')
    .option('--account-id <id>', 'the AWS account id to pretend to be (GATEHOUSE_ACCOUNT_ID)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (GATEHOUSE_LOG_LEVEL)')
    .option('--watch', 'reload a Lambda handler when its files change (GATEHOUSE_WATCH; on with npm start)')
    .option('--function-concurrency <n>', 'execution environments of one function that run at once on this machine; more invocations wait (GATEHOUSE_FUNCTION_CONCURRENCY, default 10)')
    .option('--function-idle-timeout <seconds>', 'retire a warm function worker idle this long (GATEHOUSE_FUNCTION_IDLE_TIMEOUT, default 300)')
    .option('--function-isolation <mode>', 'process (default: a child process per execution environment, permission-limited) or thread (in the gateway\'s process, trusted code only) (GATEHOUSE_FUNCTION_ISOLATION)')
    .option('--redis <url>', 'share usage-plan buckets, quotas and authorizer results with other gateways in Redis, e.g. redis://127.0.0.1:6379 (GATEHOUSE_REDIS)')
    .option('--redis-failure <policy>', 'while Redis is unreachable: fail-open (local buckets, default) or fail-closed (500) (GATEHOUSE_REDIS_FAILURE)')
    .option('--redis-key-prefix <prefix>', 'prefix of every Redis key (GATEHOUSE_REDIS_KEY_PREFIX, default gatehouse:)')
    .option('--workers <n>', 'gateway processes sharing the port: a number, or auto for one per core; more than one needs --redis (GATEHOUSE_WORKERS, default 1)')
    .option('--example', 'deploy the example pet-store API at start')
    .action(async (flags: ServeFlags) => {
      const { config: file, example, ...overrides } = flags
      let config: GatehouseConfig
      try {
        config = loadConfig({ file, explicitFile: file !== undefined, env: process.env, flags: overrides, cwd: process.cwd() })
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error
        console.error(`gatehouse: ${error.message}`)
        process.exit(2)
      }
      await serve(config, example === true)
    })
}

/** How the primary hands its workers the TLS listener's certificate. */
const SERVER_CERTIFICATE_VARIABLE = 'GATEHOUSE_SERVER_CERTIFICATE'

async function serve(config: GatehouseConfig, example: boolean): Promise<void> {
  const logger = createLogger(config.logLevel)
  const workers = config.workers === 'auto' ? availableParallelism() : config.workers
  if (workers > 1 && cluster.isPrimary) {
    console.log(`Gatehouse starting ${workers} workers on port ${config.port}`)
    // One certificate for every worker: they share the TLS port, so a function's connection may reach any of them.
    process.env[SERVER_CERTIFICATE_VARIABLE] = JSON.stringify(openServerCertificate(config.inMemory ? undefined : resolve(config.baseDir, config.dataDir), new Date()))
    return superviseWorkers(workers, logger)
  }
  const shared = process.env[SERVER_CERTIFICATE_VARIABLE]
  // Worker 1 (or the only process) speaks for all: the banner and the example are printed and deployed once.
  const index = workerIndex()
  const first = index === undefined || index === 1
  const replacement = process.env[WORKER_REPLACEMENT_VARIABLE] === '1'
  example = example && first && !replacement
  const functions: Record<string, FunctionDefinition> = { ...config.functions }
  if (example) {
    functions[EXAMPLE_FUNCTION] ??= { handler: resolve(import.meta.dirname, '../../example/functions/pets.handler') }
  }
  const aws = { region: config.region, accountId: config.accountId }
  let gateway: RunningGateway
  try {
    gateway = await startGateway({
      port: config.port,
      host: config.host,
      adminPort: config.adminPort,
      tlsPort: config.tlsPort,
      serverCertificate: shared === undefined ? undefined : JSON.parse(shared) as ServerCertificate,
      dataDir: resolve(config.baseDir, config.dataDir),
      inMemory: config.inMemory,
      databaseUrl: config.databaseUrl,
      aws,
      functions,
      baseDir: config.baseDir,
      pinnedApiIds: config.apiIds,
      vpcLinks: config.vpcLinks,
      functionConcurrency: config.functionConcurrency,
      functionIdleTimeout: config.functionIdleTimeout,
      functionIsolation: config.functionIsolation,
      watch: config.watch,
      principals: config.principals,
      trustedProxies: config.trustedProxies,
      websocketLimits: {
        idleTimeoutMs: config.websocket.idleTimeoutSeconds * 1000,
        maxConnectionMs: config.websocket.maxConnectionSeconds * 1000,
        newConnectionsPerSecond: config.websocket.newConnectionsPerSecond,
      },
      adminKeys: config.adminKeys,
      userPools: config.userPools,
      logger,
      redis: config.redis === undefined ? undefined : { url: config.redis, keyPrefix: config.redisKeyPrefix, failurePolicy: config.redisFailure },
    })
  } catch (error) {
    console.error(`gatehouse: ${(error as Error).message}`)
    process.exit(1)
  }
  const backend = example ? await startInventoryBackend() : undefined

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down: finishing in-flight requests')
    const forced = setTimeout(() => {
      logger.error('in-flight requests did not finish within 30 s; exiting')
      process.exit(1)
    }, 30_000)
    forced.unref()
    Promise.all([gateway.close(), new Promise((done) => (backend ? backend.server.close(done) : done(undefined)))]).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  // A worker whose primary is gone has nobody to hand it connections: stop with it.
  if (index !== undefined) cluster.worker?.on('disconnect', () => stop('disconnect'))
  if (index !== undefined) process.send?.(WORKER_READY_MESSAGE)
  if (index !== undefined && (!first || replacement)) return

  const split = config.adminPort !== undefined
  const lines = [
    `Gatehouse listening on ${gateway.url}${split ? ' (data plane)' : ' (management API and data plane)'}${index === undefined ? '' : ` (${workers} workers)`}`,
    ...(split ? [`Management API on ${gateway.adminUrl}`] : []),
    `Data plane over TLS on ${gateway.tlsUrl} for {apiId}.execute-api.localhost${config.inMemory ? ' (its CA is kept in memory)' : ` (its CA: ${join(resolve(config.baseDir, config.dataDir), TLS_DIRECTORY, 'ca.pem')})`}`,
    config.databaseUrl !== undefined ? `Store: PostgreSQL at ${describeDatabaseEndpoint(config.databaseUrl)}`
      : config.inMemory ? 'Store: in memory (nothing is kept after exit)' : `Store: ${resolve(config.baseDir, config.dataDir)}`,
    ...(config.redis === undefined ? [] : [`State: Redis at ${redisEndpoint(config.redis)} (${config.redisFailure} while it is unreachable)`]),
  ]
  if (backend !== undefined) {
    try {
      await deployExample({ adminUrl: gateway.adminUrl, region: config.region, accountId: config.accountId, inventoryOrigin: backend.origin, credentials: config.adminKeys[0] })
      const stageUrl = `${gateway.url}/_aws/execute-api/${EXAMPLE_API_ID}/${EXAMPLE_STAGE}`
      const port = new URL(gateway.url).port
      lines.push(
        '',
        `Example API "PetStore" (${EXAMPLE_API_ID}) deployed to stage "${EXAMPLE_STAGE}":`,
        `  curl ${stageUrl}/pets              # Lambda proxy (example/functions/pets.ts)`,
        `  curl ${stageUrl}/pets/1`,
        `  curl ${stageUrl}/health            # MOCK`,
        `  curl ${stageUrl}/store/dog         # HTTP proxy to the example backend`,
        `  curl http://${EXAMPLE_API_ID}.execute-api.localhost:${port}/${EXAMPLE_STAGE}/pets`,
        '',
        'Drive it with the AWS CLI:',
        // With admin keys, the CLI must sign with one; its secret is never printed.
        config.adminKeys.length === 0
          ? `  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=${config.region}`
          : `  export AWS_ACCESS_KEY_ID=${config.adminKeys[0].accessKeyId} AWS_SECRET_ACCESS_KEY=<its secret> AWS_DEFAULT_REGION=${config.region}`,
        `  aws apigateway get-resources --rest-api-id ${EXAMPLE_API_ID} --endpoint-url ${gateway.adminUrl}`,
      )
    } catch (error) {
      logger.error({ err: error }, 'could not deploy the example API')
    }
  }
  console.log(lines.join('\n'))
}

/** host:port of a Redis URL, never its password. */
function redisEndpoint(url: string): string {
  const parsed = new URL(url)
  return `${parsed.hostname}:${parsed.port === '' ? '6379' : parsed.port}`
}
