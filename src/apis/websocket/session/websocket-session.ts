import type { WebSocket } from 'ws'
import { newExtendedRequestId } from '../../../core/ids.ts'
import { buildDisconnectEvent, buildMessageEvent, type WebSocketEventConnection } from '../../../integrations/aws-proxy/websocket-event.ts'
import type { ConnectionRecord } from '../../../state/connection-registry.ts'
import { clientDisconnect, CLOSE_UNSUPPORTED_DATA, DELETED_BY_BACKEND, GOING_AWAY } from './close-codes.ts'
import { acceptApiKey, type KeyAcceptance } from './connection-api-key.ts'
import { badRequestBodyFrame, forbiddenFrame, internalServerErrorFrame, limitExceededFrame, tooManyRequestsFrame } from './error-frames.ts'
import { routeLimits } from './route-limits.ts'
import { logWebSocketEvent, timedIntegration, type WebSocketEventRecord } from './websocket-access-log.ts'
import type { ServedWebSocketApi, ServedWebSocketStage } from '../websocket-stages.ts'
import type { OpenConnection, WebSocketDeps } from './websocket-deps.ts'

/** Route keys a message never selects: they belong to the connection's opening and closing. */
const LIFECYCLE_ROUTES = new Set(['$connect', '$disconnect'])

/**
 * One open connection (developer guide, "Working with routes for WebSocket APIs"): it is in the
 * registry for `@connections`; each text message goes to the route the API's selection expression
 * picks, else `$default`, else the Forbidden frame; past the route's limits (route-limits.ts) it gets
 * a 429 frame; a binary frame closes it with 1003; what the client sends (a message, a ping) keeps
 * it from the idle timeout (connection-limits.ts); whatever closes it, it leaves the registry and
 * `$disconnect` runs, after the socket is closed and best-effort (developer guide, "$connect and
 * $disconnect routes"). Each event writes the stage's access-log line once handled (websocket-access-log.ts).
 */
export async function serveConnection(socket: WebSocket, connection: WebSocketEventConnection, disconnectHeaders: readonly string[], deps: WebSocketDeps): Promise<void> {
  const { connections, logger, clock } = deps.engines
  let closedBy: { code: number; reason: string } | undefined
  const closeWith = (code: number, reason: string): void => {
    closedBy ??= code === DELETED_BY_BACKEND.code ? DELETED_BY_BACKEND : { code, reason }
    socket.close(code, reason)
  }
  let finish: () => void = () => {}
  const open: OpenConnection = {
    connectedAt: connection.connectedAt,
    lastActiveAt: connection.connectedAt,
    close: closeWith,
    finished: new Promise<void>((resolve) => (finish = resolve)),
  }
  deps.open.set(connection.connectionId, open)
  socket.on('message', (data, isBinary) => {
    open.lastActiveAt = clock.now()
    if (isBinary) {
      closeWith(CLOSE_UNSUPPORTED_DATA, 'Binary frames are not supported')
      return
    }
    routeMessage(socket, connection, String(data), deps).catch((error: unknown) => logger.error({ err: error }, 'WebSocket message failed: a bug'))
  })
  socket.on('ping', () => (open.lastActiveAt = clock.now()))
  socket.on('error', (error) => logger.debug({ err: error, connectionId: connection.connectionId }, 'WebSocket connection error'))
  socket.on('close', (code, reason) => {
    deps.open.delete(connection.connectionId)
    const cause = closedBy ?? clientDisconnect(code, reason.toString())
    void connections.remove(connection.connectionId)
      .then(() => runDisconnect(connection, disconnectHeaders, cause, deps))
      .catch((error: unknown) => logger.warn({ err: error, connectionId: connection.connectionId }, '$disconnect failed'))
      .finally(finish)
  })
  await connections.add(
    { ...connection, lastActiveAt: connection.connectedAt },
    { send: (data) => socket.send(data, { binary: false }), close: closeWith },
  )
  // A client may be gone before it was registered; it then leaves no entry behind.
  if (socket.readyState === socket.CLOSED) await connections.remove(connection.connectionId)
}

/** The headers of a `$disconnect` event, as captured (sample event: lambda-go/apigw-websocket-request-disconnect.json; values blanked there). */
export function disconnectHeaders(domainName: string, apiKey: string, sourceIp: string): string[] {
  return ['Host', domainName, 'x-api-key', apiKey, 'X-Forwarded-For', sourceIp, 'x-restapi', '']
}

/**
 * Connections lost with the node that held them (it stopped without closing them): the node that
 * found them runs their `$disconnect`, reported as API Gateway's own close (no recording shows this case).
 */
export function disconnectLost(record: ConnectionRecord, deps: WebSocketDeps): void {
  const { lastActiveAt: _lastActiveAt, ...connection } = record
  runDisconnect(connection, disconnectHeaders(record.domainName, '', record.sourceIp), GOING_AWAY, deps)
    .catch((error: unknown) => deps.engines.logger.warn({ err: error, connectionId: record.connectionId }, '$disconnect of a lost connection failed'))
}

async function routeMessage(socket: WebSocket, connection: WebSocketEventConnection, text: string, deps: WebSocketDeps): Promise<void> {
  const now = deps.engines.clock.now()
  await deps.engines.connections.touch(connection.connectionId, now)
  const requestId = newExtendedRequestId()
  const served = await deps.stages.find(connection.apiId)
  const stage = served?.stages.get(connection.stage)
  const record: WebSocketEventRecord = { eventType: 'MESSAGE', requestId, timeEpoch: now, connection, messageId: newExtendedRequestId() }
  await answerMessage(socket, text, deps, served, stage, record)
  logWebSocketEvent(deps, stage, record)
}

/** Routes one message and answers it, noting in `record` what its access-log line reports. */
async function answerMessage(
  socket: WebSocket, text: string, deps: WebSocketDeps, served: ServedWebSocketApi | undefined, stage: ServedWebSocketStage | undefined, record: WebSocketEventRecord,
): Promise<void> {
  const { connection, requestId } = record
  /** An error frame of API Gateway's own; its status is the one the gateway response stands for. */
  const answerError = (status: number, message: string, frame: (connectionId: string, requestId: string) => string): void => {
    record.status = status
    record.error = message
    if (socket.readyState === socket.OPEN) socket.send(frame(connection.connectionId, requestId))
  }
  const routes = stage?.deployment?.routes
  const selected = served?.selectRoute(text)
  const routeKey = selected !== undefined && !LIFECYCLE_ROUTES.has(selected) && routes?.has(selected) ? selected : '$default'
  record.routeKey = routeKey
  const integration = routes?.get(routeKey)
  const key = integration !== undefined && stage!.deployment!.apiKeyRequired.has(routeKey) ? await keyStillAccepted(connection, deps) : undefined
  if (integration === undefined || (stage!.deployment!.apiKeyRequired.has(routeKey) && key === undefined)) {
    answerError(403, 'Forbidden', forbiddenFrame)
    return
  }
  const limited = await routeLimits(deps, connection.apiId, stage!, routeKey, key)
  if (limited === 'throttled') return answerError(429, 'Too Many Requests', tooManyRequestsFrame)
  if (limited === 'quota-exceeded') return answerError(429, 'Limit Exceeded', limitExceededFrame)
  if (stage!.deployment!.requestValidation.get(routeKey)?.(text) === false) return answerError(400, 'Invalid request body', badRequestBodyFrame)
  try {
    const result = await timedIntegration(record, () => integration({
      event: buildMessageEvent(connection, routeKey, record.messageId!, text, { requestId, timeEpoch: record.timeEpoch }),
      requestId,
      stageVariables: stage!.stageVariables,
      request: { body: text, headers: [], rawQuery: '' },
    }, deps.integrations))
    record.integrationStatus = result.statusCode
    record.status = 200
    // A two-way route sends the integration's answer back; a one-way route sends nothing (developer
    // guide, "Setting up route responses for WebSocket APIs"). A Lambda proxy answer's `body` is the frame.
    if (stage!.deployment!.twoWay.has(routeKey) && result.body !== undefined && socket.readyState === socket.OPEN) socket.send(result.body)
  } catch (error) {
    deps.engines.logger.warn({ err: error, apiId: connection.apiId, routeKey }, 'WebSocket integration failed')
    answerError(500, 'Internal server error', internalServerErrorFrame)
  }
}

/**
 * A route with `apiKeyRequired`: a message has no headers, so the key is the one `$connect` accepted,
 * checked again (it may have been disabled, or left its plan, since); without one, the Forbidden frame.
 */
async function keyStillAccepted(connection: WebSocketEventConnection, deps: WebSocketDeps): Promise<KeyAcceptance | undefined> {
  if (connection.apiKey === undefined) return undefined
  return acceptApiKey(connection.apiKey.apiKey, connection.apiId, connection.stage, deps.engines.apiKeys, deps.engines.logger)
}

export async function runDisconnect(connection: WebSocketEventConnection, headers: readonly string[], cause: { code: number; reason: string }, deps: WebSocketDeps): Promise<void> {
  const served = await deps.stages.find(connection.apiId)
  const stage = served?.stages.get(connection.stage)
  const integration = stage?.deployment?.routes.get('$disconnect')
  const requestId = newExtendedRequestId()
  const record: WebSocketEventRecord = { eventType: 'DISCONNECT', requestId, timeEpoch: deps.engines.clock.now(), connection, routeKey: '$disconnect', status: 200 }
  try {
    if (integration === undefined) return
    const event = buildDisconnectEvent(connection, headers, cause.code, cause.reason, { requestId, timeEpoch: record.timeEpoch })
    const result = await timedIntegration(record, () => integration({ event, requestId, stageVariables: stage!.stageVariables, request: { body: '', headers, rawQuery: '' } }, deps.integrations))
    record.integrationStatus = result.statusCode
  } catch (error) {
    record.status = 500
    record.error = 'Internal server error'
    throw error
  } finally {
    logWebSocketEvent(deps, stage, record)
  }
}
