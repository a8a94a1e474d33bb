import { headerValue } from '../core/http.ts'

/** What an HTTP API expression reads: the request below the stage, the stage's variables and `$context`. */
export interface HttpApiExpressionSources {
  readonly headers: readonly string[]
  readonly query: ReadonlyMap<string, readonly string[]>
  /** The path below the stage (`$request.path`). */
  readonly path: string
  readonly pathParameters: Readonly<Record<string, string>>
  readonly stageVariables: Readonly<Record<string, string>>
  /** The request body as received (`$request.body`, `$request.body.<JSONPath>`). */
  readonly body?: Buffer
  readonly context: Readonly<Record<string, unknown>>
  /** The integration's answer, for response mappings (`$response.header.<name>`). */
  readonly response?: { readonly headers: readonly (readonly [string, string])[] }
}

export type HttpApiExpressionReader = (sources: HttpApiExpressionSources) => string | undefined

const VARIABLE = /\$\{([^}]+)\}|\$(request\.body(?:\.[A-Za-z0-9_$-]+|\[\d+\])*|(?:request|response|context|stageVariables)(?:\.[A-Za-z0-9_:+-]+)*)/g

/**
 * HTTP API mapping values and identity sources (developer guide, "Transforming API requests and
 * responses for HTTP APIs"; "Working with AWS Lambda authorizers for HTTP APIs"): `$request.header.<name>`
 * (case-insensitive, repeated values comma-joined), `$request.querystring.<name>` (case-sensitive,
 * comma-joined), `$request.path`, `$request.path.<name>`, `$context.<name>`, `$stageVariables.<name>`, `$request.body` and
 * `$request.body.<JSONPath>` (dotted names and `[n]` indexes into a JSON body),
 * `$response.header.<name>`, static text, and several in one value with `${...}`. A value made of
 * one variable that is absent reads as undefined.
 */
export function compileHttpApiExpression(expression: string): HttpApiExpressionReader {
  const parts: (string | HttpApiExpressionReader)[] = []
  let last = 0
  for (const match of expression.matchAll(VARIABLE)) {
    if (match.index > last) parts.push(expression.slice(last, match.index))
    parts.push(compileVariable(match[1] ?? match[2]))
    last = match.index + match[0].length
  }
  if (last < expression.length) parts.push(expression.slice(last))
  if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0]
  return (sources) => parts.map((part) => (typeof part === 'string' ? part : part(sources) ?? '')).join('')
}

function compileVariable(variable: string): HttpApiExpressionReader {
  const after = (prefix: string): string | undefined => (variable.startsWith(prefix) ? variable.slice(prefix.length) : undefined)
  let name: string | undefined
  if ((name = after('request.header.')) !== undefined) {
    const key = name.toLowerCase()
    return (s) => {
      const values: string[] = []
      for (let i = 0; i < s.headers.length; i += 2) if (s.headers[i].toLowerCase() === key) values.push(s.headers[i + 1])
      return values.length === 0 ? undefined : values.join(',')
    }
  }
  if ((name = after('request.querystring.')) !== undefined) {
    const key = name
    return (s) => s.query.get(key)?.join(',')
  }
  if (variable === 'request.body') return (s) => (s.body === undefined ? undefined : s.body.toString('utf8'))
  if ((name = after('request.body')) !== undefined) return compileBodyPath(name)
  if (variable === 'request.path') return (s) => s.path
  if ((name = after('request.path.')) !== undefined) {
    const key = name
    return (s) => s.pathParameters[key]
  }
  if ((name = after('response.header.')) !== undefined) {
    const key = name
    return (s) => (s.response === undefined ? undefined : headerValue(s.response.headers.flat(), key))
  }
  if ((name = after('stageVariables.')) !== undefined) {
    const key = name
    return (s) => s.stageVariables[key]
  }
  if ((name = after('context.')) !== undefined) {
    const path = name.split('.')
    return (s) => {
      let value: unknown = s.context
      for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
      return value === undefined || value === null ? undefined : typeof value === 'object' ? JSON.stringify(value) : String(value)
    }
  }
  return () => undefined
}

/** JSONPath into the body is applied to its first 100 KB (developer guide, "Transforming API requests and responses for HTTP APIs"). */
const BODY_PATH_LIMIT = 100 * 1024
const STEP = /\.([^.[\]]+)|\[(\d+)\]/g
/** A body parsed once per request, however many values read it. */
const parsedBodies = new WeakMap<Buffer, unknown>()
const NOT_JSON = Symbol('not JSON')

/**
 * `$request.body.a.b[0]` (developer guide, "Transforming API requests and responses for HTTP APIs"):
 * a JSONPath from the root of a JSON body, by names and array indexes; recursive descent and filter
 * expressions are not supported there, and read as undefined here. A body that is not JSON, or a
 * path that names nothing, reads as undefined; an object or array as JSON text, a string as itself.
 */
function compileBodyPath(path: string): HttpApiExpressionReader {
  const steps: (string | number)[] = []
  let consumed = 0
  for (const match of path.matchAll(STEP)) {
    if (match.index !== consumed) return () => undefined
    steps.push(match[1] ?? Number(match[2]))
    consumed = match.index + match[0].length
  }
  if (consumed !== path.length || steps.length === 0) return () => undefined
  return (s) => {
    if (s.body === undefined || s.body.length === 0) return undefined
    let value = parsedBodies.get(s.body)
    if (value === undefined && !parsedBodies.has(s.body)) {
      try {
        value = JSON.parse(s.body.subarray(0, BODY_PATH_LIMIT).toString('utf8'))
      } catch {
        value = NOT_JSON
      }
      parsedBodies.set(s.body, value)
    }
    if (value === NOT_JSON) return undefined
    for (const step of steps) {
      if (typeof value !== 'object' || value === null) return undefined
      if (typeof step === 'number' ? !Array.isArray(value) : Array.isArray(value)) return undefined
      // Own members only: a client's body must not reach `__proto__`, `constructor` and the like.
      if (!Object.hasOwn(value, step)) return undefined
      value = (value as Record<string | number, unknown>)[step]
    }
    if (value === undefined || value === null) return undefined
    return typeof value === 'object' ? JSON.stringify(value) : String(value)
  }
}
