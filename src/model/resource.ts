import type { Method } from './method.ts'

/**
 * A resource of a REST API. Methods (with their integration and responses) are stored inside
 * the resource they belong to, as AWS embeds them in `GetResources?embed=methods`.
 * `path` is kept up to date by the control plane when a resource or an ancestor moves.
 */
export interface Resource {
  id: string
  parentId?: string
  pathPart?: string
  path: string
  resourceMethods?: Record<string, Method>
}
