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
