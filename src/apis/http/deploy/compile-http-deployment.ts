import type { HttpAuthorizer } from '../../../model/v2/authorizer.ts'
import type { HttpDeploymentSnapshot } from '../../../model/v2/deployment.ts'
import { RouteTable } from '../routing/match-route.ts'
import { compileCors, type CompiledCors } from './compile-cors.ts'
import { compileRouteAuthorization } from './compile-route-authorization.ts'
import type { CompiledHttpRoute } from './compiled-http-route.ts'
import { compileHttpProxyIntegration } from './http-proxy-integration.ts'
import { compileLambdaProxyIntegration, type CompiledHttpIntegration } from './lambda-proxy-integration.ts'
import { withResponseParameters } from './response-parameters.ts'

/** A deployment as the data plane serves it: its routes with their authorization and integration, and its CORS answers. */
export interface CompiledHttpDeployment {
  readonly deploymentId: string
  readonly routes: RouteTable<CompiledHttpRoute>
  readonly cors: CompiledCors | undefined
}

/**
 * Compiles a deployment once (docs/architecture.md, "Deploy"): the route table in AWS's priority
 * order, per route its authorizer, per integration its transport, Lambda payload format and
 * parameter mappings, so no request decides them.
 */
export function compileHttpDeployment(deploymentId: string, snapshot: HttpDeploymentSnapshot): CompiledHttpDeployment {
  const integrations = new Map<string, CompiledHttpIntegration>()
  for (const integration of snapshot.integrations) {
    let compiled: CompiledHttpIntegration | undefined
    if (integration.integrationType === 'AWS_PROXY') compiled = compileLambdaProxyIntegration(integration)
    else if (integration.integrationType === 'HTTP_PROXY') compiled = compileHttpProxyIntegration(integration)
    if (compiled !== undefined) integrations.set(integration.integrationId, withResponseParameters(compiled, integration.responseParameters))
  }
  const authorizers = new Map<string, HttpAuthorizer>((snapshot.authorizers ?? []).map((authorizer) => [authorizer.authorizerId, authorizer]))
  const routes = snapshot.routes.map((route) => ({
    routeKey: route.routeKey,
    value: {
      authorization: compileRouteAuthorization(route, authorizers),
      integration: route.target === undefined ? undefined : integrations.get(route.target.replace(/^integrations\//, '')),
    },
  }))
  return { deploymentId, routes: new RouteTable(routes), cors: snapshot.corsConfiguration === undefined ? undefined : compileCors(snapshot.corsConfiguration) }
}
