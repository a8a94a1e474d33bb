import { badRequest, type ManagementError } from '../../../core/management-error.ts'
import type { Method } from '../../../model/method.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * Mapping expressions checked when they are written, as AWS checks them on PutIntegration and
 * PutIntegrationResponse, so that a typo is a 400 at write time rather than a silently empty
 * parameter at request time. Both texts are AWS's, as users report them (messages.ts):
 * - an expression of no known form → `Invalid mapping expression specified: <expression>`;
 * - a well-formed expression naming a method request parameter or method response header that
 *   the method does not declare → `Invalid mapping expression parameter specified: <expression>`.
 */

const invalidExpression = (expression: string): ManagementError => badRequest(REST_MESSAGES.invalidMappingExpression(expression))
const undeclaredParameter = (expression: string): ManagementError => badRequest(REST_MESSAGES.undeclaredMappingParameter(expression))

const INTEGRATION_REQUEST_TARGET = /^integration\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.[^.\s]+$/
const METHOD_REQUEST_SOURCE = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.([^\s]+)$/
const METHOD_RESPONSE_TARGET = /^method\.response\.header\.([^\s]+)$/
const INTEGRATION_RESPONSE_SOURCE = /^integration\.response\.(header|multivalueheader)\.[^\s]+$/
const BODY_SOURCE = /^(method\.request|integration\.response)\.body(\.[^\s]+)?$/
const SHARED_SOURCE = /^(stageVariables|context)\.[A-Za-z0-9_.-]+$/
const LITERAL = /^'.*'$/s

/** The `method.request.*` declaration a source needs: multi-value sources read the single-value declaration too. */
function declaredRequestParameter(method: Method, location: string, name: string): boolean {
  const declared = method.requestParameters ?? {}
  const single = location.replace('multivalue', '')
  return `method.request.${location}.${name}` in declared || `method.request.${single}.${name}` in declared
}

/** Integration `requestParameters`: `integration.request.{path|querystring|header}.X` ← a method request source. */
export function checkIntegrationRequestParameters(method: Method, parameters: Readonly<Record<string, string>> | undefined): void {
  for (const [target, source] of Object.entries(parameters ?? {})) {
    if (!INTEGRATION_REQUEST_TARGET.test(target)) throw invalidExpression(target)
    if (LITERAL.test(source) || BODY_SOURCE.test(source) || SHARED_SOURCE.test(source)) {
      if (source.startsWith('integration.response.')) throw invalidExpression(source)
      continue
    }
    const match = METHOD_REQUEST_SOURCE.exec(source)
    if (match === null) throw invalidExpression(source)
    if (!declaredRequestParameter(method, match[1], match[2])) throw undeclaredParameter(source)
  }
}

/**
 * Integration response `responseParameters`: `method.response.header.X` (declared on the method
 * response of that status) ← an integration response source.
 */
export function checkIntegrationResponseParameters(
  method: Method,
  statusCode: string,
  parameters: Readonly<Record<string, string>> | undefined,
): void {
  const entries = Object.entries(parameters ?? {})
  if (entries.length === 0) return
  const methodResponse = method.methodResponses?.[statusCode]
  if (methodResponse === undefined) throw badRequest(REST_MESSAGES.noMethodResponse)
  for (const [target, source] of entries) {
    if (!METHOD_RESPONSE_TARGET.test(target)) throw invalidExpression(target)
    if (!(target in (methodResponse.responseParameters ?? {}))) throw undeclaredParameter(target)
    const known = LITERAL.test(source) || INTEGRATION_RESPONSE_SOURCE.test(source) || SHARED_SOURCE.test(source)
      || (BODY_SOURCE.test(source) && source.startsWith('integration.response.'))
    if (!known) throw invalidExpression(source)
  }
}
