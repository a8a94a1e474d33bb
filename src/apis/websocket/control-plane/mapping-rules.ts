import { compileSelectionPattern } from '../../../mapping/selection-pattern.ts'
import { checkTemplate } from '../../rest/control-plane/integration-rules.ts'
import { WEBSOCKET_MESSAGES } from './messages.ts'

export const CONTENT_HANDLING_STRATEGIES = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'] as const

/** A member that takes one of AWS's enum values. */
export function checkEnum(member: string, value: string | undefined, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value)) throw WEBSOCKET_MESSAGES.enumInvalid(member, value, allowed)
}

const PARAM_NAME = '[a-zA-Z0-9._$-]+'
const REQUEST_TARGET = new RegExp(`^integration\\.request\\.(header|querystring|path)\\.${PARAM_NAME}$`)
/** Developer guide, "Setting up data mapping for WebSocket APIs", the table of integration request data mapping expressions. */
const REQUEST_SOURCE = new RegExp(
  `^(route\\.request\\.(querystring|header|multivaluequerystring|multivalueheader)\\.${PARAM_NAME}|route\\.request\\.body(\\..+)?|stageVariables\\.[A-Za-z0-9_]+|context\\.[A-Za-z0-9_.]+|'[^']*')$`,
)
const RESPONSE_TARGET = new RegExp(`^route\\.response\\.header\\.${PARAM_NAME}$`)
const RESPONSE_SOURCE = new RegExp(
  `^(integration\\.response\\.(header|multivalueheader)\\.${PARAM_NAME}|integration\\.response\\.body(\\..+)?|stageVariables\\.[A-Za-z0-9_]+|context\\.[A-Za-z0-9_.]+|'[^']*')$`,
)

/** An integration's `requestParameters`: `integration.request.{header|querystring|path}.NAME` ← a route request, body, stage or context value, or a quoted literal. */
export function checkRequestParameters(parameters: Readonly<Record<string, string>> | undefined): void {
  for (const [target, source] of Object.entries(parameters ?? {})) {
    if (!REQUEST_TARGET.test(target) || !REQUEST_SOURCE.test(source)) throw WEBSOCKET_MESSAGES.requestParameterInvalid(target, source)
  }
}

/** An integration response's `responseParameters`: `route.response.header.NAME` ← an integration response, stage or context value, or a quoted literal. */
export function checkResponseParameters(parameters: Readonly<Record<string, string>> | undefined): void {
  for (const [target, source] of Object.entries(parameters ?? {})) {
    if (!RESPONSE_TARGET.test(target) || !RESPONSE_SOURCE.test(source)) throw WEBSOCKET_MESSAGES.responseParameterInvalid(target, source)
  }
}

/** Request or response templates: keyed by what a template selection expression evaluates to, each parsed when written (a 400 naming line and column). */
export function checkMappingTemplates(templates: Readonly<Record<string, string>> | undefined): void {
  for (const [key, template] of Object.entries(templates ?? {})) {
    if (key === '') throw WEBSOCKET_MESSAGES.templateKeyInvalid(key)
    if (template !== '') checkTemplate(key, template)
  }
}

/**
 * An integration response key (developer guide, "Setting up a WebSocket API integration responses in
 * API Gateway"): `$default`, or a regular expression wrapped in forward slashes (`/2\d\d/`), which
 * must be one Gatehouse can run.
 */
export function checkIntegrationResponseKey(key: string): void {
  if (key === '$default') return
  if (key.length < 3 || !key.startsWith('/') || !key.endsWith('/') || compileSelectionPattern(key.slice(1, -1)) === undefined) {
    throw WEBSOCKET_MESSAGES.integrationResponseKeyInvalid(key)
  }
}
