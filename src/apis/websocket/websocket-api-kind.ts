import { createRequire } from 'node:module'
import type { WebSocketServer } from 'ws'
import type { ApiKind } from '../api-kind.ts'
import { HTTP_API_ROUTES } from '../http/control-plane/operation-routes.ts'
import { answerConnectionsApi } from './connections-api.ts'
import { routesByProtocol } from './control-plane/routes-by-protocol.ts'
import { acceptConnection, CHOSEN_PROTOCOL } from './session/accept-connection.ts'
import { GOING_AWAY } from './session/close-codes.ts'
import { startConnectionLimitChecks } from './session/connection-limits.ts'
import { disconnectLost } from './session/websocket-session.ts'
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
    return (http, target) => (stages.knownNotServed(target.restApiId) ? undefined : answerConnectionsApi(http, target, deps))
  },
  createUpgradeHandler(stages, engines) {
    const deps = websocketDeps(stages, engines)
    return (upgrade) => acceptConnection(upgrade, deps)
  },
  async endUpgrades(stages) {
    const deps = DEPS.get(stages)
    if (deps === undefined) return
    deps.stopChecks()
    // A node that stops closes its connections as API Gateway closes one it ends, and waits (a while) for their $disconnect.
    const finished = [...deps.open.values()].map((open) => {
      open.close(GOING_AWAY.code, GOING_AWAY.reason)
      return open.finished
    })
    let timer: NodeJS.Timeout | undefined
    await Promise.race([Promise.all(finished), new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))])
    clearTimeout(timer)
  },
}

/** How long a stopping node waits for its connections' closes and `$disconnect`s. */
const STOP_WAIT_MS = 5_000

/** One `ws` server (no listening socket of its own) per stages, shared by the kind's two handlers, made at the first handshake. */
const DEPS = new WeakMap<WebSocketStages, WebSocketDeps>()

function websocketDeps(stages: WebSocketStages, engines: Parameters<NonNullable<ApiKind['createUpgradeHandler']>>[1]): WebSocketDeps {
  let deps = DEPS.get(stages)
  if (deps === undefined) {
    let server: WebSocketServer | undefined
    let stop = (): void => {}
    const made: WebSocketDeps = {
      stages,
      engines,
      integrations: { functions: engines.functions, dispatcher: engines.dispatcher, aws: engines.aws, logger: engines.logger },
      authorizers: {
        functions: engines.functions, cache: engines.state.authorizerCache, aws: engines.aws, logger: engines.logger, clock: engines.clock, userPools: engines.userPools,
      },
      server: () => (server ??= handshakeServer()),
      open: new Map(),
      stopChecks: () => stop(),
    }
    stop = startConnectionLimitChecks(made)
    engines.connections.onLost((record) => disconnectLost(record, made))
    deps = made
    DEPS.set(stages, deps)
  }
  return deps
}

const require = createRequire(import.meta.url)

/**
 * `ws` is loaded with the first handshake rather than at start (about 10 MB resident, imported alone into a
 * bare Node process): a gateway without WebSocket APIs never needs it.
 */
function handshakeServer(): WebSocketServer {
  const { WebSocketServer: Server } = require('ws') as typeof import('ws')
  return new Server({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    handleProtocols: (_protocols, req) => (req as unknown as Record<symbol, string | undefined>)[CHOSEN_PROTOCOL] ?? false,
  })
}
