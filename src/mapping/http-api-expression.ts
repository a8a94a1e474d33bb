import { headerValue } from '../core/http.ts'

/** What an HTTP API expression reads: the request below the stage, the stage's variables and `$context`. */
export interface HttpApiExpressionSources {
  readonly headers: readonly string[]
  readonly query: ReadonlyMap<string, readonly string[]>
  /** The path below the stage (`$request.path`). */
  readonly path: string
  readonly pathParameters: Readonly<Record<string, string>>
  readonly stageVariables: Readonly<Record<string, string>>
  readonly context: Readonly<Record<string, unknown>>
  /** The integration's answer, for response mappings (`$response.header.<name>`). */
  readonly response?: { readonly headers: readonly (readonly [string, string])[] }
}

export type HttpApiExpressionReader = (sources: HttpApiExpressionSources) => string | undefined

const VARIABLE = /\$\{([^}]+)\}|\$((?:request|response|context|stageVariables)(?:\.[A-Za-z0-9_:+-]+)*)/g

/**
 * HTTP API mapping values and identity sources (developer guide, "Transforming API requests and
 * responses for HTTP APIs"; "Working with AWS Lambda authorizers for HTTP APIs"): `$request.header.<name>`
 * (case-insensitive, repeated values comma-joined), `$request.querystring.<name>` (case-sensitive,
 * comma-joined), `$request.path`, `$request.path.<name>`, `$context.<name>`, `$stageVariables.<name>`,
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
