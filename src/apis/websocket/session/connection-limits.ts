import { GOING_AWAY } from './close-codes.ts'
import type { WebSocketDeps } from './websocket-deps.ts'

/**
 * Closes every connection past its lifetime or idle past the idle timeout (developer guide, "Amazon
 * API Gateway quotas for configuring and running a WebSocket API": 2 hours, 10 minutes), with 1001
 * "Going away", which its `$disconnect` reports. Read against the gateway's clock, so a test moves
 * the clock instead of waiting.
 */
export function closeExpiredConnections(deps: WebSocketDeps): void {
  const { clock, websocketLimits: limits } = deps.engines
  const now = clock.now()
  for (const open of deps.open.values()) {
    if (now - open.connectedAt >= limits.maxConnectionMs || now - open.lastActiveAt >= limits.idleTimeoutMs) {
      open.close(GOING_AWAY.code, GOING_AWAY.reason)
    }
  }
}

/** Checks the node's connections every `checkIntervalMs`; returns the stop. */
export function startConnectionLimitChecks(deps: WebSocketDeps): () => void {
  const timer = setInterval(() => closeExpiredConnections(deps), deps.engines.websocketLimits.checkIntervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
