/**
 * Gateway response templates are not VTL: API Gateway substitutes `$context.*` and
 * `$stageVariables.*` references and leaves every other character as written (developer guide,
 * "Set up gateway responses"). A reference to nothing renders as ''. Compiled
 * once into literal parts and lookups.
 */
export interface SubstitutionTemplate {
  render(variables: { context: Readonly<Record<string, unknown>>; stageVariables: Readonly<Record<string, string>> }): string
}

const REFERENCE = /\$(?:\{(context|stageVariables)((?:\.[A-Za-z0-9_-]+)+)\}|(context|stageVariables)((?:\.[A-Za-z0-9_]+)+))/g

export function compileSubstitutionTemplate(source: string): SubstitutionTemplate {
  const parts: (string | { root: 'context' | 'stageVariables'; path: string[] })[] = []
  let last = 0
  for (const match of source.matchAll(REFERENCE)) {
    parts.push(source.slice(last, match.index))
    const root = (match[1] ?? match[3]) as 'context' | 'stageVariables'
    parts.push({ root, path: (match[2] ?? match[4]).slice(1).split('.') })
    last = match.index + match[0].length
  }
  parts.push(source.slice(last))
  return {
    render(variables) {
      let out = ''
      for (const part of parts) {
        if (typeof part === 'string') {
          out += part
          continue
        }
        let value: unknown = variables[part.root]
        for (const key of part.path) value = value === null || typeof value !== 'object' ? undefined : (value as Record<string, unknown>)[key]
        out += value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)
      }
      return out
    },
  }
}
