/** Evaluates a route selection expression on a message's text: the route key, or undefined when the message is no JSON (the `$default` route's). */
export type RouteSelection = (message: string) => string | undefined

const BODY_PATH = /^\$request\.body((?:\.[A-Za-z0-9_$-]+)+)$/
const VARIABLE = /\$\{request\.body((?:\.[A-Za-z0-9_$-]+)+)\}/g

/**
 * Compiles an API's `routeSelectionExpression` once, at deploy (developer guide, "WebSocket
 * selection expressions"): `$request.body.action` is a JSONPath into the JSON message, its value
 * stringified; `${request.body.service}/${request.body.action}` composes several (`chat/join`), a
 * path that is absent giving `""` (`join-`); `\$default` is the literal `$default`; any other text
 * is a static key.
 */
export function compileRouteSelection(expression: string): RouteSelection {
  const whole = BODY_PATH.exec(expression)
  if (whole !== null) {
    const path = segments(whole[1])
    return (message) => {
      const body = parseJson(message)
      return body === NOT_JSON ? undefined : stringify(lookup(body, path))
    }
  }
  if (expression.includes('${request.body')) {
    // split with one capture group: text, path, text, path, ..., text; each path split here, once, not per message
    const parts = expression.split(VARIABLE).map((part, i) => (i % 2 === 0 ? part : segments(part)))
    return (message) => {
      const body = parseJson(message)
      if (body === NOT_JSON) return undefined
      return parts.map((part) => (typeof part === 'string' ? part : stringify(lookup(body, part)))).join('')
    }
  }
  const literal = expression === '\\$default' ? '$default' : expression
  return () => literal
}

/** What `parseJson` answers for a text that is no JSON. */
export const NOT_JSON = Symbol('not JSON')

export function parseJson(message: string): unknown {
  try {
    return JSON.parse(message)
  } catch {
    return NOT_JSON
  }
}

export const segments = (path: string): string[] => path.slice(1).split('.')

export function lookup(value: unknown, path: readonly string[]): unknown {
  let current = value
  for (const name of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, name)) return undefined
    current = (current as Record<string, unknown>)[name]
  }
  return current
}

/** A selected value as a key: text as it is, anything else as JSON, nothing as `""`. */
export function stringify(value: unknown): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'string' ? value : JSON.stringify(value)
}
