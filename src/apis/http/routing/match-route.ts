import { parseRouteKey, type RouteSegment } from './route-key.ts'

/** A route as the data plane matches it, compiled once per deployment. */
interface CompiledRoute<T> {
  readonly routeKey: string
  readonly method: string
  readonly segments: readonly RouteSegment[]
  readonly greedy: boolean
  readonly value: T
}

export interface RouteMatch<T> {
  readonly routeKey: string
  readonly pathParameters: Record<string, string>
  readonly value: T
}

/**
 * An HTTP API's route table, in the priority order AWS documents (developer guide, "Working with
 * routes for HTTP APIs", "Routing API requests"): a full match first (a static segment before a
 * variable, left to right, so `GET /pets/dog/1` beats `GET /pets/dog/{id}`), then a greedy
 * `{proxy+}` match (the longest prefix first), then `$default`. At each of these, a route for the
 * request's method goes before `ANY`.
 */
export class RouteTable<T> {
  readonly #routes: CompiledRoute<T>[] = []
  #default: T | undefined

  constructor(routes: readonly { readonly routeKey: string; readonly value: T }[]) {
    for (const { routeKey, value } of routes) {
      const parsed = parseRouteKey(routeKey)
      if ('problem' in parsed) continue
      if (parsed.isDefault) {
        this.#default = value
        continue
      }
      const greedy = parsed.segments.length > 0 && 'greedy' in parsed.segments[parsed.segments.length - 1]
      this.#routes.push({ routeKey, method: parsed.method, segments: parsed.segments, greedy, value })
    }
    this.#routes.sort(compareRoutes)
  }

  /** The route for a request, or undefined (AWS's 404 Not Found). `path` is below the stage, raw. */
  match(method: string, path: string): RouteMatch<T> | undefined {
    const parts = path.split('/').slice(1)
    if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
    for (const route of this.#routes) {
      if (route.method !== 'ANY' && route.method !== method) continue
      const pathParameters = matchSegments(route, parts)
      if (pathParameters !== undefined) return { routeKey: route.routeKey, pathParameters, value: route.value }
    }
    return this.#default === undefined ? undefined : { routeKey: '$default', pathParameters: {}, value: this.#default }
  }
}

function matchSegments<T>(route: CompiledRoute<T>, parts: readonly string[]): Record<string, string> | undefined {
  const fixed = route.greedy ? route.segments.length - 1 : route.segments.length
  if (route.greedy ? parts.length <= fixed : parts.length !== fixed) return undefined
  const parameters: Record<string, string> = {}
  for (let i = 0; i < fixed; i++) {
    const segment = route.segments[i]
    if ('literal' in segment) {
      if (segment.literal !== parts[i]) return undefined
    } else if ('variable' in segment) {
      parameters[segment.variable] = decode(parts[i])
    }
  }
  if (route.greedy) {
    const last = route.segments[fixed] as { greedy: string }
    parameters[last.greedy] = decode(parts.slice(fixed).join('/'))
  }
  return parameters
}

function compareRoutes<T>(a: CompiledRoute<T>, b: CompiledRoute<T>): number {
  if (a.greedy !== b.greedy) return a.greedy ? 1 : -1
  if (a.greedy && a.segments.length !== b.segments.length) return b.segments.length - a.segments.length
  const length = Math.min(a.segments.length, b.segments.length)
  for (let i = 0; i < length; i++) {
    const rank = segmentRank(a.segments[i]) - segmentRank(b.segments[i])
    if (rank !== 0) return rank
  }
  return (a.method === 'ANY' ? 1 : 0) - (b.method === 'ANY' ? 1 : 0)
}

const segmentRank = (segment: RouteSegment): number => ('literal' in segment ? 0 : 'variable' in segment ? 1 : 2)

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
