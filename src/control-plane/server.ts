import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AwsEnvironment } from '../core/aws-environment.ts'
import type { Clock } from '../core/clock.ts'
import type { Logger } from '../core/logger.ts'
import type { FunctionHost } from '../functions/function-host.ts'
import { ManagementError } from '../core/management-error.ts'
import type { LocalIdentityProvider } from '../policies/authorizer/local-identity-provider.ts'
import type { Store } from '../store/store.ts'
import { identityDiscovery } from './identity-discovery.ts'
import { invokeFunction, matchLambdaInvoke } from './lambda-invoke.ts'
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
  /** Lambda functions, for Lambda's Invoke API on this endpoint. */
  readonly functions?: FunctionHost
  /** Called after a committed write that changes what a stage serves (stage, deployment or API deleted). */
  readonly onStagesChanged: (restApiId: string) => void
  /** FlushStageAuthorizersCache: drop the stage's cached authorizer results. */
  readonly onAuthorizersCacheFlushed?: (restApiId: string, stageName: string) => void
  /** Called after a committed write to API keys, usage plans or their keys: they apply at once, without a redeploy. */
  readonly onApiKeysChanged?: () => void
  /** Gatehouse's own identity provider, whose JWKS this endpoint serves (`gatehouse token`). */
  readonly identityProvider?: () => LocalIdentityProvider
}

export interface ControlPlane {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
}

/**
 * The REST API v1 management API (`apigateway`) on the rest-json wire, as the AWS CLI and SDK v3
 * speak it. SigV4 `Authorization` headers are accepted without verification for now.
 */
export function createControlPlane(deps: ControlPlaneDeps): ControlPlane {
  const router = new Router(REST_API_V1_ROUTES)
  return {
    async handle(req, res) {
      try {
        const url = new URL(req.url ?? '/', 'http://localhost')
        const invokeTarget = deps.functions === undefined ? undefined : matchLambdaInvoke(req.method, url.pathname)
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
        deps.logger.error({ err: error, method: req.method, url: req.url }, 'control-plane request failed')
        sendError(res, new ManagementError('InternalFailure', 'Internal server error'))
      }
    },
  }
}
