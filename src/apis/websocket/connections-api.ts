import type { HttpRequest, HttpResponse } from '../../core/http.ts'
import { newRequestId } from '../../core/ids.ts'
import type { GatewayError } from '../../core/gateway-error.ts'
import type { RequestTarget } from '../request-target.ts'
import { gatewayResponse } from '../rest/pipeline/phases/gateway-response.ts'
import { authorizeManageConnections } from './manage-connections.ts'
import { DELETED_BY_BACKEND } from './session/close-codes.ts'
import { MAX_MESSAGE_BYTES, type WebSocketDeps } from './session/websocket-deps.ts'

const CONNECTION_PATH = /^\/@connections\/([^/]+)$/

/**
 * The `@connections` API (developer guide, "Use @connections commands in your backend service";
 * the `apigatewaymanagementapi` service model): `POST|GET|DELETE /{stage}/@connections/{id}` on the
 * API's own URL. A connection that is not open is 410 GoneException with no body, as SDK users
 * report it (aws/aws-sdk-js#3773: the error's message is just "410"); DeleteConnection closes it with
 * 1000 and `$disconnect` runs. Calls are signed when the gateway asks for signatures
 * (manage-connections.ts). Undefined when the API addressed is no WebSocket API.
 */
export async function answerConnectionsApi(http: HttpRequest, target: RequestTarget, deps: WebSocketDeps): Promise<HttpResponse | undefined> {
  const served = await deps.stages.find(target.restApiId)
  if (served === undefined) return undefined
  // The caller is authenticated before anything about the connection is told.
  const denied = authorizeManageConnections(http, { apiId: served.api.apiId, stage: target.stageName, path: target.path }, deps.engines)
  if (denied === 'forbidden') return error(403, 'ForbiddenException', '{"message":"Forbidden"}')
  if (denied !== undefined) return signatureRefusal(denied, http)
  const match = CONNECTION_PATH.exec(target.path)
  let connectionId: string | undefined
  try {
    connectionId = match === null ? undefined : decodeURIComponent(match[1])
  } catch {
    connectionId = undefined
  }
  // No recording shows what else answers; a wrong stage or path is ForbiddenException as users report it (developer guide's 403 troubleshooting).
  if (connectionId === undefined || !served.stages.has(target.stageName)) return error(403, 'ForbiddenException', '{"message":"Forbidden"}')
  const { connections } = deps.engines
  const record = await connections.get(connectionId)
  if (record === undefined || record.apiId !== served.api.apiId) return error(410, 'GoneException', '')
  switch (http.method) {
    case 'POST':
      if (http.body.length > MAX_MESSAGE_BYTES) return error(413, 'PayloadTooLargeException', '{"message":"Message too long"}')
      if (!(await connections.post(connectionId, http.body))) return error(410, 'GoneException', '')
      await connections.touch(connectionId, deps.engines.clock.now())
      return answer(200, '')
    case 'GET':
      return answer(200, JSON.stringify({
        connectedAt: new Date(record.connectedAt).toISOString(),
        identity: { sourceIp: record.sourceIp, ...(record.userAgent === undefined ? {} : { userAgent: record.userAgent }) },
        lastActiveAt: new Date(record.lastActiveAt).toISOString(),
      }))
    case 'DELETE':
      if (!(await connections.disconnect(connectionId, DELETED_BY_BACKEND.code, DELETED_BY_BACKEND.reason))) return error(410, 'GoneException', '')
      return answer(204, '')
    default:
      return error(403, 'ForbiddenException', '{"message":"Forbidden"}')
  }
}

function signatureRefusal(refusal: GatewayError, http: HttpRequest): HttpResponse {
  const response = gatewayResponse(refusal, { rawHeaders: http.rawHeaders })
  return { ...response, headers: [...response.headers, ['x-amzn-RequestId', newRequestId()]] }
}

function answer(status: number, body: string): HttpResponse {
  const headers: [string, string][] = [['x-amzn-RequestId', newRequestId()]]
  if (body !== '') headers.unshift(['Content-Type', 'application/json'])
  return { statusCode: status, headers, body: Buffer.from(body) }
}

function error(status: number, type: string, body: string): HttpResponse {
  const response = answer(status, body)
  return { ...response, headers: [...response.headers, ['x-amzn-ErrorType', type]] }
}
