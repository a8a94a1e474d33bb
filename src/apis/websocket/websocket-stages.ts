import type { Logger } from '../../core/logger.ts'
import type { HttpApi } from '../../model/v2/http-api.ts'
import { ACCOUNT_SCOPE, type StoreChange, type StoreReader } from '../../store/store.ts'
import type { KindStages } from '../api-kind.ts'
import { compileWebSocketDeployment, type CompiledWebSocketDeployment } from './deploy/compile-websocket-deployment.ts'
import { compileRouteSelection, type RouteSelection } from './routing/route-selection.ts'

export interface ServedWebSocketStage {
  readonly stageName: string
  readonly stageVariables: Readonly<Record<string, string>>
  /** Undefined for a stage never deployed (it refuses connections). */
  readonly deployment: CompiledWebSocketDeployment | undefined
}

export interface ServedWebSocketApi {
  readonly api: HttpApi
  readonly selectRoute: RouteSelection
  readonly stages: ReadonlyMap<string, ServedWebSocketStage>
}

/**
 * What the catalog keeps for WebSocket APIs: per API id, the API with its route selection compiled
 * and its stages' compiled deployments, or the fact that the id is no WebSocket API. Dropped when
 * the change feed names the API, a stage or a deployment of it. Open connections read it on every
 * message, so a redeploy reaches them at once.
 */
export class WebSocketStages implements KindStages {
  readonly #store: StoreReader
  readonly #logger: Logger
  readonly #apis = new Map<string, Promise<ServedWebSocketApi | undefined>>()
  readonly #deployments = new Map<string, Promise<CompiledWebSocketDeployment | undefined>>()

  constructor(store: StoreReader, logger: Logger) {
    this.#store = store
    this.#logger = logger
  }

  find(apiId: string): Promise<ServedWebSocketApi | undefined> {
    let lookup = this.#apis.get(apiId)
    if (lookup === undefined) {
      lookup = this.#load(apiId)
      this.#apis.set(apiId, lookup)
      lookup.catch(() => this.#apis.delete(apiId))
    }
    return lookup
  }

  forget(change: StoreChange): void {
    switch (change.kind) {
      case undefined:
      case 'v2-api':
        this.#forgetApi(change.kind === undefined ? change.scope : change.id)
        return
      case 'v2-stage':
        this.#apis.delete(change.scope)
        return
      case 'v2-deployment-snapshot':
        if (change.op !== 'put') this.#deployments.delete(`${change.scope}/${change.id}`)
        this.#apis.delete(change.scope)
        return
      default:
        return
    }
  }

  forgetAll(): void {
    this.#apis.clear()
    this.#deployments.clear()
  }

  #forgetApi(apiId: string): void {
    this.#apis.delete(apiId)
    for (const key of this.#deployments.keys()) if (key.startsWith(`${apiId}/`)) this.#deployments.delete(key)
  }

  async #load(apiId: string): Promise<ServedWebSocketApi | undefined> {
    const api = await this.#store.get('v2-api', ACCOUNT_SCOPE, apiId)
    if (api === undefined || api.protocolType !== 'WEBSOCKET') return undefined
    const stages = new Map<string, ServedWebSocketStage>()
    for (const stage of await this.#store.list('v2-stage', apiId)) {
      const deployment = stage.deploymentId === undefined ? undefined : await this.#deployment(apiId, stage.deploymentId)
      stages.set(stage.stageName, { stageName: stage.stageName, stageVariables: stage.stageVariables ?? {}, deployment })
    }
    return { api, selectRoute: compileRouteSelection(api.routeSelectionExpression), stages }
  }

  #deployment(apiId: string, deploymentId: string): Promise<CompiledWebSocketDeployment | undefined> {
    const key = `${apiId}/${deploymentId}`
    let compiled = this.#deployments.get(key)
    if (compiled === undefined) {
      compiled = this.#store.get('v2-deployment-snapshot', apiId, deploymentId).then((snapshot) => {
        if (snapshot === undefined) return undefined
        this.#logger.debug({ apiId, deploymentId }, 'compiled WebSocket API deployment')
        return compileWebSocketDeployment(deploymentId, snapshot)
      })
      this.#deployments.set(key, compiled)
      compiled.catch(() => this.#deployments.delete(key))
    }
    return compiled
  }
}
