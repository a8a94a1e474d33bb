import type { StoreChange, StoreTransaction } from './store.ts'

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

  /**
   * `tx` (an adapter's plain writes), recording each write that changed something: an insert that
   * wrote, a put, a delete that found its document, a deleteScope that removed any. So every adapter
   * lists the same changes for the same writes.
   */
  recording(tx: StoreTransaction): StoreTransaction {
    return {
      get: (kind, scope, id) => tx.get(kind, scope, id),
      list: (kind, scope) => tx.list(kind, scope),
      insert: async (kind, scope, id, doc) => {
        const inserted = await tx.insert(kind, scope, id, doc)
        if (inserted) this.record({ op: 'put', kind, scope, id })
        return inserted
      },
      put: async (kind, scope, id, doc) => {
        await tx.put(kind, scope, id, doc)
        this.record({ op: 'put', kind, scope, id })
      },
      delete: async (kind, scope, id) => {
        const deleted = await tx.delete(kind, scope, id)
        if (deleted) this.record({ op: 'delete', kind, scope, id })
        return deleted
      },
      deleteScope: async (scope) => {
        const deleted = await tx.deleteScope(scope)
        if (deleted > 0) this.record({ op: 'deleteScope', scope })
        return deleted
      },
    }
  }
}
