import type { AwsEnvironment } from '../../core/aws-environment.ts'
import type { Clock } from '../../core/clock.ts'
import type { Logger } from '../../core/logger.ts'
import type { FunctionHost } from '../../functions/function-host.ts'
import type { CacheMetrics } from '../../observability/cache-metrics.ts'
import type { CanaryMetrics } from '../../observability/canary-metrics.ts'
import type { LocalIdentityProvider } from '../../policies/authorizer/local-identity-provider.ts'
import type { UserPoolKeys } from '../../policies/authorizer/user-pool-keys.ts'
import type { StateBackend } from '../../state/state-backend.ts'
import type { Store } from '../../store/store.ts'
import type { DeploymentCompiler } from '../rest/deploy/deployment-compiler.ts'
import type { JsonObject } from '../../core/json.ts'

/** One management API call, as a handler sees it: path labels, query string, parsed JSON body. */
export interface Operation {
  readonly deps: ManagementDeps
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  readonly body: JsonObject
  /** The body as sent, for routes that read it themselves (see RouteDefinition.rawBody). */
  readonly rawBody?: Buffer
  /** The request headers, for the few operations that read one (GetExport's `Accept`). */
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>
}

/** What a handler answers: a status and a JSON body (undefined = empty body, as AWS's 202/204 deletes). */
export interface Reply {
  readonly status: number
  readonly body?: unknown
  /** A non-JSON answer (GetExport's document): sent as is, with its own content type and headers. */
  readonly payload?: { readonly contentType: string; readonly headers?: Readonly<Record<string, string>>; readonly data: Buffer }
}

export type Handler = (operation: Operation) => Promise<Reply>

/**
 * What management operations may use, whichever service mounts them: the store they read and write,
 * and the few shared components of the gateway that some operations reach (flushes, counters).
 */
export interface ManagementDeps {
  readonly store: Store
  readonly clock: Clock
  readonly logger: Logger
  readonly aws: AwsEnvironment
  /** API name -> id, from gatehouse.yaml: CreateRestApi with that name gets that id. */
  readonly pinnedApiIds: Readonly<Record<string, string>>
  /** Compiles deployments for CreateDeployment, shared with the catalog so each is compiled once per process (compiled for the check alone when not given). */
  readonly compiler?: DeploymentCompiler
  /** Lambda functions, for Lambda's Invoke API on this endpoint. */
  readonly functions?: FunctionHost
  /** The data plane's record of canary answers (Gatehouse's canary-metrics route). */
  readonly canaryMetrics?: CanaryMetrics
  /**
   * The data plane's request-path state: FlushStageAuthorizersCache and FlushStageCache empty its
   * caches, GetUsage/UpdateUsage read and write its quota counters, GET /_gatehouse/health reports
   * it. Without it (embedders, unit tests) flushes have nothing to empty and usage reads zero.
   * Configuration needs no such link: the data plane follows the store's change feed.
   */
  readonly state?: StateBackend
  /** The data plane's CacheHitCount/CacheMissCount (Gatehouse's cache-metrics route). */
  readonly cacheMetrics?: CacheMetrics
  /** Gatehouse's own identity provider, whose JWKS this endpoint serves (`gatehouse token`). */
  readonly identityProvider?: () => LocalIdentityProvider
  /** The user pools TestInvokeAuthorizer checks Cognito tokens against (gatehouse.yaml `userPools`). */
  readonly userPools?: UserPoolKeys
  /** Where VPC links' load balancers are (gatehouse.yaml `vpcLinks`), for TestInvokeMethod's private integrations. */
  readonly vpcLinkTargets?: Readonly<Record<string, string>>
}
