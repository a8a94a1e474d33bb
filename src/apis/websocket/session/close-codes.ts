/** Close codes (RFC 6455 §7.4.1) and the `disconnectReason` texts API Gateway reports with them. */
export const CLOSE_NORMAL = 1000
/** Binary frames are refused (developer guide, "Working with binary media types for WebSocket APIs"). */
export const CLOSE_UNSUPPORTED_DATA = 1003
const CLOSE_NO_STATUS = 1005

/**
 * API Gateway's own close of a connection past its idle timeout or its lifetime, and of a node's
 * connections when the node stops: 1001 "Going away" (no recording has it; as widely reported).
 */
export const GOING_AWAY = { code: 1001, reason: 'Going away' } as const

/**
 * A frame past the 32 KB quota (developer guide, "Amazon API Gateway quotas for configuring and
 * running a WebSocket API": closed "with code 1009"). No recording shows a reason text; it is the
 * one `ws` sends for a message past 128 KB, none, so that both limits close alike.
 */
export const MESSAGE_TOO_BIG = { code: 1009, reason: '' } as const

/** DeleteConnection's close, as its `$disconnect` reports it (execution log quoted in aws/chalice#2060). */
export const DELETED_BY_BACKEND = { code: CLOSE_NORMAL, reason: 'Connection Closed Normally' } as const

/**
 * `disconnectStatusCode` and `disconnectReason` for a close the client began: its own code and
 * reason; a close frame without a status is 1005 with AWS's text (sample event:
 * lambda-rust-runtime/example-apigw-websocket-request-disconnect-route.json).
 */
export function clientDisconnect(code: number, reason: string): { code: number; reason: string } {
  if (code === CLOSE_NO_STATUS) return { code, reason: 'Client-side close frame status not set' }
  return { code, reason }
}
