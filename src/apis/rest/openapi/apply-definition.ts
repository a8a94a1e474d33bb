import { newId, newModelId, newResourceId } from '../../../core/ids.ts'
import { checkPlacement, childPath, isVariablePart, validatePathPart, type Siblings } from '../control-plane/resource-tree.ts'
import type { Authorizer } from '../../../model/authorizer.ts'
import type { Method } from '../../../model/method.ts'
import type { RequestValidator } from '../../../model/request-validator.ts'
import type { Resource } from '../../../model/resource.ts'
import type { StoreTransaction } from '../../../store/store.ts'
import type { ApiDefinition } from './api-definition.ts'
import type { ImportIssues } from './import-issues.ts'
import { applyDocumentationParts } from './apply-documentation.ts'
import { storedSchema } from './models.ts'

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
  const wanted = new Set(['/'])
  for (const { path } of definition.resources) for (const ancestor of ancestorsOf(path)) wanted.add(ancestor)
  const byPath = new Map<string, Resource>()
  const namespaces = new Map<string, CacheNamespaces>()
  for (const resource of existing) {
    if (mode === 'overwrite') {
      if (!wanted.has(resource.path)) {
        await tx.delete('resource', restApiId, resource.id)
        continue
      }
      namespaces.set(resource.id, cacheNamespacesOf(resource))
      delete resource.resourceMethods
    }
    byPath.set(resource.path, resource)
  }
  byPath.set('/', root)

  const tree = new PlacedResources(byPath)
  const changed = new Set<Resource>(mode === 'overwrite' ? byPath.values() : [])
  for (const { path, methods } of definition.resources) {
    const resource = ensureResource(tree, path, issues, changed)
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

/** `/a/b/c` → `/a`, `/a/b`, `/a/b/c`. */
function ancestorsOf(path: string): string[] {
  const parts = path.split('/').filter((part) => part !== '')
  return parts.map((_, index) => `/${parts.slice(0, index + 1).join('/')}`)
}

/**
 * The resources of the API by path, and each one's children by name: a new resource is checked against its
 * siblings by lookup, so an import of n resources under one parent costs n lookups, not n scans.
 */
class PlacedResources {
  readonly byPath: Map<string, Resource>
  readonly #children = new Map<string, Children>()

  constructor(byPath: Map<string, Resource>) {
    this.byPath = byPath
    for (const resource of byPath.values()) this.#addChild(resource)
  }

  childrenOf(parent: Resource): Siblings {
    return this.#children.get(parent.id) ?? NO_CHILDREN
  }

  place(path: string, resource: Resource): void {
    this.byPath.set(path, resource)
    this.#addChild(resource)
  }

  #addChild(resource: Resource): void {
    if (resource.parentId === undefined || resource.pathPart === undefined) return
    let children = this.#children.get(resource.parentId)
    if (children === undefined) this.#children.set(resource.parentId, (children = new Children()))
    children.add(resource, resource.pathPart)
  }
}

class Children implements Siblings {
  readonly #names = new Set<string>()
  variable: Resource | undefined

  has(pathPart: string): boolean {
    return this.#names.has(pathPart)
  }

  add(resource: Resource, pathPart: string): void {
    this.#names.add(pathPart)
    if (isVariablePart(pathPart)) this.variable ??= resource
  }
}

const NO_CHILDREN: Siblings = { has: () => false, variable: undefined }

/** The resource at a path, creating it and its missing parents with CreateResource's rules. */
function ensureResource(tree: PlacedResources, path: string, issues: ImportIssues, changed: Set<Resource>): Resource | undefined {
  let parent = tree.byPath.get('/')!
  for (const ancestor of ancestorsOf(path)) {
    let resource = tree.byPath.get(ancestor)
    if (resource === undefined) {
      const pathPart = ancestor.slice(ancestor.lastIndexOf('/') + 1)
      const siblings = tree.childrenOf(parent)
      const placed = issues.check(`Unable to create resource at path '${ancestor}'`, () => {
        validatePathPart(pathPart)
        checkPlacement(parent, pathPart, siblings)
      })
      if (!placed) return undefined
      resource = { id: newResourceId(), parentId: parent.id, pathPart, path: childPath(parent.path, pathPart) }
      tree.place(ancestor, resource)
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
