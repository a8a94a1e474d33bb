/**
 * An HTTP integration URI, parsed at deploy time: `${stageVariables.x}` is replaced by the stage's
 * value (host, path or query — anywhere, as AWS substitutes it) and `{name}` by the mapped path
 * parameter. Yields undefined when the result is not an http(s) URL, which AWS answers with 500.
 */
export interface EndpointUri {
  resolve(values: { path: Readonly<Record<string, string>>; stageVariables: Readonly<Record<string, string>> }): URL | undefined
}

const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g
const PATH_VARIABLE = /\{([^{}/]+?)\+?\}/g

export function compileEndpointUri(template: string): EndpointUri {
  const hasStageVariables = template.includes('${stageVariables.')
  const hasPathVariables = /\{[^{}/]+\}/.test(template.replace(STAGE_VARIABLE, ''))
  const fixed = hasStageVariables || hasPathVariables ? undefined : tryUrl(template)
  return {
    resolve({ path, stageVariables }) {
      if (fixed !== undefined) return new URL(fixed)
      let text = hasStageVariables ? template.replace(STAGE_VARIABLE, (_, name: string) => stageVariables[name] ?? '') : template
      if (hasPathVariables) text = text.replace(PATH_VARIABLE, (whole, name: string) => path[name] ?? whole)
      return tryUrl(text)
    },
  }
}

function tryUrl(text: string): URL | undefined {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}
