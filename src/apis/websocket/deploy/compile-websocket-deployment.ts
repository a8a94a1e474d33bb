import { parseWebSocketResult, type WebSocketResult } from '../../../integrations/aws-proxy/websocket-result.ts'
import type { IntegrationContext } from '../../../integrations/integration.ts'
import { invokeLambda } from '../../../integrations/invoke-lambda.ts'
import { compileLambdaTarget } from '../../../integrations/lambda-target.ts'
import type { HttpAuthorizer } from '../../../model/v2/authorizer.ts'
import type { HttpDeploymentSnapshot } from '../../../model/v2/deployment.ts'
import type { HttpIntegration } from '../../../model/v2/integration.ts'
import { compileAuthorizer, type CompiledAuthorizer } from '../../../policies/authorizer/compiled-authorizer.ts'
import type { WebSocketRoute } from '../websocket-route.ts'

/** One call of a route's integration: the event, built by the caller for the route's event type. */
export interface WebSocketCall {
  readonly event: Record<string, unknown>
  readonly requestId: string
  readonly stageVariables: Readonly<Record<string, string>>
}

export type CompiledWebSocketIntegration = (call: WebSocketCall, context: IntegrationContext) => Promise<WebSocketResult>

/** A route's integration failed (a function error, no such function, a timeout): the client gets AWS's failure answer. */
export class WebSocketIntegrationFailure extends Error {}

/** A deployment as the data plane serves it: route key → integration (undefined: a route with no target). */
export interface CompiledWebSocketDeployment {
  readonly deploymentId: string
  readonly routes: ReadonlyMap<string, CompiledWebSocketIntegration | undefined>
  /** The Lambda REQUEST authorizer of a CUSTOM `$connect` route. */
  readonly connectAuthorizer?: CompiledAuthorizer
  /** Two-way routes: those with a `routeResponseSelectionExpression` and a `$default` route response. */
  readonly twoWay: ReadonlySet<string>
}

/** Compiles a deployment once (docs/architecture.md, "Deploy"): each route's Lambda target resolved, nothing decided per message. */
export function compileWebSocketDeployment(deploymentId: string, snapshot: HttpDeploymentSnapshot): CompiledWebSocketDeployment {
  const integrations = new Map<string, CompiledWebSocketIntegration>()
  for (const integration of snapshot.integrations) {
    if (integration.integrationType === 'AWS_PROXY') integrations.set(integration.integrationId, compileLambdaProxy(integration))
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
  return { deploymentId, routes, ...(connectAuthorizer === undefined ? {} : { connectAuthorizer }), twoWay }
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

/** A function's ARN as the URI; the Lambda target reader wants the invocation form. */
function invocationUri(uri: string): string {
  if (!uri.startsWith('arn:') || uri.includes(':apigateway:')) return uri
  const region = uri.split(':')[3]
  return `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${uri}/invocations`
}
