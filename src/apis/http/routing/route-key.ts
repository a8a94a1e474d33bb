/**
 * HTTP API route keys (developer guide, "Working with routes for HTTP APIs"): `$default`, or a method
 * (`GET`, ..., or `ANY`) and a path of static segments and `{name}` variables, with at most one
 * greedy `{name+}`, last.
 */
export type RouteSegment =
  | { readonly literal: string }
  | { readonly variable: string }
  | { readonly greedy: string }

export type ParsedRouteKey =
  | { readonly isDefault: true }
  | { readonly isDefault: false; readonly method: string; readonly path: string; readonly segments: readonly RouteSegment[] }

export const ROUTE_METHODS = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const

const VARIABLE = /^\{([A-Za-z0-9._-]+)(\+?)\}$/

/** The route key's parts, or a reason it is not one. */
export function parseRouteKey(key: string): ParsedRouteKey | { readonly problem: string } {
  if (key === '$default') return { isDefault: true }
  const space = key.indexOf(' ')
  const method = space === -1 ? key : key.slice(0, space)
  const path = space === -1 ? '' : key.slice(space + 1)
  if (!(ROUTE_METHODS as readonly string[]).includes(method)) return { problem: `the method must be one of ${ROUTE_METHODS.join(', ')}` }
  if (!path.startsWith('/')) return { problem: 'the path must start with /' }
  if (path === '/') return { isDefault: false, method, path, segments: [] }
  const parts = path.split('/').slice(1)
  const segments: RouteSegment[] = []
  const names = new Set<string>()
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]
    if (part === '') return { problem: 'the path has an empty segment' }
    const variable = VARIABLE.exec(part)
    if (variable === null) {
      if (part.includes('{') || part.includes('}')) return { problem: `segment ${part} is neither static nor one {variable}` }
      segments.push({ literal: part })
      continue
    }
    const name = variable[1]
    if (names.has(name)) return { problem: `the path variable ${name} is repeated` }
    names.add(name)
    if (variable[2] === '+') {
      if (i !== parts.length - 1) return { problem: 'a greedy path variable must be the last segment' }
      segments.push({ greedy: name })
    } else {
      segments.push({ variable: name })
    }
  }
  return { isDefault: false, method, path, segments }
}

/** Two keys that would match the same requests, whatever their variables are called (`GET /a/{x}` and `GET /a/{y}`). */
export function routeKeyShape(parsed: ParsedRouteKey): string {
  if (parsed.isDefault) return '$default'
  const path = parsed.segments.map((s) => ('literal' in s ? s.literal : 'variable' in s ? '{}' : '{+}')).join('/')
  return `${parsed.method} /${path}`
}
