import type { Resource } from '../../../model/resource.ts'

/**
 * The resource tree a deployment routes on, built once at deploy time. Each node holds its literal
 * children by path part, at most one `{param}` child and at most one `{param+}` (greedy) child, as
 * AWS allows one variable sibling per level.
 */
export interface ResourceNode<M> {
  readonly resource: Resource
  readonly literals: Map<string, ResourceNode<M>>
  param?: { readonly name: string; readonly node: ResourceNode<M> }
  greedy?: { readonly name: string; readonly node: ResourceNode<M> }
  /** Methods by verb, `ANY` included. */
  readonly methods: Map<string, M>
}

/** Builds the tree from the flat resource list; `compileMethod` runs once for every method. */
export function buildResourceTree<M>(
  resources: readonly Resource[],
  compileMethod: (resource: Resource, httpMethod: string) => M,
): ResourceNode<M> | undefined {
  const nodes = new Map<string, ResourceNode<M>>()
  for (const resource of resources) {
    const methods = new Map<string, M>()
    for (const verb of Object.keys(resource.resourceMethods ?? {})) methods.set(verb, compileMethod(resource, verb))
    nodes.set(resource.id, { resource, literals: new Map(), methods })
  }
  let root: ResourceNode<M> | undefined
  for (const node of nodes.values()) {
    const { parentId, pathPart } = node.resource
    const parent = parentId === undefined ? undefined : nodes.get(parentId)
    if (parent === undefined || pathPart === undefined) {
      if (node.resource.path === '/') root = node
      continue
    }
    const variable = /^\{(.+?)(\+)?\}$/.exec(pathPart)
    if (variable === null) parent.literals.set(pathPart, node)
    else if (variable[2] === '+') parent.greedy = { name: variable[1], node }
    else parent.param = { name: variable[1], node }
  }
  return root
}
