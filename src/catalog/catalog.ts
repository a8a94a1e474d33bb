import type { Logger } from '../core/logger.ts'
import type { RandomSource } from '../data-plane/canary-routing.ts'
import type { DeploymentCompiler } from '../deploy/deployment-compiler.ts'
import { ApiKeyIndex } from '../policies/api-key/api-key-index.ts'
import type { Store, StoreChange, StoreChangeEvent, StoreSubscription } from '../store/store.ts'
import { AccountSettings } from './account-settings.ts'
import { StageRegistry } from './stage-registry.ts'

export interface CatalogDeps {
  readonly store: Store
  readonly logger: Logger
  /** Canary routing's dice (Math.random unless a test seeds it). */
  readonly random?: RandomSource
  /** Shared with CreateDeployment, which compiles before it commits: one compilation per deployment per process. */
  readonly compiler?: DeploymentCompiler
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
  readonly stages: StageRegistry
  readonly apiKeys: ApiKeyIndex
  readonly account: AccountSettings
  readonly #logger: Logger
  readonly #waiters = new Set<{ readonly revision: number; readonly done: () => void }>()
  #subscription: StoreSubscription | undefined
  #revision = 0

  private constructor(deps: CatalogDeps) {
    this.stages = new StageRegistry(deps.store, deps.logger, deps.random, deps.compiler)
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
      this.stages.invalidateAll()
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

  /** Drops what was derived from the changed document. Configuration that needs a redeploy on AWS is read from deployments, so its edits change nothing served. */
  #forget(change: StoreChange): void {
    switch (change.kind) {
      case undefined:
        // A deleted scope: a REST API with everything it owned, or a usage plan's keys.
        this.stages.invalidate(change.scope)
        this.apiKeys.invalidate()
        return
      case 'restapi':
        this.stages.invalidate(change.id)
        return
      case 'stage':
        this.stages.invalidate(change.scope)
        return
      case 'deployment-snapshot':
        if (change.op === 'put') this.stages.precompile(change.scope, change.id)
        else this.stages.forgetDeployment(change.scope, change.id)
        this.stages.invalidate(change.scope)
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
