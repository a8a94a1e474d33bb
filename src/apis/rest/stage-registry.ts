import type { KindStages } from '../api-kind.ts'
import type { StoreChange } from '../../store/store.ts'
import type { Logger } from '../../core/logger.ts'
import { DeploymentCompiler } from './deploy/deployment-compiler.ts'
import type { CompiledDeployment } from './deploy/compiled-deployment.ts'
import type { Stage } from '../../model/stage.ts'
import { ACCOUNT_SCOPE, type StoreReader } from '../../store/store.ts'
import type { ClientCertificateMaterial } from '../../integrations/http/tls-dispatcher.ts'
import { placeVpcLinks } from './vpc-link-placement.ts'
import { chooseServedStage, type RandomSource, type StageRelease } from './pipeline/canary-routing.ts'
import { compileStageSettings, type StageSettings } from './pipeline/stage-settings.ts'

/** A stage as the data plane serves it: its settings and the compiled deployment it points at. */
export interface ServedStage {
  readonly restApiId: string
  readonly stageName: string
  readonly stage: Stage
  readonly stageVariables: Readonly<Record<string, string>>
  readonly deployment: CompiledDeployment
  /** `$context.isCanaryRequest`: this request was routed to the stage's canary. */
  readonly isCanaryRequest: boolean
  /** The stage's method settings (throttle, cache) and cache cluster, compiled when the stage was loaded. */
  readonly settings: StageSettings
  /** The certificate its `clientCertificateId` names, shown to HTTP backends. */
  readonly clientCertificate?: ClientCertificateMaterial
  /** VPC link id → where its load balancer is reached (gatehouse.yaml `vpcLinks`), for private integrations. */
  readonly vpcLinks: ReadonlyMap<string, string>
}

/** `findLoaded`'s answer when only `find` can tell. */
export const STAGE_LOADING: unique symbol = Symbol('stage loading')

/** How long a stage whose reload failed serves its last release before the next try. */
const STALE_RETRY_MS = 1_000

interface StageEntry {
  lookup: Promise<StageRelease | undefined>
  /** What the stage served when last loaded, to fall back on while the store cannot be read. */
  lastGood?: { readonly release: StageRelease | undefined }
  /** The lookup has settled: lastGood is what it answers. */
  settled: boolean
  /** The change feed named the stage's API, or the last reload failed: reload on the next request. */
  stale: boolean
  /** After a failed reload, not before this time (ms since the epoch), so a lost store is not asked on every request. */
  retryAt: number
}

/** Stale and past its retry time: the next request reloads the stage. */
const dueForReload = (entry: StageEntry): boolean => entry.stale && Date.now() >= entry.retryAt

/**
 * Finds what a stage serves, compiling each deployment once and sharing it between the stages that
 * point at it. Lookups are cached (misses too, so unknown APIs cost no store read) until the change
 * feed names a change to that API (catalog.ts), which marks them stale: the next request reloads the
 * stage. A reload the store cannot answer (a lost database) serves what was served before and is
 * tried again a little later, so losing the store never takes a stage down. The swap is one map
 * assignment, so requests in flight keep the deployment they started with.
 */
export class StageRegistry implements KindStages {
  readonly #store: StoreReader
  readonly #logger: Logger
  readonly #random: RandomSource
  /** restApiId → stageName → lookup */
  readonly #stages = new Map<string, Map<string, StageEntry>>()
  /** `${restApiId}/${deploymentId}` → compiled deployment */
  readonly #deployments = new Map<string, Promise<CompiledDeployment | undefined>>()

  readonly #compiler: DeploymentCompiler
  readonly #vpcLinkTargets: Readonly<Record<string, string>>

  constructor(
    store: StoreReader, logger: Logger, random: RandomSource = Math.random, compiler = new DeploymentCompiler(),
    vpcLinkTargets: Readonly<Record<string, string>> = {},
  ) {
    this.#compiler = compiler
    this.#vpcLinkTargets = vpcLinkTargets
    this.#store = store
    this.#logger = logger
    this.#random = random
  }

  /** What this request is served: the stage's deployment or, for a share of requests, its canary's. */
  async find(restApiId: string, stageName: string): Promise<ServedStage | undefined> {
    const release = await this.release(restApiId, stageName)
    return release === undefined ? undefined : chooseServedStage(release, this.#random)
  }

  /**
   * What `find` would answer, when the stage is loaded and fresh, without waiting for a promise (most requests):
   * STAGE_LOADING when the stage is being loaded or must be reloaded, and `find` is then the way.
   */
  findLoaded(restApiId: string, stageName: string): ServedStage | undefined | typeof STAGE_LOADING {
    const current = this.#stages.get(restApiId)?.get(stageName)
    if (current === undefined || !current.settled || dueForReload(current)) return STAGE_LOADING
    const release = current.lastGood?.release
    return release === undefined ? undefined : chooseServedStage(release, this.#random)
  }

  /** The stage as loaded, with its canary. */
  release(restApiId: string, stageName: string): Promise<StageRelease | undefined> {
    let stages = this.#stages.get(restApiId)
    if (stages === undefined) this.#stages.set(restApiId, (stages = new Map()))
    const current = stages.get(stageName)
    if (current !== undefined && !dueForReload(current)) return current.lookup
    const lastGood = current?.lastGood
    const entry: StageEntry = { lookup: Promise.resolve(undefined), lastGood, settled: false, stale: false, retryAt: 0 }
    entry.lookup = this.#load(restApiId, stageName).then(
      (release) => {
        entry.lastGood = { release }
        entry.settled = true
        return release
      },
      (error: unknown) => {
        // Never loaded: nothing to fall back on, and a failed read is not remembered.
        if (lastGood === undefined) {
          if (stages.get(stageName) === entry) stages.delete(stageName)
          throw error
        }
        this.#logger.warn({ err: error, restApiId, stageName }, 'could not reload the stage; serving what it served before')
        entry.stale = true
        entry.retryAt = Date.now() + STALE_RETRY_MS
        entry.settled = true
        return lastGood.release
      },
    )
    stages.set(stageName, entry)
    return entry.lookup
  }

  /** Marks an API's stages stale: the next request reloads them (compiled deployments are immutable and stay). */
  invalidate(restApiId: string): void {
    const stages = this.#stages.get(restApiId)
    if (stages === undefined) return
    for (const entry of stages.values()) {
      entry.stale = true
      entry.retryAt = 0
    }
  }

  /**
   * Drops what a store change made stale. Edits to resources, methods and the rest of an API change
   * nothing served until they are deployed (as on AWS), so only the API itself, its stages and its
   * deployments matter here.
   */
  forget(change: StoreChange): void {
    switch (change.kind) {
      case undefined:
        // A deleted scope: a REST API with everything it owned.
        this.invalidate(change.scope)
        return
      case 'restapi':
        this.invalidate(change.id)
        return
      case 'stage':
        this.invalidate(change.scope)
        return
      case 'client-certificate':
      case 'vpc-link':
        // Rare, and any stage may name it.
        for (const restApiId of this.#stages.keys()) this.invalidate(restApiId)
        return
      case 'deployment-snapshot':
        if (change.op === 'put') this.precompile(change.scope, change.id)
        else this.forgetDeployment(change.scope, change.id)
        this.invalidate(change.scope)
        return
      default:
        return
    }
  }

  /** Forgets every stage and every compiled deployment (the change feed could not say what changed). */
  forgetAll(): void {
    for (const restApiId of this.#stages.keys()) this.invalidate(restApiId)
    this.#deployments.clear()
  }

  /** A new deployment is compiled as soon as it is announced, before any stage serves it. */
  precompile(restApiId: string, deploymentId: string): void {
    this.#deployment(restApiId, deploymentId).catch((error: unknown) => {
      this.#logger.error({ err: error, restApiId, deploymentId }, 'could not compile deployment')
    })
  }

  /** A deleted deployment's compiled form is dropped (stages that still named it were refused by DeleteDeployment). */
  forgetDeployment(restApiId: string, deploymentId: string): void {
    this.#deployments.delete(`${restApiId}/${deploymentId}`)
    this.#compiler.forget(restApiId, deploymentId)
  }

  async #load(restApiId: string, stageName: string): Promise<StageRelease | undefined> {
    const [restApi, stage] = await Promise.all([
      this.#store.get('restapi', '', restApiId),
      this.#store.get('stage', restApiId, stageName),
    ])
    if (restApi === undefined) {
      for (const key of this.#deployments.keys()) if (key.startsWith(`${restApiId}/`)) this.#deployments.delete(key)
      this.#compiler.forgetApi(restApiId)
      return undefined
    }
    if (stage === undefined) return undefined
    const canarySettings = stage.canarySettings
    const [deployment, canaryDeployment, certificate, vpcLinks] = await Promise.all([
      this.#deployment(restApiId, stage.deploymentId),
      canarySettings === undefined ? undefined : this.#deployment(restApiId, canarySettings.deploymentId ?? stage.deploymentId),
      stage.clientCertificateId === undefined ? undefined : this.#store.get('client-certificate', ACCOUNT_SCOPE, stage.clientCertificateId),
      this.#vpcLinks(),
    ])
    if (deployment === undefined) return undefined
    const stageVariables = stage.variables ?? {}
    const settings = compileStageSettings(restApiId, stage)
    const clientCertificate = certificate === undefined ? undefined : { certificatePem: certificate.pemEncodedCertificate, privateKeyPem: certificate.privateKeyPem }
    const base: ServedStage = { restApiId, stageName, stage, stageVariables, deployment, isCanaryRequest: false, settings, clientCertificate, vpcLinks }
    if (canarySettings === undefined || canaryDeployment === undefined) return { base, percentTraffic: 0 }
    const canary: ServedStage = {
      ...base,
      stageVariables: { ...stageVariables, ...canarySettings.stageVariableOverrides },
      deployment: canaryDeployment,
      isCanaryRequest: true,
    }
    return { base, canary, percentTraffic: canarySettings.percentTraffic ?? 0 }
  }

  /** The VPC links gatehouse.yaml's `vpcLinks` places (vpc-link-placement.ts). */
  async #vpcLinks(): Promise<ReadonlyMap<string, string>> {
    if (Object.keys(this.#vpcLinkTargets).length === 0) return new Map()
    return placeVpcLinks(await this.#store.list('vpc-link', ACCOUNT_SCOPE), this.#vpcLinkTargets)
  }

  #deployment(restApiId: string, deploymentId: string): Promise<CompiledDeployment | undefined> {
    const key = `${restApiId}/${deploymentId}`
    let compiled = this.#deployments.get(key)
    if (compiled === undefined) {
      compiled = this.#store.get('deployment-snapshot', restApiId, deploymentId).then((stored) => {
        if (stored === undefined) return undefined
        const started = performance.now()
        const deployment = this.#compiler.compile(restApiId, deploymentId, stored.snapshot)
        this.#logger.debug({ restApiId, deploymentId, ms: performance.now() - started }, 'compiled deployment')
        return deployment
      })
      this.#deployments.set(key, compiled)
      compiled.catch(() => this.#deployments.delete(key))
    }
    return compiled
  }
}
