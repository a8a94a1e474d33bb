import { badRequest } from '../../../core/management-error.ts'
import type { OpenApiDocument } from './read-document.ts'
import { REST_MESSAGES } from '../control-plane/messages.ts'

/**
 * The `basepath` import parameter (developer guide, "Set the OpenAPI basePath property"):
 * `ignore` (the default) drops the document's base path, `prepend` puts all of it before every
 * path, `split` drops its first segment and prepends the rest (LS
 * test_import_rest_api_with_base_path_oas30[split]: `/base-url/part` → `/part/test`).
 */
export type BasePathMode = 'ignore' | 'prepend' | 'split'

export function readBasePathMode(value: string | null): BasePathMode {
  if (value === null || value === '') return 'ignore'
  const mode = value.toLowerCase()
  if (mode === 'ignore' || mode === 'prepend' || mode === 'split') return mode
  throw badRequest(REST_MESSAGES.invalidBasePath(value))
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * The document's base path, as segments: Swagger 2's `basePath`; in OpenAPI 3 the first server's
 * `basePath` variable when there is one (even if its URL does not use it — the developer guide,
 * quoted in inputs/openapi-basepath-server-variable.yaml), else the path of its URL.
 */
export function documentBasePath(document: OpenApiDocument): string[] {
  const root = document.root
  let path = ''
  if (document.dialect === 'swagger2') {
    path = typeof root.basePath === 'string' ? root.basePath : ''
  } else {
    const server = Array.isArray(root.servers) && isObject(root.servers[0]) ? root.servers[0] : undefined
    const variables = isObject(server?.variables) ? server.variables : {}
    const basePath = isObject(variables.basePath) ? variables.basePath.default : undefined
    if (typeof basePath === 'string') path = basePath
    else if (typeof server?.url === 'string') {
      const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const variable = variables[name]
        return isObject(variable) && typeof variable.default === 'string' ? variable.default : ''
      })
      path = urlPath(url)
    }
  }
  return path.split('/').filter((segment) => segment !== '')
}

function urlPath(url: string): string {
  if (url.startsWith('/')) return url
  try {
    return new URL(url).pathname
  } catch {
    return ''
  }
}

/** Where a document path lands under the mode. */
export function applyBasePath(mode: BasePathMode, basePath: readonly string[], path: string): string {
  const prefix = mode === 'prepend' ? basePath : mode === 'split' ? basePath.slice(1) : []
  const segments = [...prefix, ...path.split('/').filter((segment) => segment !== '')]
  return `/${segments.join('/')}`
}
