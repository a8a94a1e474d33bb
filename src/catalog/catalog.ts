import type { Logger } from '../core/logger.ts'
import type { ApiKind, KindStages } from '../apis/api-kind.ts'
import type { DeploymentCompiler } from '../apis/rest/deploy/deployment-compiler.ts'
import { ApiKeyIndex } from '../policies/api-key/api-key-index.ts'
import type { Store, StoreChange, StoreChangeEvent, StoreSubscription } from '../store/store.ts'
import { AccountSettings } from './account-settings.ts'

export interface CatalogDeps {
  readonly store: Store
  readonly logger: Logger
  /** The API kinds whose stages it keeps. */
  readonly kinds: readonly ApiKind[]
  /** Canary routing's dice (Math.random unless a test seeds it). */
  readonly random?: () => number
  /** Shared with CreateDeployment, which compiles before it commits: one compilation per deployment per process. */
  readonly compiler?: DeploymentCompiler
  /** Where private integrations' VPC links lead (gatehouse.yaml `vpcLinks`). */
  readonly vpcLinkTargets?: Readonly<Record<string, string>>
}

/**
 * The data plane's only reader of configuration: which stage serves which compiled deployment, the
 * API keys and usage plans, the account's settings. It follows the store's change feed, so a change
 * committed through any process on the same store reaches this one without a callback or a restart:
 * in this process at once (the feed delivers right after the commit), from another process within
 * the store's poll interval.
 *
 * What it holds is derived from the store and dropped when the feed names a document it was derived
 * from; the next request reloads it. A stage swap is one map assignment, so a request in flight
 * keeps the deployment it started with.
 */
export class Catalog {
  readonly #stages: ReadonlyMap<ApiKind, KindStages>
  readonly apiKeys: ApiKeyIndex
  readonly account: AccountSettings
  readonly #logger: Logger
  readonly #waiters = new Set<{ readonly revision: number; readonly done: () => void }>()
  #subscription: StoreSubscription | undefined
  #revision = 0

  private constructor(deps: CatalogDeps) {
    const kindDeps = { store: deps.store, logger: deps.logger, random: deps.random ?? Math.random, compiler: deps.compiler, vpcLinkTargets: deps.vpcLinkTargets }
    this.#stages = new Map(deps.kinds.map((kind) => [kind, kind.createStages(kindDeps)] as const))
    this.apiKeys = new ApiKeyIndex(deps.store)
    this.account = new AccountSettings(deps.store)
    this.#logger = deps.logger
  }

  /**
   * Takes the store's revision first and follows the feed from there: anything committed after it,
   * even before the subscription starts, is delivered, so nothing read later can be missed.
   */
  static async open(deps: CatalogDeps): Promise<Catalog> {
    const catalog = new Catalog(deps)
    catalog.#revision = await deps.store.revision()
    catalog.#subscription = deps.store.watch(catalog.#revision, (event) => catalog.#apply(event))
    return catalog
  }

  /** What the catalog keeps for one API kind (its served stages). */
  stagesOf<S extends KindStages>(kind: ApiKind<S>): S {
    const stages = this.#stages.get(kind as ApiKind)
    if (stages === undefined) throw new Error(`the catalog keeps no stages of kind ${kind.name}`)
    return stages as S
  }

  /** The last store revision this catalog has applied. */
  get revision(): number {
    return this.#revision
  }

  /** Resolves once the catalog has applied `revision` (tests and `gatehouse` tools that wait for a deploy to land). */
  caughtUp(revision: number): Promise<void> {
    if (this.#revision >= revision) return Promise.resolve()
    return new Promise((done) => this.#waiters.add({ revision, done }))
  }

  close(): void {
    this.#subscription?.close()
    this.#subscription = undefined
  }

  #apply(event: StoreChangeEvent): void {
    if (event.reset === true) {
      this.#logger.info({ revision: event.revision }, 'catalog: change feed reset, reloading everything')
      for (const stages of this.#stages.values()) stages.forgetAll()
      this.apiKeys.invalidate()
      this.account.invalidate()
    } else {
      for (const change of event.changes) this.#forget(change)
    }
    this.#revision = event.revision
    for (const waiter of this.#waiters) {
      if (waiter.revision <= event.revision) {
        this.#waiters.delete(waiter)
        waiter.done()
      }
    }
  }

  /** Drops what was derived from the changed document: each kind's stages, and the keys and account every kind shares. */
  #forget(change: StoreChange): void {
    for (const stages of this.#stages.values()) stages.forget(change)
    switch (change.kind) {
      case undefined:
        // A deleted scope may be a usage plan's keys.
        this.apiKeys.invalidate()
        return
      case 'api-key':
      case 'usage-plan':
      case 'usage-plan-key':
        this.apiKeys.invalidate()
        return
      case 'account':
        this.account.invalidate()
        return
      default:
        return
    }
  }
}
