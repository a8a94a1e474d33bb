import type { WebSocketServer } from 'ws'
import type { IntegrationContext } from '../../../integrations/integration.ts'
import type { AuthorizerDeps } from '../../../policies/authorizer/authorizer-deps.ts'
import type { GatewayEngines } from '../../api-kind.ts'
import type { WebSocketStages } from '../websocket-stages.ts'

/** A connection this node holds, as its limits and the node's stop see it. */
export interface OpenConnection {
  readonly connectedAt: number
  /** The last time the client sent anything (a message or a ping). */
  lastActiveAt: number
  /** Closes the socket with this code; its `$disconnect` reports the same code and reason. */
  close(code: number, reason: string): void
  /** Settles once the connection is closed and its `$disconnect` ran (or failed). */
  readonly finished: Promise<void>
}

/** What the WebSocket kind's data plane works with, made once per gateway. */
export interface WebSocketDeps {
  readonly stages: WebSocketStages
  readonly engines: GatewayEngines
  readonly integrations: IntegrationContext
  /** What the `$connect` authorizer runs with. */
  readonly authorizers: AuthorizerDeps
  /** `ws` in no-server mode: it completes handshakes the kind has accepted and reads frames. */
  /** The `ws` server that completes handshakes (made on first use). */
  readonly server: () => WebSocketServer
  /** The connections open on this node, by connection id. */
  readonly open: Map<string, OpenConnection>
  /** Stops the periodic check of the connections' durations. */
  stopChecks(): void
}

/**
 * Message limits (developer guide, "Amazon API Gateway quotas for configuring and running a
 * WebSocket API"): 128 KB a message; past it the connection is closed with 1009 (the 32 KB a frame is
 * frame-size-limit.ts).
 */
export const MAX_MESSAGE_BYTES = 128 * 1024
