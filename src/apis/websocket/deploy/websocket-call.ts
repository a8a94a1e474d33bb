import type { WebSocketResult } from '../../../integrations/aws-proxy/websocket-result.ts'
import type { IntegrationContext } from '../../../integrations/integration.ts'

/** One call of a route's integration. */
export interface WebSocketCall {
  /** The Lambda proxy event, built by the caller for the route's event type; its `requestContext` is also `$context`. */
  readonly event: Record<string, unknown>
  readonly requestId: string
  readonly stageVariables: Readonly<Record<string, string>>
  /**
   * What mapping reads of the route request: the message's text (`""` for `$connect` and
   * `$disconnect`), and the upgrade's headers (`[name, value, ...]`) and query string, which only
   * `$connect` has (developer guide, "Setting up data mapping for WebSocket APIs").
   */
  readonly request: { readonly body: string; readonly headers: readonly string[]; readonly rawQuery: string }
}

export type CompiledWebSocketIntegration = (call: WebSocketCall, context: IntegrationContext) => Promise<WebSocketResult>

/** A route's integration failed (a function error, no such function, a timeout): the client gets AWS's failure answer. */
export class WebSocketIntegrationFailure extends Error {}
