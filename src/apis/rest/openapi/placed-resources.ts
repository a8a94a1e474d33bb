import { badRequest } from '../../../core/management-error.ts'
import type { Resource } from '../../../model/resource.ts'
import { isVariablePart, type Siblings } from '../control-plane/resource-tree.ts'
import { REST_MESSAGES } from '../control-plane/messages.ts'

/**
 * How many characters the paths of the resources one import creates may hold together: a path of n parts creates
 * n resources whose paths hold about n² / 2 characters, so deep paths would otherwise let one document take the
 * gateway's memory and time. 16 Mi characters is 100,000 resources of paths 160 characters long.
 */
export const MAX_IMPORTED_PATH_CHARACTERS = 16 * 1024 * 1024

/**
 * An API's resources as an import places them: each parent's children by name and its variable child, so a new
 * resource is found or checked against its siblings by lookup, and a path is walked part by part without building
 * the text of each of its ancestors.
 */
export class PlacedResources {
  readonly #children = new Map<string, Children>()
  #createdCharacters = 0

  constructor(resources: Iterable<Resource>) {
    for (const resource of resources) this.#addChild(resource)
  }

  child(parent: Resource, pathPart: string): Resource | undefined {
    return this.#children.get(parent.id)?.named(pathPart)
  }

  childrenOf(parent: Resource): Siblings {
    return this.#children.get(parent.id) ?? NO_CHILDREN
  }

  /** Throws (the whole import refused) once the created paths would pass MAX_IMPORTED_PATH_CHARACTERS. */
  place(resource: Resource): void {
    this.#createdCharacters += resource.path.length
    if (this.#createdCharacters > MAX_IMPORTED_PATH_CHARACTERS) throw badRequest(REST_MESSAGES.importPathsTooLong(MAX_IMPORTED_PATH_CHARACTERS))
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
  readonly #byName = new Map<string, Resource>()
  variable: Resource | undefined

  has(pathPart: string): boolean {
    return this.#byName.has(pathPart)
  }

  named(pathPart: string): Resource | undefined {
    return this.#byName.get(pathPart)
  }

  add(resource: Resource, pathPart: string): void {
    this.#byName.set(pathPart, resource)
    if (isVariablePart(pathPart)) this.variable ??= resource
  }
}

const NO_CHILDREN: Siblings = { has: () => false, variable: undefined }
