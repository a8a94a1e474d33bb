import { newResourceId } from '../../../core/ids.ts'
import { badRequest, notFound } from '../../../core/management-error.ts'
import type { Resource } from '../../../model/resource.ts'
import { requiredString } from '../../operations/input.ts'
import { requireResource, requireRestApi } from './lookups.ts'
import { REST_MESSAGES } from './messages.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { invalidPatchPathFor, readPatchOperations, unsupportedPatchOp } from '../../operations/patch-operations.ts'
import { patchTable } from '../../operations/patch-table.ts'
import { checkPathLength, checkPlacement, childPath, recomputePaths, siblingsIn, subtreeOf, validatePathPart } from './resource-tree.ts'

/** Resource: CreateResource, GetResource, GetResources, UpdateResource, DeleteResource. */

/**
 * A resource as AWS shows it: without `?embed=methods` each method is an empty object
 * (`"resourceMethods": {"GET": {}}`; recorded: test_apigateway_import > test_import_swagger_api > resources); with it, the full methods.
 */
export function resourceView(resource: Resource, embedMethods: boolean): Resource {
  const { resourceMethods, ...rest } = resource
  if (resourceMethods === undefined || Object.keys(resourceMethods).length === 0) return rest
  if (embedMethods) return { ...rest, resourceMethods }
  return { ...rest, resourceMethods: Object.fromEntries(Object.keys(resourceMethods).map((verb) => [verb, {}])) as Resource['resourceMethods'] }
}

const wantsMethods = (query: URLSearchParams): boolean =>
  query.getAll('embed').some((value) => value.split(',').map((part) => part.trim()).includes('methods'))

export async function createResource({ deps, params, body }: Operation): Promise<Reply> {
  const { restApiId, parentId } = params
  const created = await deps.store.transaction(async (tx) => {
    const parent = await requireResource(tx, restApiId, parentId)
    const pathPart = requiredString(body, 'pathPart', 'createResourceInput')
    validatePathPart(pathPart)
    const siblings = (await tx.list('resource', restApiId)).filter((resource) => resource.parentId === parentId)
    checkPlacement(parent, pathPart, siblingsIn(siblings))
    const path = childPath(parent.path, pathPart)
    checkPathLength(path)
    const resource: Resource = { id: newResourceId(), parentId, pathPart, path }
    await tx.insert('resource', restApiId, resource.id, resource)
    return resource
  })
  return { status: 201, body: created }
}

export async function getResource({ deps, params, query }: Operation): Promise<Reply> {
  const resource = await requireResource(deps.store, params.restApiId, params.resourceId)
  return { status: 200, body: resourceView(resource, wantsMethods(query)) }
}

/** GetResources on an unknown API: the API's not-found text (not recorded; the list hangs off the API). */
export async function getResources({ deps, params, query }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  const embed = wantsMethods(query)
  const resources = await deps.store.list('resource', params.restApiId)
  const page = paginate(resources, query)
  return { status: 200, body: { ...page, item: page.item.map((resource) => resourceView(resource, embed)) } }
}

const UPDATABLE_PATHS = ['/parentId', '/pathPart'] as const

interface ResourceTree {
  readonly resources: Resource[]
}

const siblingsUnder = (resources: readonly Resource[], parentId: string, resource: Resource): Resource[] =>
  resources.filter((candidate) => candidate.parentId === parentId && candidate.id !== resource.id)

/** A move or a rename recomputes the `path` of the resource and of its whole subtree. */
function movedOrRenamed(resources: Resource[], resource: Resource): void {
  const parent = resources.find((candidate) => candidate.id === resource.parentId)!
  resource.path = childPath(parent.path, resource.pathPart!)
  recomputePaths(resources, resource)
}

const notRoot = (resource: Resource, path: string): void => {
  if (resource.parentId === undefined) throw badRequest(REST_MESSAGES.rootCannotUpdate(path.slice(1)))
}

/** Only `replace`, and only these two paths (recorded: test_apigateway_api > test_update_resource_behaviour > invalid-path-part). */
const RESOURCE_PATCHES = patchTable<Resource, ResourceTree>({
  refuse: ({ op, path }) => (op !== 'replace' ? unsupportedPatchOp(path, op) : invalidPatchPathFor(path, op, UPDATABLE_PATHS)),
  rules: [
    {
      path: '/parentId', ops: ['replace'],
      apply: (resource, { path, value, context: { resources } }) => {
        notRoot(resource, path)
        const parent = resources.find((candidate) => candidate.id === value)
        if (parent === undefined) throw notFound(REST_MESSAGES.resourceNotFound)
        // A move under its own subtree is cyclical.
        if (subtreeOf(resources, resource.id).some((member) => member.id === parent.id)) throw badRequest(REST_MESSAGES.cyclicalResources)
        checkPlacement(parent, resource.pathPart!, siblingsIn(siblingsUnder(resources, parent.id, resource)))
        resource.parentId = parent.id
        movedOrRenamed(resources, resource)
      },
    },
    {
      path: '/pathPart', ops: ['replace'],
      apply: (resource, { path, value, context: { resources } }) => {
        notRoot(resource, path)
        const pathPart = value ?? ''
        validatePathPart(pathPart)
        const parent = resources.find((candidate) => candidate.id === resource.parentId)!
        checkPlacement(parent, pathPart, siblingsIn(siblingsUnder(resources, parent.id, resource)))
        resource.pathPart = pathPart
        movedOrRenamed(resources, resource)
      },
    },
  ],
})

/** UpdateResource moves (`/parentId`) or renames (`/pathPart`) a resource. */
export async function updateResource({ deps, params, body }: Operation): Promise<Reply> {
  const { restApiId, resourceId } = params
  const operations = readPatchOperations(body, 'updateResourceInput')
  const updated = await deps.store.transaction(async (tx) => {
    const resources = await tx.list('resource', restApiId)
    const resource = resources.find((candidate) => candidate.id === resourceId)
    if (resource === undefined) throw notFound(REST_MESSAGES.resourceNotFound)
    await RESOURCE_PATCHES.apply(resource, operations, { resources })
    for (const member of subtreeOf(resources, resource.id)) await tx.put('resource', restApiId, member.id, member)
    return resource
  })
  return { status: 200, body: resourceView(updated, false) }
}

/** DeleteResource takes the resource's whole subtree with it (LS test_delete_resource). */
export async function deleteResource({ deps, params }: Operation): Promise<Reply> {
  const { restApiId, resourceId } = params
  await deps.store.transaction(async (tx) => {
    const resources = await tx.list('resource', restApiId)
    const resource = resources.find((candidate) => candidate.id === resourceId)
    if (resource === undefined) throw notFound(REST_MESSAGES.resourceNotFound)
    if (resource.parentId === undefined) throw badRequest(REST_MESSAGES.cannotDeleteRoot)
    for (const member of subtreeOf(resources, resourceId)) await tx.delete('resource', restApiId, member.id)
  })
  return { status: 202 }
}
