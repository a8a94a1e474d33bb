import { parseWebSocketResult } from '../../../integrations/aws-proxy/websocket-result.ts'
import { invokeLambda } from '../../../integrations/invoke-lambda.ts'
import { compileLambdaTarget } from '../../../integrations/lambda-target.ts'
import { IGNORE_PROBLEMS, type ReportProblem } from '../../../core/compile-problem.ts'
import type { HttpAuthorizer } from '../../../model/v2/authorizer.ts'
import type { HttpDeploymentSnapshot } from '../../../model/v2/deployment.ts'
import type { HttpIntegration } from '../../../model/v2/integration.ts'
import { compileAuthorizer, type CompiledAuthorizer } from '../../../policies/authorizer/compiled-authorizer.ts'
import type { WebSocketRoute } from '../websocket-route.ts'
import type { WebSocketIntegration } from '../websocket-integration.ts'
import { compileMappedIntegration } from './compile-mapped-integration.ts'
import { invocationUri } from './invocation-uri.ts'
import { compileRequestValidation, type MessageValidation } from './request-validation.ts'
import { WebSocketIntegrationFailure, type CompiledWebSocketIntegration } from './websocket-call.ts'

export type { CompiledWebSocketIntegration, WebSocketCall } from './websocket-call.ts'
export { WebSocketIntegrationFailure } from './websocket-call.ts'

/** A deployment as the data plane serves it: route key → integration (undefined: a route with no target). */
export interface CompiledWebSocketDeployment {
  readonly deploymentId: string
  readonly routes: ReadonlyMap<string, CompiledWebSocketIntegration | undefined>
  /** The Lambda REQUEST authorizer of a CUSTOM `$connect` route. */
  readonly connectAuthorizer?: CompiledAuthorizer
  /** Routes with `apiKeyRequired` (`$connect` among them: the connection needs a key). */
  readonly apiKeyRequired: ReadonlySet<string>
  /** Routes that validate messages, and how (route-validation.ts). */
  readonly requestValidation: ReadonlyMap<string, MessageValidation>
  /** `$connect` takes AWS_IAM: the upgrade must be signed with SigV4. */
  readonly connectIam: boolean
  /** Two-way routes: those with a `routeResponseSelectionExpression` and a `$default` route response. */
  readonly twoWay: ReadonlySet<string>
}

/** Compiles a deployment once (docs/architecture.md, "Deploy"): each route's Lambda target resolved, nothing decided per message. */
export function compileWebSocketDeployment(deploymentId: string, snapshot: HttpDeploymentSnapshot, report: ReportProblem = IGNORE_PROBLEMS): CompiledWebSocketDeployment {
  const integrations = new Map<string, CompiledWebSocketIntegration>()
  for (const integration of snapshot.integrations) {
    integrations.set(
      integration.integrationId,
      integration.integrationType === 'AWS_PROXY'
        ? compileLambdaProxy(integration)
        : compileMappedIntegration(integration as WebSocketIntegration, (reason) => report(`integration ${integration.integrationId}: ${reason}`)),
    )
  }
  const routes = new Map(snapshot.routes.map((route) => [
    route.routeKey,
    route.target === undefined ? undefined : integrations.get(route.target.replace(/^integrations\//, '')),
  ]))
  const authorizers = new Map((snapshot.authorizers ?? []).map((authorizer) => [authorizer.authorizerId, authorizer]))
  const connect = snapshot.routes.find((route) => route.routeKey === '$connect')
  const connectAuthorizer = connect?.authorizationType === 'CUSTOM' ? compileConnectAuthorizer(connect.authorizerId, authorizers) : undefined
  const twoWay = new Set((snapshot.routes as readonly WebSocketRoute[])
    .filter((route) => route.routeResponseSelectionExpression !== undefined && route.routeResponses?.some((response) => response.routeResponseKey === '$default'))
    .map((route) => route.routeKey))
  return {
    deploymentId,
    routes,
    ...(connectAuthorizer === undefined ? {} : { connectAuthorizer }),
    connectIam: connect?.authorizationType === 'AWS_IAM',
    apiKeyRequired: new Set(snapshot.routes.filter((route) => route.apiKeyRequired).map((route) => route.routeKey)),
    requestValidation: compileRequestValidation(snapshot),
    twoWay,
  }
}

/**
 * A `$connect` authorizer as REST's Lambda authorizer runs it: identity sources `route.request.header.X`
 * and `route.request.querystring.X` read as REST's `method.request.*` ones, no result caching (API
 * reference v2, "Authorizer": `authorizerResultTtlInSeconds` is for HTTP APIs only). A CUSTOM route
 * whose authorizer the deployment lacks (only a hand-edited store has one) gets one naming no function,
 * which refuses every connection with 500 rather than letting it through.
 */
function compileConnectAuthorizer(authorizerId: string | undefined, authorizers: ReadonlyMap<string, HttpAuthorizer>): CompiledAuthorizer {
  const authorizer = authorizerId === undefined ? undefined : authorizers.get(authorizerId)
  return compileAuthorizer({
    id: authorizer?.authorizerId ?? authorizerId ?? '',
    name: authorizer?.name ?? '',
    type: 'REQUEST',
    identitySource: (authorizer?.identitySource ?? []).map((source) => source.replace(/^route\.request\./, 'method.request.')).join(','),
    authorizerUri: invocationUri(authorizer?.authorizerUri ?? ''),
    authorizerResultTtlInSeconds: 0,
  })
}

/** AWS_PROXY to a Lambda function with WebSocket's event (developer guide, "Setting up a WebSocket API integration"). */
function compileLambdaProxy(integration: HttpIntegration): CompiledWebSocketIntegration {
  const target = compileLambdaTarget(invocationUri(integration.integrationUri ?? ''))
  return async (call, context) => {
    let result
    try {
      result = await invokeLambda(context, target.resolve(call.stageVariables), {
        payload: JSON.stringify(call.event),
        requestId: call.requestId,
        timeoutMs: integration.timeoutInMillis,
      })
    } catch (error) {
      throw new WebSocketIntegrationFailure('Lambda invocation failed', { cause: error })
    }
    if (result.functionError !== undefined) throw new WebSocketIntegrationFailure(`Lambda function error: ${result.functionError}`)
    return parseWebSocketResult(result.payload)
  }
}
