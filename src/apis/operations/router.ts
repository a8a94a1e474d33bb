import type { Handler } from './operation.ts'

/**
 * A small router for the v1 management API's URI templates (`/restapis/{restApiId}/stages/{stageName}`).
 * Literal segments win over labels, so `/restapis/x/resources` is never read as a resource id.
 */

export interface RouteDefinition {
  readonly method: string
  /** AWS's URI template, e.g. `/restapis/{restApiId}/resources/{resourceId}`. */
  readonly path: string
  /** Whether the operation takes a JSON body (Create/Put/Update). */
  readonly hasBody: boolean
  /** When it answers true the body is handed over unparsed (`rawBody`): ImportRestApi's document is JSON or YAML. */
  readonly rawBody?: (query: URLSearchParams) => boolean
  readonly handler: Handler
}

interface CompiledRoute extends RouteDefinition {
  readonly segments: readonly { literal?: string; label?: string }[]
}

export interface RouteMatch {
  readonly route: RouteDefinition
  readonly params: Record<string, string>
}

export class Router {
  readonly #routes: CompiledRoute[]

  constructor(routes: readonly RouteDefinition[]) {
    this.#routes = routes.map((route) => ({
      ...route,
      segments: route.path
        .split('/')
        .slice(1)
        .map((segment) => (segment.startsWith('{') ? { label: segment.slice(1, -1) } : { literal: segment })),
    }))
    // Most literal segments first, so a literal beats a label at the same position.
    this.#routes.sort((a, b) => literalCount(b) - literalCount(a))
  }

  /** Undefined when nothing matches, or when a percent-escape in the path is malformed. */
  match(method: string, pathname: string): RouteMatch | undefined {
    const raw = pathname.replace(/\/+$/, '').split('/').slice(1)
    let segments: string[]
    try {
      segments = raw.map((segment) => decodeURIComponent(segment))
    } catch {
      return undefined
    }
    for (const route of this.#routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue
      const params: Record<string, string> = {}
      let ok = true
      for (let i = 0; i < segments.length && ok; i++) {
        const pattern = route.segments[i]
        if (pattern.literal !== undefined) ok = pattern.literal === segments[i]
        else if (segments[i] === '') ok = false
        else params[pattern.label!] = segments[i]
      }
      if (ok) return { route, params }
    }
    return undefined
  }
}

const literalCount = (route: CompiledRoute): number => route.segments.filter((s) => s.literal !== undefined).length
