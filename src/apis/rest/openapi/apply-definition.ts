import { newId, newModelId, newResourceId } from '../../../core/ids.ts'
import { checkPathLength, checkPlacement, childPath, validatePathPart } from '../control-plane/resource-tree.ts'
import type { Authorizer } from '../../../model/authorizer.ts'
import type { Method } from '../../../model/method.ts'
import type { RequestValidator } from '../../../model/request-validator.ts'
import type { Resource } from '../../../model/resource.ts'
import type { StoreTransaction } from '../../../store/store.ts'
import type { ApiDefinition } from './api-definition.ts'
import type { ImportIssues } from './import-issues.ts'
import { applyDocumentationParts } from './apply-documentation.ts'
import { storedSchema } from './models.ts'
import { PlacedResources } from './placed-resources.ts'

/**
 * Stores an ApiDefinition under a REST API whose document already exists, inside the caller's
 * transaction (so a failure anywhere stores nothing). `overwrite` replaces what the API had —
 * resources whose path survives keep their id, as AWS keeps them (LS
 * test_import_rest_api_with_base_path_oas30[ignore] > get-resources-oas30-srv-url) — while
 * `merge` adds to it, a method, model, authorizer or validator of the same name replacing the
 * old one.
 */

export type ApplyMode = 'overwrite' | 'merge'

export async function applyDefinition(
  tx: StoreTransaction,
  restApiId: string,
  definition: ApiDefinition,
  mode: ApplyMode,
  issues: ImportIssues,
): Promise<void> {
  const authorizerIds = await replaceNamed(tx, 'authorizer', restApiId, definition.authorizers, mode)
  const validatorIds = await replaceNamed(tx, 'request-validator', restApiId, definition.requestValidators, mode)
  await writeModels(tx, restApiId, definition, mode)
  if (mode === 'overwrite') {
    for (const response of await tx.list('gateway-response', restApiId)) await tx.delete('gateway-response', restApiId, response.responseType)
  }
  for (const response of definition.gatewayResponses) await tx.put('gateway-response', restApiId, response.responseType, response)

  const existing = await tx.list('resource', restApiId)
  const root = existing.find((resource) => resource.parentId === undefined)!
  const wanted = partTree(definition.resources.map(({ path }) => path))
  const kept: Resource[] = []
  const namespaces = new Map<string, CacheNamespaces>()
  for (const resource of existing) {
    if (mode === 'overwrite') {
      if (!holdsPath(wanted, resource.path)) {
        await tx.delete('resource', restApiId, resource.id)
        continue
      }
      namespaces.set(resource.id, cacheNamespacesOf(resource))
      delete resource.resourceMethods
    }
    kept.push(resource)
  }

  const tree = new PlacedResources(kept)
  const changed = new Set<Resource>(mode === 'overwrite' ? kept : [])
  for (const { path, methods } of definition.resources) {
    const resource = ensureResource(tree, root, path, issues, changed)
    if (resource === undefined) continue
    for (const { method, authorizerName, requestValidatorName } of methods) {
      const stored: Method = structuredClone(method)
      if (authorizerName !== undefined) stored.authorizerId = authorizerIds.get(authorizerName)
      if (requestValidatorName !== undefined) stored.requestValidatorId = validatorIds.get(requestValidatorName)
      if (stored.methodIntegration !== undefined && stored.methodIntegration.cacheNamespace === '') {
        const kept = namespaces.get(resource.id)
        stored.methodIntegration.cacheNamespace = kept?.byMethod.get(stored.httpMethod) ?? kept?.any ?? resource.id
      }
      resource.resourceMethods = { ...resource.resourceMethods, [stored.httpMethod]: stored }
      changed.add(resource)
    }
  }
  for (const resource of changed) await tx.put('resource', restApiId, resource.id, resource)
  if (definition.documentationParts !== undefined) await applyDocumentationParts(tx, restApiId, definition.documentationParts, mode)
}

/**
 * The cache namespaces a surviving resource's integrations had before an overwrite. A namespace groups the
 * cached entries of related methods (API Reference, Integration.cacheNamespace; developer guide, "Cache
 * settings for REST APIs in API Gateway"): the resource keeps its id through an overwrite, and its methods keep
 * the namespace their cache entries are filed under, unless the document names one.
 */
interface CacheNamespaces {
  readonly byMethod: ReadonlyMap<string, string>
  readonly any?: string
}

function cacheNamespacesOf(resource: Resource): CacheNamespaces {
  const byMethod = new Map<string, string>()
  for (const [httpMethod, method] of Object.entries(resource.resourceMethods ?? {})) {
    const namespace = method.methodIntegration?.cacheNamespace
    if (namespace !== undefined && namespace !== '') byMethod.set(httpMethod, namespace)
  }
  return { byMethod, any: byMethod.values().next().value }
}

/** A path's parts: `/a//b/` → `a`, `b`. */
const partsOf = (path: string): string[] => path.split('/').filter((part) => part !== '')

/** Paths as a tree of their parts: a path is held when it is one of them or above one, as its resource is wanted. */
type PartTree = Map<string, PartTree>

function partTree(paths: readonly string[]): PartTree {
  const tree: PartTree = new Map()
  for (const path of paths) {
    let node = tree
    for (const part of partsOf(path)) {
      let next = node.get(part)
      if (next === undefined) node.set(part, (next = new Map()))
      node = next
    }
  }
  return tree
}

function holdsPath(tree: PartTree, path: string): boolean {
  let node: PartTree | undefined = tree
  for (const part of partsOf(path)) {
    node = node.get(part)
    if (node === undefined) return false
  }
  return true
}

/** The resource at a path, creating it and its missing parents with CreateResource's rules. */
function ensureResource(tree: PlacedResources, root: Resource, path: string, issues: ImportIssues, changed: Set<Resource>): Resource | undefined {
  // The message names the path's start only: a document may hold megabytes of it.
  if (!issues.check(`Unable to create resource at path '${path.length > 80 ? `${path.slice(0, 80)}...` : path}'`, () => checkPathLength(path))) return undefined
  let parent = root
  for (const pathPart of partsOf(path)) {
    let resource = tree.child(parent, pathPart)
    if (resource === undefined) {
      const resourcePath = childPath(parent.path, pathPart)
      const placed = issues.check(`Unable to create resource at path '${resourcePath}'`, () => {
        validatePathPart(pathPart)
        checkPlacement(parent, pathPart, tree.childrenOf(parent))
      })
      if (!placed) return undefined
      resource = { id: newResourceId(), parentId: parent.id, pathPart, path: resourcePath }
      tree.place(resource)
      changed.add(resource)
    }
    parent = resource
  }
  return parent
}

async function writeModels(tx: StoreTransaction, restApiId: string, definition: ApiDefinition, mode: ApplyMode): Promise<void> {
  const existing = new Map((await tx.list('model', restApiId)).map((model) => [model.name, model]))
  if (mode === 'overwrite') for (const name of existing.keys()) await tx.delete('model', restApiId, name)
  for (const { name, description, schema } of definition.models) {
    const id = mode === 'merge' ? (existing.get(name)?.id ?? newModelId()) : newModelId()
    const model = { id, name, schema: storedSchema(schema, restApiId), contentType: 'application/json' }
    await tx.put('model', restApiId, name, description === undefined ? model : { ...model, description })
  }
}

/**
 * Authorizers and request validators, addressed by name in the document and by id once stored:
 * returns name → id. Merge keeps the id of one that already has the name.
 */
async function replaceNamed<K extends 'authorizer' | 'request-validator'>(
  tx: StoreTransaction,
  kind: K,
  restApiId: string,
  wanted: readonly (Omit<Authorizer, 'id'> | Omit<RequestValidator, 'id'>)[],
  mode: ApplyMode,
): Promise<Map<string, string>> {
  const existing = (await tx.list(kind, restApiId)) as { id: string; name: string }[]
  if (mode === 'overwrite') for (const item of existing) await tx.delete(kind, restApiId, item.id)
  const ids = new Map<string, string>()
  for (const item of mode === 'merge' ? existing : []) ids.set(item.name, item.id)
  for (const item of wanted) {
    const name: string = item.name
    const id = ids.get(name) ?? newId(6)
    ids.set(name, id)
    await tx.put(kind, restApiId, id, { id, ...item } as never)
  }
  return ids
}
