import type { WebSocketServer } from 'ws'
import type { IntegrationContext } from '../../../integrations/integration.ts'
import type { GatewayEngines } from '../../api-kind.ts'
import type { WebSocketStages } from '../websocket-stages.ts'

/** What the WebSocket kind's data plane works with, made once per gateway. */
export interface WebSocketDeps {
  readonly stages: WebSocketStages
  readonly engines: GatewayEngines
  readonly integrations: IntegrationContext
  /** `ws` in no-server mode: it completes handshakes the kind has accepted and reads frames. */
  readonly server: WebSocketServer
}

/**
 * Message limits (developer guide, "Amazon API Gateway quotas for configuring and running a
 * WebSocket API"): 128 KB a message; past it the connection is closed with 1009.
 */
export const MAX_MESSAGE_BYTES = 128 * 1024
