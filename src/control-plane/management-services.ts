import type { ApiKind, ManagementServiceName } from '../apis/api-kind.ts'
import { Router, type RouteDefinition, type RouteMatch } from '../apis/operations/router.ts'
import { getHealth } from './health.ts'

/** Gatehouse's own routes, beyond AWS, that belong to no API kind. */
const GATEHOUSE_ROUTES: readonly RouteDefinition[] = [
  // Is the gateway serving, is its state backend (memory or Redis) reachable.
  { method: 'GET', path: '/_gatehouse/health', hasBody: false, handler: getHealth },
]

/** One management service on the shared endpoint: the AWS service its operations belong to, and their routes. */
export interface ManagementService {
  readonly name: ManagementServiceName
  readonly router: Router
}

/**
 * The services the management endpoint mounts, each from the operations the API kinds bring for it
 * (`apigateway` from REST; `apigatewayv2` from HTTP and WebSocket APIs as they land) and
 * Gatehouse's own `_gatehouse` routes. Lambda's Invoke API is mounted by the server itself.
 */
export function mountManagementServices(kinds: readonly ApiKind[]): readonly ManagementService[] {
  const routes = new Map<ManagementServiceName, RouteDefinition[]>([['_gatehouse', [...GATEHOUSE_ROUTES]]])
  for (const kind of kinds) {
    for (const [name, own] of Object.entries(kind.managementRoutes) as [ManagementServiceName, readonly RouteDefinition[]][]) {
      routes.set(name, [...(routes.get(name) ?? []), ...own])
    }
  }
  return [...routes].map(([name, all]) => ({ name, router: new Router(all) }))
}

/** The first service with an operation for this method and path. */
export function matchManagementOperation(services: readonly ManagementService[], method: string, pathname: string): RouteMatch | undefined {
  for (const service of services) {
    const match = service.router.match(method, pathname)
    if (match !== undefined) return match
  }
  return undefined
}
