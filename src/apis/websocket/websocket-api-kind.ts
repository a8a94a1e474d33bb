import { WebSocketServer } from 'ws'
import type { ApiKind } from '../api-kind.ts'
import { HTTP_API_ROUTES } from '../http/control-plane/operation-routes.ts'
import { answerConnectionsApi } from './connections-api.ts'
import { routesByProtocol } from './control-plane/routes-by-protocol.ts'
import { acceptConnection, CHOSEN_PROTOCOL } from './session/accept-connection.ts'
import { MAX_MESSAGE_BYTES, type WebSocketDeps } from './session/websocket-deps.ts'
import { WebSocketStages } from './websocket-stages.ts'

/**
 * WebSocket APIs (API Gateway v2, `ProtocolType: WEBSOCKET`): the `apigatewayv2` operations, told
 * from HTTP APIs' by the API's protocol (routes-by-protocol.ts), the stages the catalog keeps, the
 * upgrade with its `$connect`, `$default` and custom routes, and `@connections` on the API's URL.
 */
export const WEBSOCKET_API_KIND: ApiKind<WebSocketStages> = {
  name: 'WEBSOCKET',
  managementRoutes: { apigatewayv2: routesByProtocol(HTTP_API_ROUTES) },
  createStages: (deps) => new WebSocketStages(deps.store, deps.logger),
  createHandler(stages, engines) {
    const deps = websocketDeps(stages, engines)
    return (http, target) => answerConnectionsApi(http, target, deps)
  },
  createUpgradeHandler(stages, engines) {
    const deps = websocketDeps(stages, engines)
    return (upgrade) => acceptConnection(upgrade, deps)
  },
}

/** One `ws` server (no listening socket of its own) per stages, shared by the kind's two handlers. */
const DEPS = new WeakMap<WebSocketStages, WebSocketDeps>()

function websocketDeps(stages: WebSocketStages, engines: Parameters<NonNullable<ApiKind['createUpgradeHandler']>>[1]): WebSocketDeps {
  let deps = DEPS.get(stages)
  if (deps === undefined) {
    const server = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      handleProtocols: (_protocols, req) => (req as unknown as Record<symbol, string | undefined>)[CHOSEN_PROTOCOL] ?? false,
    })
    deps = {
      stages,
      engines,
      integrations: { functions: engines.functions, dispatcher: engines.dispatcher, aws: engines.aws, logger: engines.logger },
      server,
    }
    DEPS.set(stages, deps)
  }
  return deps
}
