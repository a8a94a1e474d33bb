import { notFound } from '../../../core/management-error.ts'
import { ACCOUNT_SCOPE, type DocumentTypes, type StoreReader } from '../../../store/store.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import type { PatchTable } from '../../operations/patch-table.ts'
import { patchStored } from './patch-stored.ts'

/**
 * An account-wide resource addressed by one path label (`/clientcertificates/{clientCertificateId}`,
 * `/vpclinks/{vpcLinkId}`): its lookup with its own 404, its Update (patch table, 200 with the
 * resource as `answer` shapes it) and its Delete (202), as the API reference has them.
 */
export interface AccountResource<K extends keyof DocumentTypes> {
  readonly kind: K
  /** The path label that names it, and how a stored one names itself. */
  readonly param: string
  readonly idOf: (resource: DocumentTypes[K]) => string
  readonly notFoundMessage: string
  readonly inputName: string
  readonly patches: PatchTable<DocumentTypes[K]>
  readonly answer: (resource: DocumentTypes[K]) => unknown
}

export function accountResourceOperations<K extends keyof DocumentTypes>(resource: AccountResource<K>) {
  const find = async (reader: StoreReader, id: string): Promise<DocumentTypes[K]> => {
    const found = await reader.get(resource.kind, ACCOUNT_SCOPE, id)
    if (found === undefined) throw notFound(resource.notFoundMessage)
    return found
  }
  return {
    find,
    async update({ deps, params, body }: Operation): Promise<Reply> {
      const updated = await patchStored(deps.store, body, {
        inputName: resource.inputName,
        patches: resource.patches,
        read: (tx) => find(tx, params[resource.param]),
        write: (tx, changed) => tx.put(resource.kind, ACCOUNT_SCOPE, resource.idOf(changed), changed),
      })
      return { status: 200, body: resource.answer(updated) }
    },
    async remove({ deps, params }: Operation): Promise<Reply> {
      await deps.store.transaction(async (tx) => {
        await find(tx, params[resource.param])
        await tx.delete(resource.kind, ACCOUNT_SCOPE, params[resource.param])
      })
      return { status: 202 }
    },
  }
}
