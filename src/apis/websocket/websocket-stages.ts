import type { Logger } from '../../core/logger.ts'
import type { HttpApi } from '../../model/v2/http-api.ts'
import type { StoreReader } from '../../store/store.ts'
import { serveV2Stage, V2ApiStages, type ServedV2Stage, type V2Serving } from '../v2-api-stages.ts'
import { compileWebSocketDeployment, type CompiledWebSocketDeployment } from './deploy/compile-websocket-deployment.ts'
import { compileRouteSelection, type RouteSelection } from './routing/route-selection.ts'

export interface ServedWebSocketStage extends ServedV2Stage {
  /** Undefined for a stage never deployed (it refuses connections). */
  readonly deployment: CompiledWebSocketDeployment | undefined
}

export interface ServedWebSocketApi {
  readonly api: HttpApi
  readonly selectRoute: RouteSelection
  readonly stages: ReadonlyMap<string, ServedWebSocketStage>
}

const WEBSOCKET_SERVING: V2Serving<ServedWebSocketApi, ServedWebSocketStage, CompiledWebSocketDeployment> = {
  protocolType: 'WEBSOCKET',
  label: 'WebSocket API',
  compile: compileWebSocketDeployment,
  serveStage: (stage, deployment) => ({ ...serveV2Stage(stage), deployment }),
  // Route selection is compiled with the API, not per message.
  serveApi: (api, stages) => ({ api, selectRoute: compileRouteSelection(api.routeSelectionExpression), stages }),
}

/**
 * What the catalog keeps for WebSocket APIs (see `V2ApiStages`), with each API's route selection
 * compiled. Open connections read it on every message, so a redeploy reaches them at once.
 */
export class WebSocketStages extends V2ApiStages<ServedWebSocketApi, ServedWebSocketStage, CompiledWebSocketDeployment> {
  constructor(store: StoreReader, logger: Logger) {
    super(store, logger, WEBSOCKET_SERVING)
  }
}
