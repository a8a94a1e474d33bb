import type { ConnectionRecord, WebSocketIamIdentity } from '../../state/connection-registry.ts'
import { formatClfTime } from './clf-time.ts'

/**
 * A WebSocket connection as its Lambda events describe it: what the registry holds of it (its host name
 * without a port, as AWS gives it; the `$connect` authorizer's answer, IAM caller and API key, which
 * every event of the connection carries), less the activity time events do not show.
 */
export type WebSocketEventConnection = Omit<ConnectionRecord, 'lastActiveAt'>

/** One invocation's ids and time: `requestId` is also `extendedRequestId`, as captured. */
export interface WebSocketEventRequest {
  readonly requestId: string
  readonly timeEpoch: number
}

/**
 * The `$connect` event (sample event: lambda-rust-runtime/example-apigw-websocket-request-without-method.json):
 * headers with their names as sent, in case-insensitive order as captured, the last value of a
 * repeated one in `headers` and all in `multiValueHeaders`; the query string when one was given; no
 * body. `rawHeaders` already holds what API Gateway adds (`X-Amzn-Trace-Id`, `X-Forwarded-*`).
 * For a connection not yet authorized it is also the `requestContext` a `$connect` authorizer receives.
 */
export function buildConnectEvent(
  connection: WebSocketEventConnection, rawHeaders: readonly string[], rawQuery: string, request: WebSocketEventRequest,
): Record<string, unknown> {
  return {
    ...eventHeaders(rawHeaders),
    ...eventQuery(rawQuery),
    requestContext: requestContext(connection, request, { routeKey: '$connect', eventType: 'CONNECT' }),
    isBase64Encoded: false,
  }
}

/**
 * A message routed to a route (sample event: lambda-go/apigw-websocket-request-send-message.json,
 * a capture): only `requestContext` with its `messageId`, the frame's text as `body`, and
 * `isBase64Encoded`; no headers, no query.
 */
export function buildMessageEvent(connection: WebSocketEventConnection, routeKey: string, messageId: string, body: string, request: WebSocketEventRequest): Record<string, unknown> {
  return {
    requestContext: requestContext(connection, request, { routeKey, messageId, eventType: 'MESSAGE' }),
    body,
    isBase64Encoded: false,
  }
}

/**
 * The `$disconnect` event (sample events: lambda-go/apigw-websocket-request-disconnect.json, a
 * capture, and lambda-rust-runtime/example-apigw-websocket-request-disconnect-route.json): headers
 * and `multiValueHeaders`, no body, no `messageId`, the close's `disconnectStatusCode` and
 * `disconnectReason` placed as captured.
 */
export function buildDisconnectEvent(
  connection: WebSocketEventConnection, rawHeaders: readonly string[], statusCode: number, reason: string, request: WebSocketEventRequest,
): Record<string, unknown> {
  const context = requestContext(connection, request, { routeKey: '$disconnect', eventType: 'DISCONNECT' })
  const { routeKey, eventType, extendedRequestId, requestTime, messageDirection, ...rest } = context
  return {
    ...eventHeaders(rawHeaders),
    requestContext: {
      routeKey, disconnectStatusCode: statusCode, eventType, extendedRequestId, requestTime, messageDirection, disconnectReason: reason, ...rest,
    },
    isBase64Encoded: false,
  }
}

function requestContext(
  connection: WebSocketEventConnection, request: WebSocketEventRequest, route: { routeKey: string; eventType: string; messageId?: string },
): Record<string, unknown> {
  return {
    routeKey: route.routeKey,
    ...(route.messageId === undefined ? {} : { messageId: route.messageId }),
    eventType: route.eventType,
    extendedRequestId: request.requestId,
    requestTime: formatClfTime(request.timeEpoch),
    messageDirection: 'IN',
    stage: connection.stage,
    connectedAt: connection.connectedAt,
    requestTimeEpoch: request.timeEpoch,
    identity: {
      // As REST's identity has them, first (sample event: powertools-ts/apigw-rest/console-test-ui.json); no WebSocket capture shows them.
      ...(connection.apiKey === undefined ? {} : { apiKey: connection.apiKey.apiKey, apiKeyId: connection.apiKey.apiKeyId }),
      ...(connection.iamIdentity === undefined
        ? { ...(connection.userAgent === undefined ? {} : { userAgent: connection.userAgent }), sourceIp: connection.sourceIp }
        : iamIdentity(connection, connection.iamIdentity)),
    },
    requestId: request.requestId,
    domainName: connection.domainName,
    connectionId: connection.connectionId,
    apiId: connection.apiId,
    // The `$connect` authorizer's answer (developer guide, "Controlling access to WebSocket APIs with
    // AWS Lambda REQUEST authorizers"; "$connect and $disconnect routes": the authorization on
    // `$connect` covers the whole connection, so every route's event carries it, not only CONNECT's).
    ...(connection.authorizer === undefined ? {} : { authorizer: connection.authorizer }),
  }
}

/** An IAM caller's identity, its keys in the order REST's AWS_IAM event has them. */
function iamIdentity(connection: WebSocketEventConnection, iam: WebSocketIamIdentity): Record<string, string> {
  return {
    accessKey: iam.accessKey,
    accountId: iam.accountId,
    caller: iam.caller,
    sourceIp: connection.sourceIp,
    user: iam.user,
    ...(connection.userAgent === undefined ? {} : { userAgent: connection.userAgent }),
    userArn: iam.userArn,
  }
}

function eventHeaders(rawHeaders: readonly string[]): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const byName = new Map<string, { name: string; values: string[] }>()
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const key = rawHeaders[i].toLowerCase()
    const entry = byName.get(key)
    if (entry === undefined) byName.set(key, { name: rawHeaders[i], values: [rawHeaders[i + 1]] })
    else entry.values.push(rawHeaders[i + 1])
  }
  const sorted = [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry)
  return {
    headers: Object.fromEntries(sorted.map(({ name, values }) => [name, values[values.length - 1]])),
    multiValueHeaders: Object.fromEntries(sorted.map(({ name, values }) => [name, values])),
  }
}

function eventQuery(rawQuery: string): { queryStringParameters?: Record<string, string>; multiValueQueryStringParameters?: Record<string, string[]> } {
  if (rawQuery === '') return {}
  const multi: Record<string, string[]> = {}
  for (const [name, value] of new URLSearchParams(rawQuery)) (multi[name] ??= []).push(value)
  const single = Object.fromEntries(Object.entries(multi).map(([name, values]) => [name, values[values.length - 1]]))
  return { queryStringParameters: single, multiValueQueryStringParameters: multi }
}
