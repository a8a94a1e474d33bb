import { badRequest } from '../../../core/management-error.ts'
import type { ContentHandling, Integration, IntegrationResponse, IntegrationType, PassthroughBehavior } from '../../../model/integration.ts'
import { checkContentHandling, checkIntegration, CONNECTION_TYPES, MAX_TIMEOUT_MS, readTemplates } from '../control-plane/integration-rules.ts'
import { compact } from '../../operations/input.ts'
import { statusCodeErrors } from '../control-plane/status-code.ts'
import { invalidFormat, type ImportIssues } from './import-issues.ts'
import { REST_MESSAGES } from '../control-plane/messages.ts'

/**
 * `x-amazon-apigateway-integration` → Integration, with PutIntegration's defaults and rules
 * (control-plane/integration-rules.ts): enum values in any case (`aws_proxy`, `when_no_match`);
 * MOCK keeps no `httpMethod` (LS test_import_with_http_method_integration > method-root-options);
 * HTTP types get `connectionType: INTERNET`; `responses` keys are selection patterns, `default`
 * having none, and are stored by their `statusCode`, which may be a number (LS
 * test_import_with_integer_http_status_code). A request parameter or template that is not a
 * string is skipped with AWS's warning (LS test_import_rest_api_with_base_path_oas30[ignore] >
 * put-rest-api-oas30-srv-url). `cacheNamespace` is the resource id, set when it is stored.
 */

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

export interface IntegrationSite {
  readonly path: string
  readonly verb: string
  readonly issues: ImportIssues
}

export function readIntegration(ext: Record<string, unknown>, site: IntegrationSite): Integration | undefined {
  const { issues } = site
  const prefix = `Unable to put integration on '${site.verb}' for resource at path '${site.path}'`
  const type = String(ext.type ?? '').toUpperCase() as IntegrationType
  const strings = (member: string): Record<string, string> | undefined => stringMap(ext[member], member, site)
  const integration: Integration = compact({
    type,
    httpMethod: type === 'MOCK' ? undefined : upperOrUndefined(ext.httpMethod),
    uri: typeof ext.uri === 'string' ? ext.uri : undefined,
    connectionType: (typeof ext.connectionType === 'string'
      ? ext.connectionType.toUpperCase()
      : type === 'HTTP' || type === 'HTTP_PROXY' ? 'INTERNET' : undefined) as Integration['connectionType'],
    connectionId: typeof ext.connectionId === 'string' ? ext.connectionId : undefined,
    credentials: typeof ext.credentials === 'string' && ext.credentials !== '' ? ext.credentials : undefined,
    requestParameters: strings('requestParameters'),
    requestTemplates: undefined as Integration['requestTemplates'],
    passthroughBehavior: String(ext.passthroughBehavior ?? 'WHEN_NO_MATCH').toUpperCase() as PassthroughBehavior,
    contentHandling: typeof ext.contentHandling === 'string' ? (ext.contentHandling as ContentHandling) : undefined,
    timeoutInMillis: typeof ext.timeoutInMillis === 'number' ? ext.timeoutInMillis : Number(ext.timeoutInMillis ?? MAX_TIMEOUT_MS),
    cacheNamespace: typeof ext.cacheNamespace === 'string' ? ext.cacheNamespace : '',
    cacheKeyParameters: Array.isArray(ext.cacheKeyParameters) ? ext.cacheKeyParameters.map(String) : [],
    integrationResponses: undefined as Integration['integrationResponses'],
    tlsConfig: isObject(ext.tlsConfig) && typeof ext.tlsConfig.insecureSkipVerification === 'boolean'
      ? { insecureSkipVerification: ext.tlsConfig.insecureSkipVerification }
      : undefined,
  })
  let ok = issues.check(prefix, () => {
    if (!['HTTP', 'AWS', 'MOCK', 'HTTP_PROXY', 'AWS_PROXY'].includes(type)) {
      throw badRequest(REST_MESSAGES.invalidIntegrationType(String(ext.type)))
    }
    if (integration.connectionType !== undefined && !(CONNECTION_TYPES as readonly string[]).includes(integration.connectionType)) {
      throw badRequest(REST_MESSAGES.invalidConnectionType(CONNECTION_TYPES))
    }
    checkContentHandling(integration.contentHandling, 'putIntegrationInput.contentHandling')
    const templates = readTemplates({ requestTemplates: strings('requestTemplates') }, 'requestTemplates')
    if (templates !== undefined) integration.requestTemplates = templates
    checkIntegration(integration)
  })
  const responses = readResponses(ext.responses, site, prefix)
  if (responses === undefined) ok = false
  else if (Object.keys(responses).length > 0) integration.integrationResponses = responses
  return ok ? integration : undefined
}

function readResponses(value: unknown, site: IntegrationSite, prefix: string): Record<string, IntegrationResponse> | undefined {
  const responses: Record<string, IntegrationResponse> = {}
  if (value === undefined) return responses
  if (!isObject(value)) {
    site.issues.error(`${prefix}: Invalid integration responses specified`)
    return undefined
  }
  let ok = true
  for (const [pattern, raw] of Object.entries(value)) {
    if (!isObject(raw)) continue
    const statusCode = String(raw.statusCode ?? '')
    const where = `Unable to put integration response on '${site.verb}' for resource at path '${site.path}'`
    const checked = site.issues.check(where, () => {
      const errors = statusCodeErrors(statusCode)
      if (errors.length > 0) throw badRequest(REST_MESSAGES.invalidStatusCodeForPattern(statusCode, pattern))
      checkContentHandling(raw.contentHandling as string | undefined, 'putIntegrationResponseInput.contentHandling')
      responses[statusCode] = compact({
        statusCode,
        selectionPattern: pattern === 'default' ? undefined : pattern,
        responseParameters: stringMap(raw.responseParameters, 'responseParameters', site),
        responseTemplates: readTemplates({ responseTemplates: stringMap(raw.responseTemplates, 'responseTemplates', site) }, 'responseTemplates'),
        contentHandling: raw.contentHandling as ContentHandling | undefined,
      })
    })
    ok &&= checked
  }
  return ok ? responses : undefined
}

/** A map whose values must be strings; others are dropped with AWS's warning. */
function stringMap(value: unknown, member: string, site: IntegrationSite): Record<string, string> | undefined {
  if (!isObject(value)) return undefined
  const result: Record<string, string> = {}
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') result[key] = item
    else site.issues.warn(invalidFormat(member, key, site.path, site.verb, item))
  }
  return result
}

const upperOrUndefined = (value: unknown): string | undefined => (typeof value === 'string' ? value.toUpperCase() : undefined)
