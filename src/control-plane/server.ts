import type { IncomingMessage, ServerResponse } from 'node:http'
import { ManagementError } from '../core/management-error.ts'
import { identityDiscovery } from './identity-discovery.ts'
import { invokeFunction, matchLambdaInvoke } from './lambda-invoke.ts'
import { ManagementAuthenticator, OPEN_MANAGEMENT_ACCESS, type ManagementAccess } from './management-auth.ts'
import type { ManagementDeps } from '../apis/operations/operation.ts'
import type { ApiKind } from '../apis/api-kind.ts'
import { API_KINDS } from '../apis/api-kinds.ts'
import { matchManagementOperation, mountManagementServices } from './management-services.ts'
import { parseJsonObject, readBody, sendError, sendJson, sendPayload, type JsonObject } from './wire.ts'

/** The management server's own: the operations' deps and who may call it. */
export interface ControlPlaneDeps extends ManagementDeps {
  /** Admin keys; without any, every caller is accepted (loopback only, see management-auth.ts). */
  readonly access?: ManagementAccess
  /** The API kinds whose management operations it mounts (every kind in api-kinds.ts when not given). */
  readonly kinds?: readonly ApiKind[]
}

export interface ControlPlane {
  /** True when some management operation answers this method and path (a port shared with an API at its root asks). */
  accepts(req: IncomingMessage): boolean
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>
}

/**
 * The management endpoint: the services the API kinds bring (`apigateway` for REST APIs), Lambda's
 * Invoke API and Gatehouse's own `_gatehouse` routes, on the rest-json wire as the AWS CLI and SDK v3
 * speak it. With admin keys configured, calls must be SigV4-signed by one (management-auth.ts).
 */
export function createControlPlane(deps: ControlPlaneDeps): ControlPlane {
  const services = mountManagementServices(deps.kinds ?? API_KINDS)
  const authenticator = new ManagementAuthenticator(deps.access ?? OPEN_MANAGEMENT_ACCESS, deps.aws)
  return {
    accepts(req) {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname
      return matchManagementOperation(services, req.method ?? 'GET', pathname) !== undefined || pathname.startsWith('/.well-known/')
        || (deps.functions !== undefined && matchLambdaInvoke(req.method, pathname) !== undefined)
    },
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
        const match = matchManagementOperation(services, req.method ?? 'GET', url.pathname)
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
