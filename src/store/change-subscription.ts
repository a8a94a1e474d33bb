import type { StoreChangeEvent, StoreChangeListener, StoreSubscription } from './store.ts'

/** Where a listener's failure goes when the adapter is given nowhere better: a warning, never a crash. */
export const warnListenerError = (error: unknown): void => {
  process.emitWarning(`a store change listener failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
}

/**
 * One watcher of a store's change feed, as every adapter keeps it. An adapter may learn of the same
 * revision twice (its own commit, then a read of the change log) or out of turn (a commit by another
 * process not read yet): `offer` takes only the revision right after the last one taken, or a reset,
 * so events reach the listener in order, none twice and none skipped. A listener's promise is awaited
 * before its next event, and its failure stays here: the store and other watchers carry on.
 */
export class ChangeSubscription implements StoreSubscription {
  #cursor: number
  readonly #listener: StoreChangeListener
  readonly #onError: (error: unknown) => void
  readonly #onClose: (subscription: ChangeSubscription) => void
  readonly #pending: StoreChangeEvent[] = []
  #draining = false
  #closed = false

  constructor(
    since: number,
    listener: StoreChangeListener,
    onError: (error: unknown) => void,
    onClose: (subscription: ChangeSubscription) => void,
  ) {
    this.#cursor = since
    this.#listener = listener
    this.#onError = onError
    this.#onClose = onClose
  }

  /** The last revision taken for delivery: the next event this watcher needs is `cursor + 1`. */
  get cursor(): number {
    return this.#cursor
  }

  get closed(): boolean {
    return this.#closed
  }

  /** Queues the event if it is the next one (or a reset); false when it is not wanted. */
  offer(event: StoreChangeEvent): boolean {
    if (this.#closed) return false
    if (event.reset !== true && event.revision !== this.#cursor + 1) return false
    this.#cursor = event.revision
    this.#pending.push(event)
    if (!this.#draining) void this.#drain()
    return true
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#pending.length = 0
    this.#onClose(this)
  }

  // Runs synchronously up to the first listener that returns a promise, so a synchronous listener
  // sees a commit before the committing transaction's promise settles.
  async #drain(): Promise<void> {
    this.#draining = true
    try {
      while (!this.#closed && this.#pending.length > 0) {
        const event = this.#pending.shift() as StoreChangeEvent
        try {
          const outcome = this.#listener(event)
          if (outcome !== undefined && typeof outcome.then === 'function') await outcome
        } catch (error) {
          this.#report(error)
        }
      }
    } finally {
      this.#draining = false
    }
  }

  #report(error: unknown): void {
    try {
      this.#onError(error)
    } catch {
      // A failing error reporter must not stop delivery either.
    }
  }
}

/**
 * An adapter's watchers, with the bookkeeping every adapter does alike: adding and dropping them,
 * handing a commit to those up to date, and grouping the rest by cursor for a read of the change log.
 * How the log is read (and when) stays the adapter's.
 */
export class ChangeSubscriptions implements Iterable<ChangeSubscription> {
  readonly #all = new Set<ChangeSubscription>()
  readonly #onListenerError: (error: unknown) => void
  readonly #onNoneLeft: () => void

  /** `onNoneLeft` runs when the last watcher closes: the adapter stops what it ran for watchers. */
  constructor(onListenerError: (error: unknown) => void, onNoneLeft: () => void) {
    this.#onListenerError = onListenerError
    this.#onNoneLeft = onNoneLeft
  }

  get size(): number {
    return this.#all.size
  }

  [Symbol.iterator](): Iterator<ChangeSubscription> {
    return this.#all[Symbol.iterator]()
  }

  add(since: number, listener: StoreChangeListener): ChangeSubscription {
    const subscription = new ChangeSubscription(since, listener, this.#onListenerError, (closed) => {
      this.#all.delete(closed)
      if (this.#all.size === 0) this.#onNoneLeft()
    })
    this.#all.add(subscription)
    return subscription
  }

  closeAll(): void {
    for (const subscription of [...this.#all]) subscription.close()
  }

  /**
   * After a transaction ends: hands its commit (if it made one) straight to watchers that are up to
   * date, before `transaction()` settles. True when some watcher is still behind, having missed a
   * commit by another process or started during the transaction: it must read the log.
   */
  publish(committed: StoreChangeEvent | undefined): boolean {
    let behind = false
    for (const subscription of [...this.#all]) {
      if (committed !== undefined) subscription.offer(committed)
      if (subscription.cursor !== committed?.revision) behind = true
    }
    return behind
  }

  /** The watchers short of `latest`, by cursor: one read of the log serves every watcher at a cursor. */
  behind(latest: number): Map<number, ChangeSubscription[]> {
    const byCursor = new Map<number, ChangeSubscription[]>()
    for (const subscription of this.#all) {
      if (subscription.cursor === latest) continue
      byCursor.set(subscription.cursor, [...(byCursor.get(subscription.cursor) ?? []), subscription])
    }
    return byCursor
  }
}
