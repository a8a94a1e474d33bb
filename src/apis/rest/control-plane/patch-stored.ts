import type { JsonObject } from '../../../core/json.ts'
import type { Store, StoreTransaction } from '../../../store/store.ts'
import { readPatchOperations } from '../../operations/patch-operations.ts'
import type { PatchTable } from '../../operations/patch-table.ts'

/** How one Update operation reads, checks and writes back the resource its patch table changes. */
export interface StoredPatch<T> {
  /** The input name Coral's refusals use (`update<Resource>Input`). */
  readonly inputName: string
  readonly patches: PatchTable<T>
  /** The stored resource; throws the resource's own 404 (and the API's, where the operation checks it). */
  readonly read: (tx: StoreTransaction) => Promise<T>
  /** Whatever the resource refuses once patched, given the resource as it was stored. */
  readonly check?: (updated: T, before: Readonly<T>, tx: StoreTransaction) => void | Promise<void>
  readonly write: (tx: StoreTransaction, updated: T) => Promise<void>
}

/**
 * The Update operations whose patch needs no context: operations read before the transaction (a
 * malformed body touches nothing), then, in one transaction, the stored resource is copied (what
 * the store hands out is never changed in place, so a refused patch leaves nothing half applied),
 * patched, checked and written back.
 */
export async function patchStored<T>(store: Store, body: JsonObject, patch: StoredPatch<T>): Promise<T> {
  const operations = readPatchOperations(body, patch.inputName)
  return store.transaction(async (tx) => {
    const before = await patch.read(tx)
    const updated = structuredClone(before)
    await patch.patches.apply(updated, operations, undefined)
    await patch.check?.(updated, before, tx)
    await patch.write(tx, updated)
    return updated
  })
}
