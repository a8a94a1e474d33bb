import type { StoreChange } from './store.ts'

/**
 * The writes one transaction made, as its change-feed entry will list them. A document written
 * several times in one transaction is listed once, at its last write: the list stays as long as the
 * set of things touched, and replaying it in order still ends in the committed state (a put after a
 * deleteScope of its scope stays after it; a delete after a put of the same id stays after it).
 */
export class TransactionChanges {
  readonly #byKey = new Map<string, StoreChange>()

  record(change: StoreChange): void {
    const key = JSON.stringify([change.op, change.kind ?? null, change.scope, change.id ?? null])
    this.#byKey.delete(key)
    this.#byKey.set(key, change)
  }

  get size(): number {
    return this.#byKey.size
  }

  list(): StoreChange[] {
    return [...this.#byKey.values()]
  }
}
