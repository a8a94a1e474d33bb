import type { WebSocket } from 'ws'
import { newExtendedRequestId } from '../../../core/ids.ts'
import { buildDisconnectEvent, buildMessageEvent, type WebSocketEventConnection } from '../../../integrations/aws-proxy/websocket-event.ts'
import { clientDisconnect, CLOSE_UNSUPPORTED_DATA, DELETED_BY_BACKEND } from './close-codes.ts'
import { forbiddenFrame, internalServerErrorFrame } from './error-frames.ts'
import type { WebSocketDeps } from './websocket-deps.ts'

/** Route keys a message never selects: they belong to the connection's opening and closing. */
const LIFECYCLE_ROUTES = new Set(['$connect', '$disconnect'])

/**
 * One open connection (developer guide, "Working with routes for WebSocket APIs"): it is in the
 * registry for `@connections`; each text message goes to the route the API's selection expression
 * picks, else `$default`, else the Forbidden frame; a binary frame closes it with 1003; whatever
 * closes it, it leaves the registry and `$disconnect` runs, after the socket is closed and
 * best-effort (developer guide, "$connect and $disconnect routes").
 */
export async function serveConnection(socket: WebSocket, connection: WebSocketEventConnection, disconnectHeaders: readonly string[], deps: WebSocketDeps): Promise<void> {
  const { connections, logger } = deps.engines
  let closedBy: { code: number; reason: string } | undefined
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      closedBy = { code: CLOSE_UNSUPPORTED_DATA, reason: 'Binary frames are not supported' }
      socket.close(closedBy.code, closedBy.reason)
      return
    }
    routeMessage(socket, connection, String(data), deps).catch((error: unknown) => logger.error({ err: error }, 'WebSocket message failed: a bug'))
  })
  socket.on('error', (error) => logger.debug({ err: error, connectionId: connection.connectionId }, 'WebSocket connection error'))
  socket.on('close', (code, reason) => {
    const cause = closedBy ?? clientDisconnect(code, reason.toString())
    void connections.remove(connection.connectionId)
      .then(() => runDisconnect(connection, disconnectHeaders, cause, deps))
      .catch((error: unknown) => logger.warn({ err: error, connectionId: connection.connectionId }, '$disconnect failed'))
  })
  await connections.add(
    { ...connection, lastActiveAt: connection.connectedAt },
    {
      send: (data) => socket.send(data, { binary: false }),
      close: (code, reason) => {
        closedBy = code === DELETED_BY_BACKEND.code ? DELETED_BY_BACKEND : { code, reason }
        socket.close(code, reason)
      },
    },
  )
  // A client may be gone before it was registered; it then leaves no entry behind.
  if (socket.readyState === socket.CLOSED) await connections.remove(connection.connectionId)
}

async function routeMessage(socket: WebSocket, connection: WebSocketEventConnection, text: string, deps: WebSocketDeps): Promise<void> {
  const now = deps.engines.clock.now()
  await deps.engines.connections.touch(connection.connectionId, now)
  const requestId = newExtendedRequestId()
  const served = await deps.stages.find(connection.apiId)
  const stage = served?.stages.get(connection.stage)
  const routes = stage?.deployment?.routes
  const selected = served?.selectRoute(text)
  const routeKey = selected !== undefined && !LIFECYCLE_ROUTES.has(selected) && routes?.has(selected) ? selected : '$default'
  const integration = routes?.get(routeKey)
  if (integration === undefined) {
    socket.send(forbiddenFrame(connection.connectionId, requestId))
    return
  }
  try {
    await integration({
      event: buildMessageEvent(connection, routeKey, newExtendedRequestId(), text, { requestId, timeEpoch: now }),
      requestId,
      stageVariables: stage!.stageVariables,
    }, deps.integrations)
  } catch (error) {
    deps.engines.logger.warn({ err: error, apiId: connection.apiId, routeKey }, 'WebSocket integration failed')
    if (socket.readyState === socket.OPEN) socket.send(internalServerErrorFrame(connection.connectionId, requestId))
  }
}

async function runDisconnect(connection: WebSocketEventConnection, headers: readonly string[], cause: { code: number; reason: string }, deps: WebSocketDeps): Promise<void> {
  const served = await deps.stages.find(connection.apiId)
  const stage = served?.stages.get(connection.stage)
  const integration = stage?.deployment?.routes.get('$disconnect')
  if (integration === undefined) return
  const requestId = newExtendedRequestId()
  const event = buildDisconnectEvent(connection, headers, cause.code, cause.reason, { requestId, timeEpoch: deps.engines.clock.now() })
  await integration({ event, requestId, stageVariables: stage!.stageVariables }, deps.integrations)
}
