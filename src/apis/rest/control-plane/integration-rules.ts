import { badRequest, validationError } from '../../../core/management-error.ts'
import { enumConstraint, nullConstraint } from '../../operations/coral-constraints.ts'
import { INTEGRATION_TYPES, type Integration, type IntegrationType } from '../../../model/integration.ts'
import { HTTP_METHODS } from '../../../model/method.ts'
import { compileTemplate, TemplateError } from '../../../vtl/compile-template.ts'
import { optionalStringMap } from '../../operations/input.ts'
import type { JsonObject } from '../../../core/json.ts'
import { REST_MESSAGES } from './messages.ts'

/** PutIntegration/UpdateIntegration checks, with AWS's texts (recorded: test_apigateway_integrations > test_put_integration_validation). */

export const PASSTHROUGH_BEHAVIORS = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const
export const CONTENT_HANDLINGS = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'] as const
export const CONNECTION_TYPES = ['INTERNET', 'VPC_LINK'] as const
export const MIN_TIMEOUT_MS = 50
export const MAX_TIMEOUT_MS = 29_000

/**
 * Coral's enum check on `type`, done before anything is looked up
 * (recorded: test_apigateway_api > test_put_integration_wrong_type > put-integration-wrong-type).
 */
export function checkIntegrationType(type: string | undefined, field: string): IntegrationType {
  if (type === undefined) throw validationError([nullConstraint(field)])
  if (!INTEGRATION_TYPES.includes(type as IntegrationType)) throw validationError([enumConstraint(type, field, INTEGRATION_TYPES)])
  return type as IntegrationType
}

export function checkContentHandling(value: string | undefined, field: string): void {
  if (value !== undefined && !(CONTENT_HANDLINGS as readonly string[]).includes(value)) {
    throw validationError([enumConstraint(value, field, CONTENT_HANDLINGS)])
  }
}

const HTTP_URI = /^https?:\/\/[^\s/?#]+/
const LAMBDA_INVOCATION = /^path\/2015-03-31\/functions\/arn:[^:]+:lambda:[^:]+:[^:]*:function:[^/]+\/invocations$/

/** The checks that hold for the integration as a whole, after a Put or after every patch of an Update. */
export function checkIntegration(integration: Integration): void {
  const { type, httpMethod, uri } = integration
  if (type !== 'MOCK') {
    // "HttpMethod" is AWS's name for integrationHttpMethod here.
    if (httpMethod === undefined || httpMethod === '') throw badRequest(REST_MESSAGES.httpMethodEmpty)
    if (!(HTTP_METHODS as readonly string[]).includes(httpMethod)) throw badRequest(REST_MESSAGES.invalidHttpMethod(HTTP_METHODS))
  }
  if (type === 'HTTP' || type === 'HTTP_PROXY') {
    if (uri === undefined || !HTTP_URI.test(uri)) throw badRequest(REST_MESSAGES.invalidHttpEndpoint)
  }
  if (type === 'AWS' || type === 'AWS_PROXY') checkAwsUri(type, uri ?? '')
  if (!(PASSTHROUGH_BEHAVIORS as readonly string[]).includes(integration.passthroughBehavior)) {
    throw badRequest(REST_MESSAGES.invalidPassthroughBehavior(PASSTHROUGH_BEHAVIORS))
  }
  if (!Number.isInteger(integration.timeoutInMillis) || integration.timeoutInMillis < MIN_TIMEOUT_MS || integration.timeoutInMillis > MAX_TIMEOUT_MS) {
    throw badRequest(REST_MESSAGES.timeoutOutOfRange(MIN_TIMEOUT_MS, MAX_TIMEOUT_MS))
  }
}

/**
 * `arn:aws:apigateway:<region>:<service>:{path|action}/...`. AWS_PROXY only reaches Lambda
 * (`path/2015-03-31/functions/<function arn>/invocations`) and Firehose.
 */
function checkAwsUri(type: IntegrationType, uri: string): void {
  const parts = uri.split(':')
  if (parts[0] !== 'arn' || parts.length < 6) throw badRequest(REST_MESSAGES.invalidArn)
  const service = parts[4]
  const resource = parts.slice(5).join(':')
  if (!resource.startsWith('path/') && !resource.startsWith('action/')) throw badRequest(REST_MESSAGES.arnWithoutPathOrAction)
  if (type === 'AWS_PROXY') {
    const lambda = parts[2] === 'apigateway' && service === 'lambda' && LAMBDA_INVOCATION.test(resource)
    const firehose = parts[2] === 'apigateway' && service === 'firehose'
    if (!lambda && !firehose) throw badRequest(REST_MESSAGES.awsProxyTarget)
  }
}

const CONTENT_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+*-]+$/

/**
 * `requestTemplates`/`responseTemplates`: keys are content types (`Invalid content type specified: 123`,
 * recorded: test_apigateway_api > test_integration_response_invalid_responsetemplates); an empty template is stored
 * as null (recorded: test_apigateway_api > test_put_integration_response_templates); a
 * template that does not parse is refused (checkTemplate).
 */
export function readTemplates(body: JsonObject, field: string): Record<string, string | null> | undefined {
  return checkTemplates(optionalStringMap(body, field, true))
}

/** Templates already read as a string map with null values (a `nullValues` member, members.ts). */
export function checkTemplates(templates: Readonly<Record<string, string | null>> | undefined): Record<string, string | null> | undefined {
  if (templates === undefined) return undefined
  const result: Record<string, string | null> = {}
  for (const [contentType, template] of Object.entries(templates)) {
    checkContentType(contentType)
    if (template !== '' && template !== null) checkTemplate(contentType, template)
    result[contentType] = template === '' ? null : template
  }
  return result
}

/**
 * A mapping template is parsed when it is written, so a syntax error is a 400 naming its line and
 * column instead of a 500 on every request after the next deploy (docs/architecture.md, "Errors"); the
 * text is ours (messages.ts).
 */
export function checkTemplate(contentType: string, template: string): void {
  try {
    compileTemplate(template)
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error
    const detail = error.message.replace(/^Invalid mapping template: /, '')
    throw badRequest(REST_MESSAGES.invalidMappingTemplate(contentType, detail))
  }
}

export function checkContentType(contentType: string): void {
  if (!CONTENT_TYPE.test(contentType)) throw badRequest(REST_MESSAGES.invalidContentType(contentType))
}
