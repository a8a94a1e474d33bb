/**
 * The limits API Gateway puts on WebSocket connections (developer guide, "Amazon API Gateway quotas
 * for configuring and running a WebSocket API"), configurable (gatehouse.yaml `websocket`) so that
 * tests and local setups can shorten them.
 */
export interface WebSocketLimits {
  /** A connection that neither sends nor is sent anything this long is closed (AWS: 10 minutes). */
  readonly idleTimeoutMs: number
  /** A connection is closed this long after it opened (AWS: 2 hours). */
  readonly maxConnectionMs: number
  /** New connections a second, across every gateway sharing state; past it the handshake is 429 (AWS: 500 per account and Region). */
  readonly newConnectionsPerSecond: number
  /** How often open connections are checked against the two durations (Gatehouse's own; 1 s). */
  readonly checkIntervalMs: number
}

export const DEFAULT_WEBSOCKET_LIMITS: WebSocketLimits = {
  idleTimeoutMs: 10 * 60_000,
  maxConnectionMs: 2 * 3_600_000,
  newConnectionsPerSecond: 500,
  checkIntervalMs: 1_000,
}

/** The account's new-connection bucket (shared state: with Redis, every gateway draws on one). */
export const NEW_CONNECTIONS_BUCKET = 'websocket:new-connections'
