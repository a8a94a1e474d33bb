import { parseWebSocketResult, type WebSocketResult } from '../../../integrations/aws-proxy/websocket-result.ts'
import type { IntegrationContext } from '../../../integrations/integration.ts'
import { invokeLambda } from '../../../integrations/invoke-lambda.ts'
import { compileLambdaTarget } from '../../../integrations/lambda-target.ts'
import type { HttpDeploymentSnapshot } from '../../../model/v2/deployment.ts'
import type { HttpIntegration } from '../../../model/v2/integration.ts'

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
  return { deploymentId, routes }
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
