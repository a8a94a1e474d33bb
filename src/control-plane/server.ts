import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AwsEnvironment } from '../core/aws-environment.ts'
import type { Clock } from '../core/clock.ts'
import type { Logger } from '../core/logger.ts'
import type { CanaryMetrics } from '../observability/canary-metrics.ts'
import type { CacheMetrics } from '../observability/cache-metrics.ts'
import type { FunctionHost } from '../functions/function-host.ts'
import { ManagementError } from '../core/management-error.ts'
import type { LocalIdentityProvider } from '../policies/authorizer/local-identity-provider.ts'
import type { UserPoolKeys } from '../policies/authorizer/user-pool-keys.ts'
import type { StateBackend } from '../state/state-backend.ts'
import type { Store } from '../store/store.ts'
import type { DeploymentCompiler } from '../deploy/deployment-compiler.ts'
import { identityDiscovery } from './identity-discovery.ts'
import { invokeFunction, matchLambdaInvoke } from './lambda-invoke.ts'
import { ManagementAuthenticator, OPEN_MANAGEMENT_ACCESS, type ManagementAccess } from './management-auth.ts'
import { Router } from './router.ts'
import { REST_API_V1_ROUTES } from './routes.ts'
import { parseJsonObject, readBody, sendError, sendJson, sendPayload, type JsonObject } from './wire.ts'

export interface ControlPlaneDeps {
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
  /** Admin keys; without any, every caller is accepted (loopback only, see management-auth.ts). */
  readonly access?: ManagementAccess
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
}

export interface ControlPlane {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
}

/**
 * The REST API v1 management API (`apigateway`) on the rest-json wire, as the AWS CLI and SDK v3
 * speak it. With admin keys configured, calls must be SigV4-signed by one (management-auth.ts).
 */
export function createControlPlane(deps: ControlPlaneDeps): ControlPlane {
  const router = new Router(REST_API_V1_ROUTES)
  const authenticator = new ManagementAuthenticator(deps.access ?? OPEN_MANAGEMENT_ACCESS, deps.aws)
  return {
    async handle(incoming, res) {
      let req = incoming
      try {
        const url = requestTarget(req.url ?? '/')
        const invokeTarget = deps.functions === undefined ? undefined : matchLambdaInvoke(req.method, url.pathname)
        // Every call but the public OIDC discovery documents must be signed by an admin key, when any is configured.
        if (!(req.method === 'GET' && url.pathname.startsWith('/.well-known/'))) {
          req = await authenticator.authenticatedRequest(req, invokeTarget === undefined ? 'apigateway' : 'lambda', deps.clock.now())
        }
        if (invokeTarget !== undefined) return await invokeFunction(req, res, { ...deps, functions: deps.functions! }, invokeTarget, url.searchParams)
        const discovery = deps.identityProvider === undefined ? undefined : identityDiscovery(req.method, url.pathname, req.headers.host, deps.identityProvider)
        if (discovery !== undefined) {
          req.resume()
          return sendJson(res, 200, discovery)
        }
        const match = router.match(req.method ?? 'GET', url.pathname)
        if (match === undefined) {
          req.resume()
          throw new ManagementError('UnknownOperationException', `No operation matches ${req.method} ${url.pathname}`)
        }
        let body: JsonObject = {}
        let rawBody: Buffer | undefined
        if (match.route.rawBody?.(url.searchParams) === true) rawBody = await readBody(req)
        else if (match.route.hasBody) body = parseJsonObject(await readBody(req))
        else req.resume()
        const reply = await match.route.handler({ deps, params: match.params, query: url.searchParams, body, rawBody, headers: req.headers })
        if (reply.payload !== undefined) sendPayload(res, reply.status, reply.payload)
        else sendJson(res, reply.status, reply.body)
      } catch (error) {
        if (error instanceof ManagementError) {
          sendError(res, error)
          return
        }
        // The path only: a presigned query string carries a security token.
        deps.logger.error({ err: error, method: req.method, path: (req.url ?? '/').split('?')[0] }, 'control-plane request failed')
        sendError(res, new ManagementError('InternalFailure', 'Internal server error'))
      }
    },
  }
}

/**
 * The path exactly as sent, and the query. WHATWG URL parsing would resolve dot segments
 * (`/restapis/x/resources/..` into `/restapis/x`, `%2e%2e` included) and so answer a resource the
 * caller never named; AWS routes the segments it was sent, where `..` is just an identifier that
 * names nothing.
 */
function requestTarget(target: string): { pathname: string; searchParams: URLSearchParams } {
  const query = target.indexOf('?')
  return {
    pathname: query < 0 ? target : target.slice(0, query),
    searchParams: new URLSearchParams(query < 0 ? '' : target.slice(query + 1)),
  }
}
