import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { newExtendedRequestId, newTraceId } from '../../../core/ids.ts'
import { buildConnectEvent, type WebSocketEventConnection } from '../../../integrations/aws-proxy/websocket-event.ts'
import type { UpgradeRequest } from '../../api-kind.ts'
import type { WebSocketResult } from '../../../integrations/aws-proxy/websocket-result.ts'
import { connectionDomainName } from '../domain-name.ts'
import { NEW_CONNECTIONS_BUCKET } from '../websocket-limits.ts'
import { authorizeConnect } from './authorize-connect.ts'
import { disconnectHeaders, serveConnection } from './websocket-session.ts'
import type { WebSocketDeps } from './websocket-deps.ts'

/** The subprotocol `$connect` chose, for `ws` to answer in the handshake. */
export const CHOSEN_PROTOCOL = Symbol('chosen subprotocol')

/**
 * A WebSocket upgrade to a WebSocket API (developer guide, "$connect and $disconnect routes"): the
 * handshake waits for the `$connect` integration; a non-2xx status from it refuses the upgrade with
 * that status, a failure with 502 (as users observed: michalkvasnicak/aws-lambda-graphql#107). Its
 * `Sec-WebSocket-Protocol` header picks the subprotocol (developer guide, "Setting up a WebSocket
 * API subprotocol"). A `$connect` authorizer runs first (authorize-connect.ts). False when the API addressed is no WebSocket API.
 */
export async function acceptConnection(upgrade: UpgradeRequest, deps: WebSocketDeps): Promise<boolean> {
  const { req, socket, head, target } = upgrade
  const served = await deps.stages.find(target.restApiId)
  if (served === undefined) return false
  const stage = served.stages.get(target.stageName)
  // No recording shows the answer to an unknown stage or a path below it; 403 is API Gateway's answer to an address it does not serve.
  if (stage?.deployment === undefined || target.path !== '/') {
    refuse(socket, 403, '{"message":"Forbidden"}')
    return true
  }
  const { clock, logger, websocketLimits } = deps.engines
  // New connections past the account's rate: the handshake is 429 (as users observed it: serverlessunicorn/ServerlessNetworkingClients#3).
  const rate = websocketLimits.newConnectionsPerSecond
  if (!(await deps.engines.state.throttle.take(NEW_CONNECTIONS_BUCKET, { rateLimit: rate, burstLimit: rate }))) {
    refuse(socket, 429, '{"message":"Too Many Requests"}')
    return true
  }
  const connectedAt = clock.now()
  const userAgent = req.headers['user-agent']
  let connection: WebSocketEventConnection = {
    connectionId: newExtendedRequestId(),
    apiId: served.api.apiId,
    stage: stage.stageName,
    domainName: connectionDomainName(target),
    connectedAt,
    sourceIp: upgrade.sourceIp,
    ...(userAgent === undefined ? {} : { userAgent }),
  }
  const deployment = stage.deployment
  const connect = deployment.routes.get('$connect')
  let result: WebSocketResult | undefined
  if (connect !== undefined || deployment.connectAuthorizer !== undefined) {
    const requestId = newExtendedRequestId()
    const request = { requestId, timeEpoch: connectedAt }
    // API Gateway adds these to the client's headers (sample event: lambda-rust-runtime/example-apigw-websocket-request-without-method.json).
    const headers = [
      ...req.rawHeaders,
      'X-Amzn-Trace-Id', newTraceId(connectedAt),
      'X-Forwarded-For', upgrade.sourceIp,
      'X-Forwarded-Port', upgrade.localPort,
      'X-Forwarded-Proto', upgrade.secure ? 'https' : 'http',
    ]
    if (deployment.connectAuthorizer !== undefined) {
      const { requestContext } = buildConnectEvent(connection, headers, target.rawQuery, request)
      const authorization = await authorizeConnect(deployment.connectAuthorizer, {
        apiId: connection.apiId,
        stage: connection.stage,
        stageVariables: stage.stageVariables,
        requestId,
        headers,
        rawQuery: target.rawQuery,
        requestContext: requestContext as Record<string, unknown>,
      }, deps.engines.aws, deps.authorizers)
      if ('refused' in authorization) {
        refuse(socket, authorization.refused.status, authorization.refused.body)
        return true
      }
      // Kept with the connection: its MESSAGE and DISCONNECT events carry it too (websocket-event.ts).
      connection = { ...connection, authorizer: authorization.authorizer }
    }
    if (connect !== undefined) {
      try {
        result = await connect({
          event: buildConnectEvent(connection, headers, target.rawQuery, request),
          requestId,
          stageVariables: stage.stageVariables,
        }, deps.integrations)
      } catch (error) {
        logger.warn({ err: error, apiId: connection.apiId }, '$connect integration failed')
        refuse(socket, 502, '{"message": "Internal server error"}')
        return true
      }
      if (result.statusCode < 200 || result.statusCode > 299) {
        refuse(socket, result.statusCode, result.body ?? '')
        return true
      }
    }
  }
  if (socket.destroyed) return true
  const protocol = result?.headers.find(([name]) => name.toLowerCase() === 'sec-websocket-protocol')?.[1]
  Object.assign(req, { [CHOSEN_PROTOCOL]: protocol })
  const headers = disconnectHeaders(connection.domainName, req.headers['x-api-key']?.toString() ?? '', upgrade.sourceIp)
  deps.server.handleUpgrade(req, socket, head, (ws) => {
    serveConnection(ws, connection, headers, deps).catch((error: unknown) => logger.error({ err: error }, 'WebSocket connection failed: a bug'))
  })
  return true
}

/** Answers the upgrade request with a plain HTTP response and closes the socket. */
export function refuse(socket: Duplex, status: number, body: string): void {
  if (socket.destroyed) return
  socket.on('error', () => socket.destroy())
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\nContent-Type: application/json\r\n`
      + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}
