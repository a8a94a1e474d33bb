import { GATEWAY_MESSAGES, GatewayError } from '../../core/gateway-error.ts'
import type { Logger } from '../../core/logger.ts'

type EndpointValues = { path: Readonly<Record<string, string>>; stageVariables: Readonly<Record<string, string>> }

/**
 * An HTTP integration URI, parsed at deploy time: `${stageVariables.x}` is replaced by the stage's
 * value (host, path or query — anywhere, as AWS substitutes it) and `{name}` by the mapped path
 * parameter. A result that is not an http(s) URL is AWS's 500.
 */
export interface EndpointUri {
  /** The URL to call; one that does not resolve is AWS's 500, logged with the text of AWS's execution log. */
  target(values: EndpointValues, logger: Logger): URL
}

const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g
const PATH_VARIABLE = /\{([^{}/]+?)\+?\}/g

export function compileEndpointUri(template: string): EndpointUri {
  const hasStageVariables = template.includes('${stageVariables.')
  const hasPathVariables = /\{[^{}/]+\}/.test(template.replace(STAGE_VARIABLE, ''))
  const fixed = hasStageVariables || hasPathVariables ? undefined : tryUrl(template)
  const resolve = ({ path, stageVariables }: EndpointValues): URL | undefined => {
    if (fixed !== undefined) return new URL(fixed)
    let text = hasStageVariables ? template.replace(STAGE_VARIABLE, (_, name: string) => stageVariables[name] ?? '') : template
    if (hasPathVariables) text = text.replace(PATH_VARIABLE, (whole, name: string) => path[name] ?? whole)
    return tryUrl(text)
  }
  return {
    target(values, logger) {
      const url = resolve(values)
      if (url !== undefined) return url
      logger.warn({ uri: template }, 'Execution failed due to configuration error: Invalid endpoint address')
      throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
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
