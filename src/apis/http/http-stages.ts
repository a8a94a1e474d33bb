import type { Logger } from '../../core/logger.ts'
import type { HttpApi } from '../../model/v2/http-api.ts'
import type { HttpRouteSettings } from '../../model/v2/route-settings.ts'
import { compileAccessLogFormat, type AccessLogFormatter } from '../../observability/access-log.ts'
import { ACCOUNT_SCOPE, type StoreChange, type StoreReader } from '../../store/store.ts'
import type { KindStages } from '../api-kind.ts'
import { compileHttpDeployment, type CompiledHttpDeployment } from './deploy/compile-http-deployment.ts'

/** A stage as the data plane serves it. */
export interface ServedHttpStage {
  readonly stageName: string
  readonly stageVariables: Readonly<Record<string, string>>
  /** `DefaultRouteSettings` and `RouteSettings` (by route key): their throttling limits. */
  readonly defaultRouteSettings: Readonly<HttpRouteSettings>
  readonly routeSettings: Readonly<Record<string, HttpRouteSettings>>
  /** `AccessLogSettings` with a format: where each request's line goes and how it is written. */
  readonly accessLog?: { readonly destinationArn: string | undefined; readonly format: AccessLogFormatter }
  /** Undefined for a stage never deployed (it answers Not Found). */
  readonly deployment: CompiledHttpDeployment | undefined
}

/** An HTTP API and every stage it serves: stage selection needs them all (a path's first segment may name one). */
export interface ServedHttpApi {
  readonly api: HttpApi
  readonly stages: ReadonlyMap<string, ServedHttpStage>
}

/**
 * What the catalog keeps for HTTP APIs: per API id, the API with its stages and their compiled
 * deployments, or the fact that the id is no HTTP API (so REST requests cost no second store read).
 * Dropped when the change feed names the API, a stage or a deployment of it; each deployment is
 * compiled once and shared by the stages that serve it.
 */
export class HttpStages implements KindStages {
  readonly #store: StoreReader
  readonly #logger: Logger
  readonly #apis = new Map<string, Promise<ServedHttpApi | undefined>>()
  /** `${apiId}/${deploymentId}` → compiled deployment */
  readonly #deployments = new Map<string, Promise<CompiledHttpDeployment | undefined>>()

  constructor(store: StoreReader, logger: Logger) {
    this.#store = store
    this.#logger = logger
  }

  find(apiId: string): Promise<ServedHttpApi | undefined> {
    let lookup = this.#apis.get(apiId)
    if (lookup === undefined) {
      lookup = this.#load(apiId)
      this.#apis.set(apiId, lookup)
      // A failed read is not remembered: the next request tries again.
      lookup.catch(() => this.#apis.delete(apiId))
    }
    return lookup
  }

  /** Edits to routes and integrations change nothing served until deployed, so only the API, its stages and deployments matter. */
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

  async #load(apiId: string): Promise<ServedHttpApi | undefined> {
    const api = await this.#store.get('v2-api', ACCOUNT_SCOPE, apiId)
    if (api === undefined || api.protocolType !== 'HTTP') return undefined
    const stages = new Map<string, ServedHttpStage>()
    for (const stage of await this.#store.list('v2-stage', apiId)) {
      const deployment = stage.deploymentId === undefined ? undefined : await this.#deployment(apiId, stage.deploymentId)
      stages.set(stage.stageName, {
        stageName: stage.stageName,
        stageVariables: stage.stageVariables ?? {},
        defaultRouteSettings: stage.defaultRouteSettings ?? {},
        routeSettings: stage.routeSettings ?? {},
        accessLog: stage.accessLogSettings?.format === undefined
          ? undefined
          : { destinationArn: stage.accessLogSettings.destinationArn, format: compileAccessLogFormat(stage.accessLogSettings.format) },
        deployment,
      })
    }
    return { api, stages }
  }

  #deployment(apiId: string, deploymentId: string): Promise<CompiledHttpDeployment | undefined> {
    const key = `${apiId}/${deploymentId}`
    let compiled = this.#deployments.get(key)
    if (compiled === undefined) {
      compiled = this.#store.get('v2-deployment-snapshot', apiId, deploymentId).then((snapshot) => {
        if (snapshot === undefined) return undefined
        const started = performance.now()
        const deployment = compileHttpDeployment(deploymentId, snapshot)
        this.#logger.debug({ apiId, deploymentId, ms: performance.now() - started }, 'compiled HTTP API deployment')
        return deployment
      })
      this.#deployments.set(key, compiled)
      compiled.catch(() => this.#deployments.delete(key))
    }
    return compiled
  }
}
