import type { ReportProblem } from '../core/compile-problem.ts'
import type { Logger } from '../core/logger.ts'
import type { HttpApi } from '../model/v2/http-api.ts'
import type { HttpDeploymentSnapshot } from '../model/v2/deployment.ts'
import type { HttpStage } from '../model/v2/stage.ts'
import { ACCOUNT_SCOPE, type StoreChange, type StoreReader } from '../store/store.ts'
import { compileStageAccessLog, type StageAccessLog } from '../observability/access-log.ts'
import type { StageRouteSettings } from '../policies/throttle/route-throttle.ts'
import type { KindStages } from './api-kind.ts'

/** What a v2 stage serves whatever its kind: its variables, route settings (their throttling) and access log. */
export interface ServedV2Stage extends StageRouteSettings {
  readonly stageVariables: Readonly<Record<string, string>>
  /** `AccessLogSettings` with a format: where each request's line goes and how it is written. */
  readonly accessLog?: StageAccessLog
}

/** A stored v2 stage as the data plane serves it, its access-log format parsed once per load. */
export function serveV2Stage(stage: HttpStage): ServedV2Stage {
  return {
    stageName: stage.stageName,
    stageVariables: stage.stageVariables ?? {},
    defaultRouteSettings: stage.defaultRouteSettings ?? {},
    routeSettings: stage.routeSettings ?? {},
    accessLog: compileStageAccessLog(stage.accessLogSettings),
  }
}

/** One API id's lookup, and once it has settled, whether it found none of this kind. */
interface ApiLookup<Served> {
  readonly served: Promise<Served | undefined>
  notServed?: boolean
}

/** What sets one v2 kind apart from the other: which APIs are its own and what it makes of them. */
export interface V2Serving<Served, Stage, Deployment> {
  readonly protocolType: HttpApi['protocolType']
  /** Names the kind in the log line each compilation writes. */
  readonly label: string
  /** `report` is told what the deployment holds that will fail at request time (core/compile-problem.ts). */
  compile(deploymentId: string, snapshot: HttpDeploymentSnapshot, report: ReportProblem): Deployment
  serveStage(stage: HttpStage, deployment: Deployment | undefined): Stage
  serveApi(api: HttpApi, stages: ReadonlyMap<string, Stage>): Served
}

/**
 * What the catalog keeps for a v2 kind (HTTP or WebSocket APIs, which share the `v2-*` records):
 * per API id, the API with its stages and their compiled deployments, or the fact that the id is
 * not this kind's (so other kinds' requests cost no second store read). Dropped when the change feed
 * names the API, a stage or a deployment of it; edits to routes and integrations change nothing
 * served until deployed. Each deployment is compiled once and shared by the stages that serve it.
 */
export class V2ApiStages<Served, Stage, Deployment> implements KindStages {
  readonly #store: StoreReader
  readonly #logger: Logger
  readonly #serving: V2Serving<Served, Stage, Deployment>
  readonly #apis = new Map<string, ApiLookup<Served>>()
  /** `${apiId}/${deploymentId}` → compiled deployment */
  readonly #deployments = new Map<string, Promise<Deployment | undefined>>()

  constructor(store: StoreReader, logger: Logger, serving: V2Serving<Served, Stage, Deployment>) {
    this.#store = store
    this.#logger = logger
    this.#serving = serving
  }

  find(apiId: string): Promise<Served | undefined> {
    let entry = this.#apis.get(apiId)
    if (entry === undefined) {
      const lookup: ApiLookup<Served> = { served: this.#load(apiId) }
      lookup.served.then(
        (served) => {
          if (served === undefined) lookup.notServed = true
        },
        // A failed read is not remembered: the next request tries again.
        () => {
          if (this.#apis.get(apiId) === lookup) this.#apis.delete(apiId)
        },
      )
      this.#apis.set(apiId, lookup)
      entry = lookup
    }
    return entry.served
  }

  /**
   * True when the API is known, without waiting, not to be this kind's (another kind's, or none): the data
   * plane then asks the next kind at once (server.ts), so a REST request does not wait on the v2 kinds' lookups.
   */
  knownNotServed(apiId: string): boolean {
    return this.#apis.get(apiId)?.notServed === true
  }

  forget(change: StoreChange): void {
    switch (change.kind) {
      case undefined:
        this.#forgetApi(change.scope)
        return
      case 'v2-api':
        this.#forgetApi(change.id)
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

  async #load(apiId: string): Promise<Served | undefined> {
    const api = await this.#store.get('v2-api', ACCOUNT_SCOPE, apiId)
    if (api === undefined || api.protocolType !== this.#serving.protocolType) return undefined
    const stages = new Map<string, Stage>()
    for (const stage of await this.#store.list('v2-stage', apiId)) {
      const deployment = stage.deploymentId === undefined ? undefined : await this.#deployment(apiId, stage.deploymentId)
      stages.set(stage.stageName, this.#serving.serveStage(stage, deployment))
    }
    return this.#serving.serveApi(api, stages)
  }

  #deployment(apiId: string, deploymentId: string): Promise<Deployment | undefined> {
    const key = `${apiId}/${deploymentId}`
    let compiled = this.#deployments.get(key)
    if (compiled === undefined) {
      compiled = this.#store.get('v2-deployment-snapshot', apiId, deploymentId).then((snapshot) => {
        if (snapshot === undefined) return undefined
        const started = performance.now()
        const deployment = this.#serving.compile(deploymentId, snapshot, (reason) => this.#logger.warn({ apiId, deploymentId }, reason))
        this.#logger.debug({ apiId, deploymentId, ms: performance.now() - started }, `compiled ${this.#serving.label} deployment`)
        return deployment
      })
      this.#deployments.set(key, compiled)
      compiled.catch(() => this.#deployments.delete(key))
    }
    return compiled
  }
}
