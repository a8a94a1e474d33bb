import { GATEWAY_MESSAGES, GatewayError } from '../../core/gateway-error.ts'
import type { Logger } from '../../core/logger.ts'
import { encodePathValue, hasDotSegment } from './path-value-containment.ts'

type EndpointValues = { path: Readonly<Record<string, string>>; stageVariables: Readonly<Record<string, string>> }

/**
 * An HTTP integration URI, parsed at deploy time: `${stageVariables.x}` is replaced by the stage's
 * value (host, path or query — anywhere, as AWS substitutes it) and `{name}` by the mapped path
 * parameter. A result that is not an http(s) URL is AWS's 500. A mapped value stays inside its own
 * segment(s): what would end or split it is percent-encoded, and a dot segment in it is refused with
 * 400 before any backend is called (path-value-containment.ts says why).
 */
export interface EndpointUri {
  /** The URL to call; one that does not resolve is AWS's 500, logged with the text of AWS's execution log. */
  target(values: EndpointValues, logger: Logger): URL
  /** A URI with no variables, parsed once at deploy time: the same URL for every request. */
  readonly fixed?: FixedEndpointUri
}

/** The parts of a URI without variables, as its URL has them. */
export interface FixedEndpointUri {
  readonly href: string
  readonly origin: string
  readonly pathname: string
  readonly search: string
}

const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g
const PATH_VARIABLE = /\{([^{}/]+?)\+?\}/g

export function compileEndpointUri(template: string): EndpointUri {
  const hasStageVariables = template.includes('${stageVariables.')
  const hasPathVariables = /\{[^{}/]+\}/.test(template.replace(STAGE_VARIABLE, ''))
  const fixedUrl = hasStageVariables || hasPathVariables ? undefined : tryUrl(template)
  const fixed = fixedUrl?.href
  // Without stage variables the `{name}` slots are where they are for every request: found once, here.
  const slots = hasPathVariables && !hasStageVariables ? pathSlots(template) : undefined
  const resolve = ({ path, stageVariables }: EndpointValues): URL | undefined => {
    if (fixed !== undefined) return new URL(fixed)
    if (slots !== undefined) return tryUrl(substitutePathValues(slots, path))
    let text = hasStageVariables ? template.replace(STAGE_VARIABLE, (_, name: string) => stageVariables[name] ?? '') : template
    if (hasPathVariables) text = substitutePathValues(pathSlots(text), path)
    return tryUrl(text)
  }
  return {
    fixed: fixedUrl === undefined ? undefined : { href: fixedUrl.href, origin: fixedUrl.origin, pathname: fixedUrl.pathname, search: fixedUrl.search },
    target(values, logger) {
      const url = resolve(values)
      if (url !== undefined) return url
      logger.warn({ uri: template }, 'Execution failed due to configuration error: Invalid endpoint address')
      throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
    },
  }
}

/** No recording shows AWS's answer to a dot segment in a path parameter: BAD_REQUEST_PARAMETERS lets an API customise it. */
const DOT_SEGMENT_MESSAGE = 'Invalid request input: a path parameter cannot be a dot segment'

/**
 * `{name}` replaced by the encoded value. Each segment a value touches (with the template's text around
 * it, so `{id}.` with `.` is caught as `..`) must not be a dot segment; the WHATWG parser the URL then
 * goes through would resolve it away, and a backend would.
 */
function substitutePathValues(slots: PathSlots, path: Readonly<Record<string, string>>): string {
  let text = ''
  const spans: [number, number][] = []
  for (const { before, name, written } of slots.slots) {
    text += before
    const value = path[name]
    if (value === undefined) {
      text += written
      continue
    }
    const encoded = encodePathValue(value)
    spans.push([text.length, text.length + encoded.length])
    text += encoded
  }
  text += slots.rest
  for (const [start, end] of spans) {
    const from = text.lastIndexOf('/', start - 1) + 1
    const to = text.slice(end).search(/[/?#]/)
    if (hasDotSegment(text.slice(from, to === -1 ? text.length : end + to))) {
      throw new GatewayError('BAD_REQUEST_PARAMETERS', DOT_SEGMENT_MESSAGE)
    }
  }
  return text
}

/** A template cut at its `{name}` slots: each slot with the literal text before it, and the text after the last. */
interface PathSlots {
  readonly slots: readonly { readonly before: string; readonly name: string; readonly written: string }[]
  readonly rest: string
}

function pathSlots(template: string): PathSlots {
  const slots: { before: string; name: string; written: string }[] = []
  let last = 0
  for (const match of template.matchAll(PATH_VARIABLE)) {
    slots.push({ before: template.slice(last, match.index), name: match[1], written: match[0] })
    last = match.index + match[0].length
  }
  return { slots, rest: template.slice(last) }
}

function tryUrl(text: string): URL | undefined {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}
