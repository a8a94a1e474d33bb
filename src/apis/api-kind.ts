import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { BackendDispatcher } from '../integrations/http/backend-client.ts'
import type { PrincipalDirectory } from '../auth/iam-principal.ts'
import type { AwsEnvironment } from '../core/aws-environment.ts'
import type { Clock } from '../core/clock.ts'
import type { HttpRequest, HttpResponse } from '../core/http.ts'
import type { Logger } from '../core/logger.ts'
import type { FunctionHost } from '../functions/function-host.ts'
import type { Account } from '../model/account.ts'
import type { CacheMetrics } from '../observability/cache-metrics.ts'
import type { CanaryMetrics } from '../observability/canary-metrics.ts'
import type { ApiKeyIndex } from '../policies/api-key/api-key-index.ts'
import type { UserPoolKeys } from '../policies/authorizer/user-pool-keys.ts'
import type { ConnectionRegistry } from '../state/connection-registry.ts'
import type { StateBackend } from '../state/state-backend.ts'
import type { StoreChange, StoreReader } from '../store/store.ts'
import type { RouteDefinition } from './operations/router.ts'
import type { RequestTarget } from './request-target.ts'
import type { DeploymentCompiler } from './rest/deploy/deployment-compiler.ts'
import type { ConnectionsApiAccess } from './websocket/manage-connections.ts'
import type { WebSocketLimits } from './websocket/websocket-limits.ts'

/**
 * One kind of API — REST (API Gateway v1), HTTP and WebSocket (v2) — as the rest of the gateway
 * sees it: the management operations it mounts, the served stages the catalog keeps for it, and the
 * data-plane handler that answers its requests. Everything a kind needs of its own lives under
 * `src/apis/<kind>/`; adding a kind is that folder and one line in api-kinds.ts.
 */
export interface ApiKind<S extends KindStages = KindStages> {
  /** AWS's name for the kind (`ProtocolType` in v2; `REST` for v1). */
  readonly name: 'REST' | 'HTTP' | 'WEBSOCKET'
  /** Its management operations, by the service that mounts them (the AWS service name its callers sign for). */
  readonly managementRoutes: Readonly<Partial<Record<ManagementServiceName, readonly RouteDefinition[]>>>
  /** What the catalog keeps for this kind: its stages and their compiled deployments, read from the store. */
  createStages(deps: KindStagesDeps): S
  /**
   * Its data-plane handler. It answers the request, or returns undefined when the API addressed is
   * not of this kind, so the next kind is asked.
   */
  createHandler(stages: S, engines: GatewayEngines): KindHandler
  /**
   * Its answer to a request whose body passed the data plane's limit (read no further), when the API
   * addressed is its own and it answers otherwise than API Gateway's `REQUEST_TOO_LARGE` response.
   */
  tooLarge?(stages: S, apiId: string, limitBytes: number): Promise<HttpResponse | undefined>
  /**
   * Its handler of WebSocket upgrades, for a kind that serves them: true when the API addressed is
   * its own (it then answered the upgrade, accepting or refusing it), false to ask the next kind.
   */
  createUpgradeHandler?(stages: S, engines: GatewayEngines): KindUpgradeHandler
  /**
   * The gateway is stopping: close the upgraded connections this kind holds as it closes them when
   * going away, and resolve once what that runs (`$disconnect`) is done or given up.
   */
  endUpgrades?(stages: S): Promise<void>
}

/** The management services the control plane mounts, by the name AWS's SDKs sign for. */
export type ManagementServiceName = 'apigateway' | 'apigatewayv2' | 'apigatewaymanagementapi' | 'lambda' | '_gatehouse'

/** A kind's served stages, as the catalog holds them: told of every store change, it drops what the change made stale. */
export interface KindStages {
  forget(change: StoreChange): void
  /** The change feed could not say what changed: drop everything. */
  forgetAll(): void
}

export interface KindStagesDeps {
  readonly store: StoreReader
  readonly logger: Logger
  /** Canary routing's dice (Math.random unless a test seeds it). */
  readonly random: () => number
  /** One compilation per deployment per process, shared with CreateDeployment. */
  readonly compiler?: DeploymentCompiler
  /** VPC link id, name or target ARN → the URL its load balancer is reached at (gatehouse.yaml `vpcLinks`). */
  readonly vpcLinkTargets?: Readonly<Record<string, string>>
}

/**
 * The kind's answer, or undefined when the API addressed is not its own: at once when the kind already knows
 * that (the next kind is asked without a turn of the microtask queue), else once its lookup says so.
 */
export type KindHandler = (http: HttpRequest, target: RequestTarget, localPort: string) => Promise<HttpResponse | undefined> | undefined

/** A WebSocket upgrade addressed to an API, with what the data plane read of its client. */
export interface UpgradeRequest {
  readonly req: IncomingMessage
  readonly socket: Duplex
  /** The first bytes after the handshake's headers, if the client sent any. */
  readonly head: Buffer
  readonly target: RequestTarget
  readonly sourceIp: string
  readonly secure: boolean
  readonly localPort: string
}

export type KindUpgradeHandler = (upgrade: UpgradeRequest) => Promise<boolean>

/** The gateway's shared engines and state, picked by main.ts, that every kind's handler may use. */
export interface GatewayEngines {
  readonly clock: Clock
  readonly logger: Logger
  readonly aws: AwsEnvironment
  readonly functions: FunctionHost
  /** The pooled, keep-alive HTTP client for HTTP and HTTP_PROXY backends. */
  readonly dispatcher: BackendDispatcher
  readonly principals: PrincipalDirectory
  /** Who may call a WebSocket API's `@connections`. */
  readonly connectionsAccess: ConnectionsApiAccess
  readonly userPools: UserPoolKeys
  readonly state: StateBackend
  /** The WebSocket connections this gateway holds, for `@connections` and `$disconnect`. */
  readonly connections: ConnectionRegistry
  readonly cacheMetrics: CacheMetrics
  readonly canaryMetrics?: CanaryMetrics
  /** WebSocket connections' durations and new-connection rate (AWS's quotas unless configured). */
  readonly websocketLimits: WebSocketLimits
  /** API keys and usage plans, as the catalog keeps them. */
  readonly apiKeys: ApiKeyIndex
  /** The account's settings, as the catalog keeps them. */
  readonly account: { get(): Promise<Account> }
}
