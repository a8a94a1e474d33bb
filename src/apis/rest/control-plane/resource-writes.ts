import type { Resource } from '../../../model/resource.ts'
import type { StoreTransaction } from '../../../store/store.ts'
import { requireResource } from './lookups.ts'
import type { ManagementDeps } from '../../operations/operation.ts'

/**
 * Methods, method responses, integrations and integration responses live inside their resource's
 * document, so every write to them is: load the resource, change it, store it back — in one
 * transaction, so a failed check half-way stores nothing.
 */
export function changeResource<T>(
  deps: ManagementDeps,
  restApiId: string,
  resourceId: string,
  change: (resource: Resource, tx: StoreTransaction) => Promise<T>,
): Promise<T> {
  return deps.store.transaction(async (tx) => {
    const resource = await requireResource(tx, restApiId, resourceId)
    const result = await change(resource, tx)
    if (resource.resourceMethods !== undefined && Object.keys(resource.resourceMethods).length === 0) {
      delete resource.resourceMethods
    }
    await tx.put('resource', restApiId, resourceId, resource)
    return result
  })
}
