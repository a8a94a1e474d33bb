import { newId } from '../../../core/ids.ts'
import type { DocumentationPart } from '../../../model/documentation.ts'
import type { StoreTransaction } from '../../../store/store.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { sameLocation } from '../control-plane/documentation-part.ts'
import type { ApplyMode } from './apply-definition.ts'
import type { DocumentationPartDefinition } from './read-documentation.ts'

/**
 * Stores imported documentation parts inside the caller's transaction and answers their ids in
 * the document's order (developer guide, "Import API documentation"): `overwrite` replaces the
 * API's whole collection, so every part gets a new id (recorded: test_apigateway_api >
 * test_import_documentation_parts > import-documentation-parts); `merge` adds the new ones, and
 * where a part already documents the location, the imported attributes replace the existing
 * ones that differ while the others stay, and the part keeps its id.
 */
export async function applyDocumentationParts(
  tx: StoreTransaction,
  restApiId: string,
  parts: readonly DocumentationPartDefinition[],
  mode: ApplyMode,
): Promise<string[]> {
  const existing = await tx.list('documentation-part', restApiId)
  if (mode === 'overwrite') {
    for (const part of existing) await tx.delete('documentation-part', restApiId, part.id)
    existing.length = 0
  }
  const ids: string[] = []
  for (const { location, properties } of parts) {
    const documented = existing.find((part) => sameLocation(part.location, location))
    if (documented !== undefined) {
      documented.properties = JSON.stringify({ ...JSON.parse(documented.properties), ...JSON.parse(properties) })
      await tx.put('documentation-part', restApiId, documented.id, documented)
      ids.push(documented.id)
      continue
    }
    const id = await allocateId(() => newId(6), (id) => tx.insert('documentation-part', restApiId, id, { id, location, properties }))
    const part: DocumentationPart = { id, location, properties }
    existing.push(part)
    ids.push(id)
  }
  return ids
}
