import { lookup, NOT_JSON, parseJson, segments, stringify } from './route-selection.ts'

/** What a template selection expression reads: the message, and for an integration response the integration's answer. */
export interface SelectionInput {
  readonly message: string
  readonly response?: { readonly statusCode: number; readonly headers: readonly (readonly [string, string])[] }
}

/** Evaluates a template selection expression: the key of the template to render. */
export type TemplateSelection = (input: SelectionInput) => string

type Part = string | ((input: SelectionInput, body: () => unknown) => string)

const VARIABLE = /\$\{([^}]*)\}|\$((?:request\.body|integration\.response)(?:\.[A-Za-z0-9_$-]+)*)/g

/**
 * Compiles a template selection expression once, at deploy (developer guide, "Setting up data
 * transformations for WebSocket APIs", "Template selection expressions"): an integration's takes
 * `${request.body.jsonPath}` and static values; an integration response's also
 * `${integration.response.statuscode}`, `${integration.response.header.name}` and
 * `${integration.response.multivalueheader.name}`. Variables compose with text as route selection
 * expressions do (a path that is absent gives `""`), and `\$default` is the literal `$default`.
 * A variable the expression cannot have reads as `""`.
 */
export function compileTemplateSelection(expression: string): TemplateSelection {
  if (expression === '\\$default') return () => '$default'
  const parts: Part[] = []
  let last = 0
  for (const match of expression.matchAll(VARIABLE)) {
    parts.push(expression.slice(last, match.index))
    parts.push(variable(match[1] ?? match[2]))
    last = match.index + match[0].length
  }
  parts.push(expression.slice(last))
  if (parts.length === 1) return () => expression
  return (input) => {
    let parsed: unknown
    let read = false
    const body = (): unknown => {
      if (!read) {
        parsed = parseJson(input.message)
        read = true
      }
      return parsed === NOT_JSON ? undefined : parsed
    }
    return parts.map((part) => (typeof part === 'string' ? part : part(input, body))).join('')
  }
}

function variable(name: string): Part {
  if (name === 'request.body') return (input) => input.message
  if (name.startsWith('request.body.')) {
    const path = segments(name.slice('request.body'.length))
    return (_input, body) => stringify(lookup(body(), path))
  }
  if (name === 'integration.response.statuscode') return (input) => (input.response === undefined ? '' : String(input.response.statusCode))
  const header = /^integration\.response\.(header|multivalueheader)\.(.+)$/.exec(name)
  if (header !== null) {
    const wanted = header[2].toLowerCase()
    const all = header[1] === 'multivalueheader'
    return (input) => {
      const values = (input.response?.headers ?? []).filter(([key]) => key.toLowerCase() === wanted).map(([, value]) => value)
      return all ? values.join(',') : values.at(-1) ?? ''
    }
  }
  return () => ''
}
