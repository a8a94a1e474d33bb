import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { newExtendedRequestId, newTraceId } from '../../../core/ids.ts'
import { buildConnectEvent, type WebSocketEventConnection } from '../../../integrations/aws-proxy/websocket-event.ts'
import type { UpgradeRequest } from '../../api-kind.ts'
import type { WebSocketResult } from '../../../integrations/aws-proxy/websocket-result.ts'
import { connectionDomainName } from '../domain-name.ts'
import { NEW_CONNECTIONS_BUCKET } from '../websocket-limits.ts'
import { authenticateConnect } from './authenticate-connect.ts'
import { authorizeConnect } from './authorize-connect.ts'
import { acceptApiKey, readApiKey, type KeyAcceptance } from './connection-api-key.ts'
import { routeLimits } from './route-limits.ts'
import { MESSAGE_TOO_BIG } from './close-codes.ts'
import { frameCheckedSocket, MAX_FRAME_BYTES } from './frame-size-limit.ts'
import { logWebSocketEvent, timedIntegration, type WebSocketEventRecord } from './websocket-access-log.ts'
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
  const requestId = newExtendedRequestId()
  const record: WebSocketEventRecord = { eventType: 'CONNECT', requestId, timeEpoch: connectedAt, connection, routeKey: '$connect' }
  /** Refuses the handshake and logs the event; `ours` when the body is API Gateway's (its message is `$context.error.message`). */
  const refuseConnect = (status: number, body: string, ours = true): true => {
    refuse(socket, status, body)
    record.connection = connection
    record.status = status
    if (ours) record.error = messageOf(body)
    logWebSocketEvent(deps, stage, record)
    return true
  }
  // New connections past the account's rate: the handshake is 429 (as users observed it: serverlessunicorn/ServerlessNetworkingClients#3).
  const rate = websocketLimits.newConnectionsPerSecond
  if (!(await deps.engines.state.throttle.take(NEW_CONNECTIONS_BUCKET, { rateLimit: rate, burstLimit: rate }))) {
    return refuseConnect(429, '{"message":"Too Many Requests"}')
  }
  const deployment = stage.deployment
  if (deployment.connectIam) {
    const authentication = authenticateConnect(req, { apiId: connection.apiId, stage: connection.stage, sourceIp: upgrade.sourceIp, secure: upgrade.secure }, {
      principals: deps.engines.principals, aws: deps.engines.aws, now: connectedAt,
    })
    if ('refused' in authentication) return refuseConnect(authentication.refused.status, authentication.refused.body)
    connection = { ...connection, iamIdentity: authentication.identity }
  }
  const connect = deployment.routes.get('$connect')
  const request = { requestId, timeEpoch: connectedAt }
  // API Gateway adds these to the client's headers (sample event: lambda-rust-runtime/example-apigw-websocket-request-without-method.json).
  const headers = [
    ...req.rawHeaders,
    'X-Amzn-Trace-Id', newTraceId(connectedAt),
    'X-Forwarded-For', upgrade.sourceIp,
    'X-Forwarded-Port', upgrade.localPort,
    'X-Forwarded-Proto', upgrade.secure ? 'https' : 'http',
  ]
  let usageIdentifierKey: string | undefined
  let keyAcceptance: KeyAcceptance | undefined
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
    if ('refused' in authorization) return refuseConnect(authorization.refused.status, authorization.refused.body)
    // Kept with the connection: its MESSAGE and DISCONNECT events carry it too (websocket-event.ts).
    connection = { ...connection, authorizer: authorization.authorizer }
    usageIdentifierKey = authorization.usageIdentifierKey
  }
  if (deployment.apiKeyRequired.has('$connect')) {
    // After the authorizer, whose usageIdentifierKey may be the key; refused as REST refuses a key, 403 Forbidden.
    const value = readApiKey(served.api.apiKeySelectionExpression, req.rawHeaders, usageIdentifierKey)
    keyAcceptance = await acceptApiKey(value, connection.apiId, connection.stage, deps.engines.apiKeys, logger)
    if (keyAcceptance === undefined) return refuseConnect(403, '{"message":"Forbidden"}')
    connection = { ...connection, apiKey: keyAcceptance.key }
  }
  // The route's throttle, its key's plan, the account's: a throttled `$connect` is refused with 429
  // (as users observed it: serverlessunicorn/ServerlessNetworkingClients#3), a used-up quota too.
  const limited = await routeLimits(deps, connection.apiId, stage, '$connect', keyAcceptance)
  if (limited !== 'allowed') return refuseConnect(429, limited === 'throttled' ? '{"message":"Too Many Requests"}' : '{"message":"Limit Exceeded"}')
  let result: WebSocketResult | undefined
  if (connect !== undefined) {
    const event = buildConnectEvent(connection, headers, target.rawQuery, request)
    try {
      result = await timedIntegration(record, () => connect({
        event, requestId, stageVariables: stage.stageVariables, request: { body: '', headers, rawQuery: target.rawQuery },
      }, deps.integrations))
    } catch (error) {
      logger.warn({ err: error, apiId: connection.apiId }, '$connect integration failed')
      return refuseConnect(502, '{"message": "Internal server error"}')
    }
    record.integrationStatus = result.statusCode
    if (result.statusCode < 200 || result.statusCode > 299) return refuseConnect(result.statusCode, result.body ?? '', false)
  }
  if (socket.destroyed) return true
  record.connection = connection
  record.status = result?.statusCode ?? 200
  logWebSocketEvent(deps, stage, record)
  const protocol = result?.headers.find(([name]) => name.toLowerCase() === 'sec-websocket-protocol')?.[1]
  Object.assign(req, { [CHOSEN_PROTOCOL]: protocol })
  const closing = disconnectHeaders(connection.domainName, req.headers['x-api-key']?.toString() ?? '', upgrade.sourceIp)
  const checked = frameCheckedSocket(socket, head, MAX_FRAME_BYTES, () => deps.open.get(connection.connectionId)?.close(MESSAGE_TOO_BIG.code, MESSAGE_TOO_BIG.reason))
  deps.server().handleUpgrade(req, checked, Buffer.alloc(0), (ws) => {
    serveConnection(ws, connection, closing, deps).catch((error: unknown) => logger.error({ err: error }, 'WebSocket connection failed: a bug'))
  })
  return true
}

/** The message of API Gateway's own `{"message": ...}` body. */
function messageOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown }
    return typeof parsed.message === 'string' ? parsed.message : undefined
  } catch {
    return undefined
  }
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
