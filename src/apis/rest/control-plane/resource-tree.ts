import { badRequest, conflict } from '../../../core/management-error.ts'
import type { Resource } from '../../../model/resource.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * The rules of a REST API's resource tree, with AWS's texts (recorded: test_apigateway_api > TestApiGatewayApiResource):
 * one variable path part per parent, nothing below a greedy `{name+}`, unique names among siblings.
 */

// The characters AWS names in its own error text, plus ':' which AWS has accepted since
// (aws-cdk#22477: `events:batch` works through CloudFormation and the console).
const STATIC_PART = /^[A-Za-z0-9._:-]+$/
const VARIABLE_PART = /^\{[A-Za-z0-9._-]+\+?\}$/

export const isVariablePart = (pathPart: string): boolean => pathPart.startsWith('{')
export const isGreedyPart = (pathPart: string | undefined): boolean => pathPart?.endsWith('+}') ?? false

export function validatePathPart(pathPart: string): void {
  if (!STATIC_PART.test(pathPart) && !VARIABLE_PART.test(pathPart)) {
    throw badRequest(REST_MESSAGES.invalidPathPart)
  }
}

export const childPath = (parentPath: string, pathPart: string): string =>
  parentPath === '/' ? `/${pathPart}` : `${parentPath}/${pathPart}`

/**
 * The longest resource path: a regional API's URL is at most 10,240 characters (developer guide, "Quotas for
 * configuring and running a REST API"), so a longer path could never be called. The bound also keeps an import
 * cheap: a path of n parts creates n resources whose paths together hold about n² / 2 characters.
 */
export const MAX_RESOURCE_PATH_LENGTH = 10_240

export function checkPathLength(path: string): void {
  if (path.length > MAX_RESOURCE_PATH_LENGTH) throw badRequest(REST_MESSAGES.resourcePathTooLong(MAX_RESOURCE_PATH_LENGTH))
}

/** What the placement rules ask of a parent's other children: whether a name is taken, and the variable child. */
export interface Siblings {
  has(pathPart: string): boolean
  readonly variable: Resource | undefined
}

/** The siblings in a list of the parent's other children (CreateResource and UpdateResource check one name). */
export function siblingsIn(children: readonly Resource[]): Siblings {
  return {
    has: (pathPart) => children.some((sibling) => sibling.pathPart === pathPart),
    variable: children.find((sibling) => sibling.pathPart !== undefined && isVariablePart(sibling.pathPart)),
  }
}

/**
 * Checks that `pathPart` may live under `parent` next to `siblings` (the parent's other children,
 * the resource itself excluded). Order as AWS reports: greedy parent, taken name, second variable.
 */
export function checkPlacement(parent: Resource, pathPart: string, siblings: Siblings): void {
  if (isGreedyPart(parent.pathPart)) {
    throw badRequest(REST_MESSAGES.greedyParent(parent.pathPart))
  }
  if (siblings.has(pathPart)) {
    throw conflict(REST_MESSAGES.siblingNameTaken(pathPart))
  }
  if (isVariablePart(pathPart) && siblings.variable !== undefined) {
    throw badRequest(REST_MESSAGES.secondVariableSibling(siblings.variable.pathPart))
  }
}

/** The resource and everything below it. */
export function subtreeOf(resources: readonly Resource[], rootId: string): Resource[] {
  const ids = new Set([rootId])
  let grew = true
  while (grew) {
    grew = false
    for (const resource of resources) {
      if (resource.parentId !== undefined && ids.has(resource.parentId) && !ids.has(resource.id)) {
        ids.add(resource.id)
        grew = true
      }
    }
  }
  return resources.filter((resource) => ids.has(resource.id))
}

/** Recomputes `path` for every resource below `top` after `top` moved or was renamed. */
export function recomputePaths(resources: readonly Resource[], top: Resource): Resource[] {
  const byId = new Map(resources.map((resource) => [resource.id, resource]))
  byId.set(top.id, top)
  const changed: Resource[] = [top]
  const walk = (parent: Resource): void => {
    for (const child of byId.values()) {
      if (child.parentId !== parent.id) continue
      child.path = childPath(parent.path, child.pathPart!)
      changed.push(child)
      walk(child)
    }
  }
  walk(top)
  return changed
}
