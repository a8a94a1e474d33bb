import type { WebSocketEventConnection } from '../../../integrations/aws-proxy/websocket-event.ts'
import { clfTime, writeAccessLog } from '../../../observability/access-log.ts'
import type { ServedWebSocketStage } from '../websocket-stages.ts'
import type { WebSocketDeps } from './websocket-deps.ts'

/** One event on a connection, as its access-log line reports it, gathered while it is handled. */
export interface WebSocketEventRecord {
  readonly eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT'
  readonly requestId: string
  /** Epoch milliseconds the event began. */
  readonly timeEpoch: number
  /** What is known of the connection; a `$connect` refused early has its id and address only. */
  connection: WebSocketEventConnection
  routeKey?: string
  messageId?: string
  /** The answer: the handshake's status, or for a message the status its frame stands for. */
  status?: number
  /** API Gateway's own error text (`Forbidden`, `Too Many Requests`, ...), when it answered one. */
  error?: string
  integrationStatus?: number
  integrationLatency?: number
  integrationError?: string
}

/** Runs an integration call, noting its latency, and its error when it throws, in the record. */
export async function timedIntegration<T>(record: WebSocketEventRecord, call: () => Promise<T>): Promise<T> {
  const started = performance.now()
  try {
    return await call()
  } catch (error) {
    record.integrationError = error instanceof Error ? error.message : String(error)
    throw error
  } finally {
    record.integrationLatency = Math.round(performance.now() - started)
  }
}

/**
 * One access-log line for a handled event on a stage with `AccessLogSettings` (developer guide,
 * "Configure logging for WebSocket APIs in API Gateway"), written to the same sink as HTTP APIs'
 * lines, after the event: its `$context` variables are the WebSocket ones that page lists; one the
 * event never reached (no integration called, no message) is written `-`.
 */
export function logWebSocketEvent(deps: WebSocketDeps, stage: ServedWebSocketStage | undefined, record: WebSocketEventRecord): void {
  const log = stage?.accessLog
  if (log === undefined) return
  writeAccessLog(deps.engines.logger, log, { apiId: record.connection.apiId, stage: stage!.stageName }, () => accessLogContext(record))
}

function accessLogContext(record: WebSocketEventRecord): Record<string, unknown> {
  const { connection } = record
  return {
    apiId: connection.apiId,
    authorizer: connection.authorizer,
    connectedAt: connection.connectedAt,
    connectionId: connection.connectionId,
    domainName: connection.domainName,
    error: record.error === undefined ? undefined : { message: record.error, messageString: JSON.stringify(record.error) },
    eventType: record.eventType,
    extendedRequestId: record.requestId,
    identity: {
      accountId: connection.iamIdentity?.accountId,
      caller: connection.iamIdentity?.caller,
      user: connection.iamIdentity?.user,
      userArn: connection.iamIdentity?.userArn,
      apiKey: connection.apiKey?.apiKey,
      apiKeyId: connection.apiKey?.apiKeyId,
      sourceIp: connection.sourceIp,
      userAgent: connection.userAgent,
    },
    integration: { error: record.integrationError, latency: record.integrationLatency, status: record.integrationStatus },
    integrationLatency: record.integrationLatency,
    integrationStatus: record.integrationStatus,
    messageId: record.messageId,
    requestId: record.requestId,
    requestTime: clfTime(record.timeEpoch),
    requestTimeEpoch: Math.floor(record.timeEpoch / 1000),
    routeKey: record.routeKey,
    stage: connection.stage,
    status: record.status,
  }
}
