import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { Duplex } from 'node:stream'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { PrincipalDirectory, type PrincipalConfig } from './auth/iam-principal.ts'
import { assertManagementApiSecured } from './control-plane/management-auth.ts'
import { createControlPlane } from './control-plane/server.ts'
import { API_KINDS } from './apis/api-kinds.ts'
import { Catalog } from './catalog/catalog.ts'
import { DeploymentCompiler } from './apis/rest/deploy/deployment-compiler.ts'
import { CacheMetrics } from './observability/cache-metrics.ts'
import { CanaryMetrics } from './observability/canary-metrics.ts'
import type { SigningCredential } from './auth/sigv4/verify-signature.ts'
import type { AwsEnvironment } from './core/aws-environment.ts'
import { systemClock, type Clock } from './core/clock.ts'
import { silentLogger, type Logger } from './core/logger.ts'
import { warmNextTick } from './core/warm-next-tick.ts'
import { keepOldGenerationHeadroom } from './core/old-generation-headroom.ts'
import { createDataPlane } from './data-plane/server.ts'
import { signedForManagement, type RootApi } from './data-plane/root-api.ts'
import { LocalIdentityProvider } from './policies/authorizer/local-identity-provider.ts'
import { createUserPoolKeys, type UserPoolConfig } from './policies/authorizer/user-pool-registry.ts'
import type { FunctionDefinition } from './functions/function-definition.ts'
import { WorkerFunctionHost, type FunctionIsolation } from './functions/worker-function-host.ts'
import { executionRoleCredentials } from './functions/role-credentials.ts'
import { openServerCertificate, type ServerCertificate } from './data-plane/tls/local-certificate-authority.ts'
import { SqliteStore } from './store/sqlite/sqlite-store.ts'
import type { Store } from './store/store.ts'
import { MemoryConnectionRegistry } from './state/memory/memory-connection-registry.ts'
import type { ConnectionRegistry } from './state/connection-registry.ts'
import type { WebSocketLimits } from './apis/websocket/websocket-limits.ts'
import { memoryStateBackend, type RedisFailurePolicy } from './state/state-backend.ts'

export interface GatewayOptions {
  /** Port for the data plane, and for the management API unless adminPort is given. 0 picks a free one. */
  readonly port: number
  readonly host: string
  /** A separate port for the management API. */
  readonly adminPort?: number
  /** Where the SQLite file lives; ignored with inMemory. */
  readonly dataDir: string
  readonly inMemory: boolean
  /** The shared store on PostgreSQL (`--database-url`), for several gateways on one database; wins over dataDir/inMemory. */
  readonly databaseUrl?: string
  readonly aws: AwsEnvironment
  readonly functions: Readonly<Record<string, FunctionDefinition>>
  /** Resolves relative handler paths (the directory of gatehouse.yaml). */
  readonly baseDir: string
  readonly pinnedApiIds: Readonly<Record<string, string>>
  /** Reserved concurrency of a function that sets none, and seconds an idle worker lives (defaults 10, 300). */
  readonly functionConcurrency?: number
  readonly functionIdleTimeout?: number
  /** Where local handlers run: child processes (default) or, for trusted code, worker threads. */
  readonly functionIsolation?: FunctionIsolation
  /** Hot reload: rerun changed handler code on the next invocation. */
  readonly watch?: boolean
  readonly logger?: Logger
  readonly clock?: Clock
  /** Replaces the store named by databaseUrl/dataDir/inMemory (tests, embedders). */
  readonly store?: Store
  /** Cognito user pools COGNITO_USER_POOLS authorizers may name, by pool ARN (gatehouse.yaml `userPools`). */
  readonly userPools?: Readonly<Record<string, UserPoolConfig>>
  /** Gatehouse's own token signer; by default its key lives in dataDir (only in memory when dataDir is ''). */
  readonly identityProvider?: LocalIdentityProvider
  /** Callers of AWS_IAM methods (gatehouse.yaml `principals`). */
  readonly principals?: Readonly<Record<string, PrincipalConfig>>
  /** Proxies (CIDRs) whose X-Forwarded-For/-Proto are believed (gatehouse.yaml `trustedProxies`). */
  readonly trustedProxies?: readonly string[]
  /** Keys that may call the management API; without any, only a loopback host is allowed. */
  readonly adminKeys?: readonly SigningCredential[]
  /** Canary routing's random source, in [0, 1) (tests seed it). */
  readonly random?: () => number
  /**
   * Shared state in Redis (`--redis redis://…`): every gateway on it shares buckets, quotas and
   * authorizer results. Memory (this process only) when not given.
   */
  readonly redis?: {
    readonly url: string
    readonly keyPrefix?: string
    readonly failurePolicy?: RedisFailurePolicy
    /** How long one Redis command may take before the failure policy serves instead (default 500 ms). */
    readonly commandTimeoutMs?: number
    /** How long startup waits for a first connection (default 2 s). */
    readonly connectWaitMs?: number
  }
  /**
   * WebSocket connections' idle timeout, lifetime and new-connection rate (gatehouse.yaml
   * `websocket`); AWS's quotas for what is not given.
   */
  readonly websocketLimits?: Partial<WebSocketLimits>
  /**
   * APIs served at the root of the port as well (`gatehouse up`, as `sam local start-api` serves them):
   * their routes first, then the management API, then an answer naming them. Asked on every request,
   * so the caller can set them once they are deployed.
   */
  readonly rootApis?: () => readonly RootApi[]
  /** Where each VPC link's load balancer is, by link id, name or target ARN (gatehouse.yaml `vpcLinks`). */
  readonly vpcLinks?: Readonly<Record<string, string>>
  /**
   * The port of the data plane's TLS listener, for the execute-api host names (0, the default,
   * picks a free one): local functions reach `https://{apiId}.execute-api.localhost` there.
   */
  readonly tlsPort?: number
  /** What that listener serves; by default the data directory's (`tls/`), or one made in memory. */
  readonly serverCertificate?: ServerCertificate
}

export interface RunningGateway {
  /** Base URL of the data plane (and of the management API when not split). */
  readonly url: string
  /** Base URL of the management API. */
  readonly adminUrl: string
  /** Base URL of the data plane over TLS (`https://{host}:{tlsPort}`); its certificate names `*.execute-api.localhost`. */
  readonly tlsUrl: string
  /** PEM of the local CA that issued the TLS listener's certificate, for clients to trust. */
  readonly caCertificate: string
  readonly store: Store
  readonly functions: WorkerFunctionHost
  /** Graceful: stop accepting, let in-flight requests finish, then close the store. */
  close(): Promise<void>
}

/**
 * The composition root: the only place that picks adapters. PostgreSQL's and Redis's are loaded only
 * when chosen: their clients alone would add about 30 MB to every gateway's resident memory.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const access = { adminKeys: options.adminKeys ?? [] }
  assertManagementApiSecured(options.host, access)
  // Before the store opens and anything is deployed: a large first load or control-plane call must not leave
  // nextTick on V8's slow path for the life of the process (see warm-next-tick.ts).
  await warmNextTick()
  // Full collections seconds apart rather than several a second while the heap is small (see old-generation-headroom.ts).
  keepOldGenerationHeadroom()
  const logger = options.logger ?? silentLogger
  const clock = options.clock ?? systemClock
  const store = options.store ?? (options.databaseUrl !== undefined
    ? await (await import('./store/postgres/postgres-store.ts')).PostgresStore.open({ url: options.databaseUrl, logger })
    : new SqliteStore({ filename: options.inMemory ? ':memory:' : join(options.dataDir, 'gatehouse.db') }))
  const roleCredentials = executionRoleCredentials(process.env)
  const functions = new WorkerFunctionHost({
    functions: options.functions,
    roleCredentials,
    baseDir: options.baseDir,
    logger,
    aws: options.aws,
    clock,
    defaultConcurrency: options.functionConcurrency,
    idleTimeoutSeconds: options.functionIdleTimeout,
    watch: options.watch,
    isolation: options.functionIsolation,
    privatePaths: options.inMemory || options.dataDir === '' ? [] : [options.dataDir],
    // Cold starts reuse what earlier ones compiled; a gateway without a data directory keeps none.
    compileCacheRoot: options.inMemory || options.dataDir === '' ? undefined : join(options.dataDir, 'compile-cache'),
  })
  const principals = new PrincipalDirectory(options.principals ?? {}, options.aws)
  // Made on first use only: a gateway that never sees a Gatehouse-minted token writes no key. The key
  // stays in dataDir even with inMemory, so `gatehouse token` (which reads it there) works with either.
  let identityProvider = options.identityProvider
  const localIdentityProvider = (): LocalIdentityProvider =>
    (identityProvider ??= options.dataDir === '' ? LocalIdentityProvider.generate() : LocalIdentityProvider.open(options.dataDir))
  const userPools = createUserPoolKeys(options.userPools ?? {}, { baseDir: options.baseDir, localIdentityProvider })
  // Shared by both planes: the data plane records canary answers, `gatehouse canary` reads them through the control plane.
  const canaryMetrics = new CanaryMetrics(clock)
  const state = options.redis === undefined
    ? memoryStateBackend(clock)
    : await (await import('./state/redis/redis-state-backend.ts')).openRedisStateBackend({
        url: options.redis.url,
        keyPrefix: options.redis.keyPrefix ?? 'gatehouse:',
        failurePolicy: options.redis.failurePolicy ?? 'fail-open',
        commandTimeoutMs: options.redis.commandTimeoutMs,
        connectWaitMs: options.redis.connectWaitMs,
        clock,
        logger,
      })
  // WebSocket connections: this process's own, or, on Redis, every gateway's (a post through any reaches the node holding the socket).
  const connections: ConnectionRegistry = options.redis === undefined
    ? new MemoryConnectionRegistry()
    : await (await import('./state/redis/redis-connection-registry.ts')).RedisConnectionRegistry.open({ url: options.redis.url, keyPrefix: options.redis.keyPrefix ?? 'gatehouse:', logger })
  const compiler = new DeploymentCompiler()
  const catalog = await Catalog.open({ store, logger, kinds: API_KINDS, random: options.random, compiler, vpcLinkTargets: options.vpcLinks })
  const cacheMetrics = new CacheMetrics()
  const dataPlane = createDataPlane({
    catalog, kinds: API_KINDS, state, cacheMetrics, connections, websocketLimits: options.websocketLimits,
    clock, logger, aws: options.aws, functions, userPools, principals, trustedProxies: options.trustedProxies, canaryMetrics,
    // Signatures are asked for once anyone's key is (admin keys, principals); local functions sign with their role's.
    connectionsAccess: { signatureRequired: access.adminKeys.length > 0 || principals.size > 0, trustedKeys: [...access.adminKeys, roleCredentials] },
    rootApis: options.rootApis,
  })
  const controlPlane = createControlPlane({
    store,
    clock,
    logger,
    aws: options.aws,
    pinnedApiIds: options.pinnedApiIds,
    functions,
    canaryMetrics,
    vpcLinkTargets: options.vpcLinks,
    access,
    state,
    compiler,
    cacheMetrics,
    identityProvider: localIdentityProvider,
    userPools,
  })

  const onError = (error: unknown, res: ServerResponse): void => {
    logger.error({ err: error }, 'unhandled error in request handler')
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
    res.end('{"message":"Internal server error"}')
  }
  const serveAtRoot = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = signedForManagement(req.headers.authorization, req.url ?? '/') ? undefined : await dataPlane.rootTarget(req)
    if (target !== undefined) return dataPlane.handle(req, res, target)
    if (controlPlane.accepts(req)) return controlPlane.handle(req, res)
    dataPlane.refuseAtRoot(req, res)
  }
  const serveBoth = (req: IncomingMessage, res: ServerResponse): void => {
    const served = dataPlane.accepts(req) ? dataPlane.handle(req, res)
      : options.rootApis !== undefined ? serveAtRoot(req, res)
      : controlPlane.handle(req, res)
    served.catch((error: unknown) => onError(error, res))
  }
  const serveData = (req: IncomingMessage, res: ServerResponse): void => {
    dataPlane.handle(req, res).catch((error: unknown) => onError(error, res))
  }
  const upgradeData = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    dataPlane.handleUpgrade(req, socket, head).catch((error: unknown) => {
      logger.error({ err: error }, 'unhandled error in upgrade handler')
      socket.destroy()
    })
  }
  const serveAdmin = (req: IncomingMessage, res: ServerResponse): void => {
    controlPlane.handle(req, res).catch((error: unknown) => onError(error, res))
  }

  const split = options.adminPort !== undefined
  const certificate = options.serverCertificate ?? openServerCertificate(options.inMemory || options.dataDir === '' ? undefined : options.dataDir, new Date())
  const servers: Server[] = []
  try {
    // WebSocket handshakes addressed to an API go to the data plane; any other upgrade is an ordinary request.
    const upgrades = { accepts: (req: IncomingMessage) => isWebSocketUpgrade(req) && dataPlane.accepts(req), handle: upgradeData }
    const main = await listen(split ? serveData : serveBoth, options.port, options.host, upgrades)
    servers.push(main)
    if (split) servers.push(await listen(serveAdmin, options.adminPort ?? 0, options.host))
    servers.push(await listen(serveData, options.tlsPort ?? 0, options.host, upgrades, certificate))
  } catch (error) {
    for (const server of servers) server.close()
    await functions.close()
    await dataPlane.close()
    catalog.close()
    await state.close()
    await connections.close()
    if (options.store === undefined) await store.close()
    throw error
  }
  const urlOf = (server: Server): string => {
    const { port } = server.address() as AddressInfo
    const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  }
  const url = urlOf(servers[0])
  const adminUrl = urlOf(servers[split ? 1 : 0])
  const tlsServer = servers[servers.length - 1]
  const tlsUrl = urlOf(tlsServer).replace(/^http:/, 'https:')
  functions.setExecuteApiEndpoint({ host: reachableHost(options.host), port: (tlsServer.address() as AddressInfo).port, caCertificate: certificate.caCertificate })

  let closing: Promise<void> | undefined
  return {
    url,
    adminUrl,
    tlsUrl,
    caCertificate: certificate.caCertificate,
    store,
    functions,
    close() {
      closing ??= (async () => {
        // Connections close as API Gateway closes them, their $disconnect running while functions still do.
        const upgradesEnded = dataPlane.endUpgrades()
        const serversClosed = Promise.all(servers.map(closeGracefully))
        await upgradesEnded
        await serversClosed
        await dataPlane.close()
        catalog.close()
        await state.close()
        await connections.close()
        await functions.close()
        if (options.store === undefined) await store.close()
      })()
      return closing
    },
  }
}

interface Upgrades {
  accepts(req: IncomingMessage): boolean
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void
}

/** Where this machine reaches a listener bound to `host`: the loopback when it is every interface. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1'
  if (host === '::') return '::1'
  return host.replace(/^\[|\]$/g, '')
}

const isWebSocketUpgrade = (req: IncomingMessage): boolean => req.headers.upgrade?.toLowerCase() === 'websocket'

function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void, port: number, host: string, upgrades?: Upgrades, tls?: ServerCertificate,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const settings = {
      requestTimeout: 60_000, headersTimeout: 30_000, maxHeaderSize: 32 * 1024,
      shouldUpgradeCallback: (req: IncomingMessage) => upgrades?.accepts(req) ?? false,
    }
    const server: Server = tls === undefined ? createServer(settings, handler) : createTlsServer({ ...settings, key: tls.privateKey, cert: tls.certificate }, handler)
    if (upgrades !== undefined) server.on('upgrade', upgrades.handle)
    server.keepAliveTimeout = 5_000
    server.on('connect', refuseConnect)
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} is in use: pass --port (or --admin-port, --tls-port) with a free one`))
      else reject(error)
    })
    server.listen(port, host, () => resolve(server))
  })
}

/**
 * CONNECT asks for a tunnel, which neither API Gateway endpoint offers. Without a listener node:http
 * closes the socket unanswered; answer it as an unsupported method instead, in the JSON error shape
 * AWS's endpoints use, and close.
 */
function refuseConnect(_req: IncomingMessage, socket: Duplex): void {
  const body = JSON.stringify({ message: 'CONNECT is not supported' })
  socket.on('error', () => socket.destroy())
  socket.end(
    'HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\n'
      + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}

/** Stops accepting, closes idle keep-alive sockets, and waits for in-flight requests to finish. */
function closeGracefully(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeIdleConnections()
  })
}
