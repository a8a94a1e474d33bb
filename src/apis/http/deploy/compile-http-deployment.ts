import type { HttpDeploymentSnapshot } from '../../../model/v2/deployment.ts'
import { RouteTable } from '../routing/match-route.ts'
import { compileHttpProxyIntegration } from './http-proxy-integration.ts'
import { compileLambdaProxyIntegration, type CompiledHttpIntegration } from './lambda-proxy-integration.ts'

/** A deployment as the data plane serves it: its routes, each with its integration compiled (undefined: a route with no target). */
export interface CompiledHttpDeployment {
  readonly deploymentId: string
  readonly routes: RouteTable<CompiledHttpIntegration | undefined>
}

/**
 * Compiles a deployment once (docs/architecture.md, "Deploy"): the route table in AWS's priority
 * order, and per integration its transport and Lambda payload format, so no request decides them.
 */
export function compileHttpDeployment(deploymentId: string, snapshot: HttpDeploymentSnapshot): CompiledHttpDeployment {
  const integrations = new Map<string, CompiledHttpIntegration>()
  for (const integration of snapshot.integrations) {
    if (integration.integrationType === 'AWS_PROXY') integrations.set(integration.integrationId, compileLambdaProxyIntegration(integration))
    else if (integration.integrationType === 'HTTP_PROXY') integrations.set(integration.integrationId, compileHttpProxyIntegration(integration))
  }
  const routes = snapshot.routes.map((route) => ({
    routeKey: route.routeKey,
    value: route.target === undefined ? undefined : integrations.get(route.target.replace(/^integrations\//, '')),
  }))
  return { deploymentId, routes: new RouteTable(routes) }
}
