import { parseQueryString, lastValues } from '../../../core/query-string.ts'
import type { CallerRequest } from '../../../integrations/caller-request.ts'
import { createAwsIntegration } from '../../../integrations/aws/aws-integration.ts'
import { createHttpIntegration } from '../../../integrations/http/http-integration.ts'
import { createHttpProxyIntegration } from '../../../integrations/http-proxy/http-proxy-integration.ts'
import type { Integration, IntegrationRequest } from '../../../integrations/integration.ts'
import type { Integration as IntegrationConfig } from '../../../model/integration.ts'
import { MOCK_INTEGRATION } from '../../../integrations/mock/mock-integration.ts'
import { compileOrFail } from '../../../mapping/compiled-templates.ts'
import { decodeBase64 } from '../../../mapping/content-handling.ts'
import { compileRequestParameters } from '../../../mapping/parameter-mapping.ts'
import type { ParameterSources } from '../../../mapping/parameter-source.ts'
import { compileSelectionPattern, selectionBudget, type SelectionPattern } from '../../../mapping/selection-pattern.ts'
import type { CompiledTemplate } from '../../../vtl/compile-template.ts'
import type { TemplateInput } from '../../../vtl/template-input.ts'
import type { ReportProblem } from '../../../core/compile-problem.ts'
import { compileTemplateSelection, type TemplateSelection } from '../routing/template-selection.ts'
import type { WebSocketIntegration, WebSocketIntegrationResponse } from '../websocket-integration.ts'
import { WebSocketIntegrationFailure, type CompiledWebSocketIntegration, type WebSocketCall } from './websocket-call.ts'
import { invocationUri } from './invocation-uri.ts'

/** Templates by the key a template selection expression evaluates to, and how the key is found. */
interface CompiledTemplates {
  readonly select: TemplateSelection
  readonly templates: ReadonlyMap<string, CompiledTemplate | undefined>
}

interface CompiledIntegrationResponse {
  /** Undefined for `$default`. */
  readonly pattern: SelectionPattern | undefined
  readonly templates: CompiledTemplates
  readonly contentHandling: WebSocketIntegrationResponse['contentHandlingStrategy']
}

/**
 * AWS (Lambda), HTTP, MOCK and HTTP_PROXY integrations on a WebSocket route (developer guide,
 * "Setting up a WebSocket API integration request in API Gateway", "Setting up a WebSocket API
 * integration responses in API Gateway", "Setting up data mapping for WebSocket APIs"), run by the
 * REST kind's integrations: `requestParameters` are mapped from the route request (`route.request.*`
 * reads what `method.request.*` reads in REST), the request template the template selection
 * expression picks renders the message, then the backend is called. A non-proxy answer then selects
 * its integration response — by the Lambda function's `errorMessage` for AWS, by the status code for
 * HTTP and MOCK, `$default` when no `/pattern/` matches — whose template (picked by the response's own
 * selection expression) renders the frame; without one the backend's body is the frame. HTTP_PROXY
 * hands back the backend's body as it is.
 */
export function compileMappedIntegration(integration: WebSocketIntegration, report: ReportProblem): CompiledWebSocketIntegration {
  const type = integration.integrationType
  const backend = backendOf(integration)
  const parameters = compileRequestParameters(
    Object.fromEntries(Object.entries(integration.requestParameters ?? {}).map(([target, source]) => [target, source.replace(/^route\.request\./, 'method.request.')])),
    type,
  )
  const requestTemplates = compileTemplates(integration.templateSelectionExpression, integration.requestTemplates, 'integration request', report)
  const passthrough = integration.passthroughBehavior ?? 'WHEN_NO_MATCH'
  const responses: CompiledIntegrationResponse[] = []
  let defaultResponse: CompiledIntegrationResponse | undefined
  for (const response of integration.integrationResponses ?? []) {
    const where = `integration response ${response.integrationResponseKey}`
    const templates = compileTemplates(response.templateSelectionExpression, response.responseTemplates, where, report)
    const contentHandling = response.contentHandlingStrategy
    if (response.integrationResponseKey === '$default') {
      defaultResponse = { pattern: undefined, templates, contentHandling }
      continue
    }
    const pattern = compileSelectionPattern(response.integrationResponseKey.slice(1, -1))
    if (pattern === undefined) report(`${where}: not a regular expression Gatehouse can run; it never matches`)
    else responses.push({ pattern, templates, contentHandling })
  }

  return async (call, context) => {
    const caller = callerRequest(call)
    const message = call.request.body
    const sources: ParameterSources = {
      method: { headers: caller.headers, query: caller.query, pathParameters: {}, body: Buffer.from(message, 'utf8') },
      stageVariables: call.stageVariables,
      context: caller.requestContext,
    }
    try {
      const mapped = parameters.apply(sources)
      // CONVERT_TO_BINARY: the message is base64 text, the backend gets its bytes, which no template reads.
      const request: IntegrationRequest = backend.proxy || integration.contentHandlingStrategy === 'CONVERT_TO_BINARY'
        ? { methodRequest: caller, body: backend.proxy ? Buffer.from(message, 'utf8') : decodeBase64(Buffer.from(message, 'utf8')), parameters: mapped }
        : renderRequest(caller, mapped, message, requestTemplates, passthrough, call)
      const endpoint = await backend.invoke(request, context)
      if (backend.proxy) return { statusCode: endpoint.statusCode, headers: endpoint.headers.map(([name, value]) => [name, value]), body: endpoint.body.toString('utf8') }
      const key = type === 'AWS' ? endpoint.errorMessage : String(endpoint.statusCode)
      const budget = selectionBudget()
      const selected = (key === undefined ? undefined : responses.find((response) => response.pattern!.test(key, budget))) ?? defaultResponse
      // CONVERT_TO_TEXT: the backend's bytes become base64 text, which the response template then reads.
      const text = selected?.contentHandling === 'CONVERT_TO_TEXT' ? endpoint.body.toString('base64') : endpoint.body.toString('utf8')
      const statusCode = type === 'AWS' ? (endpoint.errorMessage === undefined ? 200 : 500) : endpoint.statusCode
      // No integration response: nothing is sent back, as for a one-way route (no recording shows this case).
      if (selected === undefined) return { statusCode, headers: [], body: undefined }
      const template = pick(selected.templates, { message, response: endpoint })
      const body = template === undefined ? text : template.render({ ...templateInput(caller, text, call), context: { ...caller.requestContext, ...request.overrides?.contextOverrides } }).body
      // An empty answer (a MOCK without a response template) sends no frame.
      return { statusCode, headers: [], body: body === '' ? undefined : body }
    } catch (error) {
      throw new WebSocketIntegrationFailure(`${type} integration failed`, { cause: error })
    }
  }
}

function backendOf(integration: WebSocketIntegration): Integration {
  const config: IntegrationConfig = {
    type: integration.integrationType,
    uri: integration.integrationType === 'AWS' ? invocationUri(integration.integrationUri ?? '') : integration.integrationUri,
    httpMethod: integration.integrationMethod,
    passthroughBehavior: integration.passthroughBehavior ?? 'WHEN_NO_MATCH',
    timeoutInMillis: integration.timeoutInMillis,
    cacheNamespace: '',
    cacheKeyParameters: [],
  }
  switch (integration.integrationType) {
    case 'MOCK':
      return MOCK_INTEGRATION
    case 'AWS':
      return createAwsIntegration(config)
    case 'HTTP':
      return createHttpIntegration(config)
    default:
      return createHttpProxyIntegration(config)
  }
}

function compileTemplates(
  expression: string | undefined, templates: Readonly<Record<string, string>> | undefined, where: string, report: ReportProblem,
): CompiledTemplates {
  const compiled = new Map<string, CompiledTemplate | undefined>()
  for (const [key, source] of Object.entries(templates ?? {})) {
    compiled.set(key, source === '' ? undefined : compileOrFail(source, (reason) => report(`${where} template ${key}: ${reason}`)))
  }
  // Without an expression the key is application/json, the content type REST assumes of a request that names none (no recording shows a WebSocket one).
  return { select: compileTemplateSelection(expression ?? 'application/json'), templates: compiled }
}

/**
 * The template a selection expression picks: the one under its value, else the `$default` one (the
 * catch-all key of WebSocket selection; developer guide, "WebSocket selection expressions").
 */
function pick(templates: CompiledTemplates, input: Parameters<TemplateSelection>[0]): CompiledTemplate | undefined {
  if (templates.templates.size === 0) return undefined
  const key = templates.select(input)
  return templates.templates.has(key) ? templates.templates.get(key) : templates.templates.get('$default')
}

/**
 * The request template, or the message passed through as `passthroughBehavior` allows when none
 * matches: WHEN_NO_MATCH always, WHEN_NO_TEMPLATES only without any template, NEVER not at all (the
 * call then fails, as REST's 415 does).
 */
function renderRequest(
  caller: CallerRequest, parameters: IntegrationRequest['parameters'], message: string, templates: CompiledTemplates,
  passthrough: string, call: WebSocketCall,
): IntegrationRequest {
  const key = templates.select({ message })
  const found = templates.templates.has(key) || templates.templates.has('$default')
  if (!found) {
    if (passthrough === 'NEVER' || (passthrough === 'WHEN_NO_TEMPLATES' && templates.templates.size > 0)) {
      throw new Error(`no request template for ${JSON.stringify(key)} and passthroughBehavior ${passthrough}`)
    }
    return { methodRequest: caller, body: Buffer.from(message, 'utf8'), parameters }
  }
  const template = pick(templates, { message })
  if (template === undefined) return { methodRequest: caller, body: Buffer.from(message, 'utf8'), parameters }
  const output = template.render(templateInput(caller, message, call))
  return {
    methodRequest: caller,
    body: Buffer.from(output.body, 'utf8'),
    parameters: {
      path: { ...parameters.path, ...output.requestOverride.path },
      querystring: { ...parameters.querystring, ...output.requestOverride.querystring },
      header: { ...parameters.header, ...output.requestOverride.header },
    },
    overrides: output,
  }
}

/**
 * What a WebSocket route's request reads as REST's integrations read a method request: the upgrade's
 * headers and query string for `$connect` (none for a message), `$context` as the event's
 * `requestContext` (connectionId, routeKey, eventType, messageId, requestId, domainName, stage, apiId, ...).
 */
function callerRequest(call: WebSocketCall): CallerRequest {
  const requestContext = (call.event.requestContext ?? {}) as Record<string, unknown>
  return {
    http: { method: 'POST' },
    ids: { requestId: call.requestId },
    headers: call.request.headers,
    query: parseQueryString(call.request.rawQuery),
    rawQuery: call.request.rawQuery,
    path: '/',
    pathParameters: {},
    requestContext,
    served: { restApiId: String(requestContext.apiId ?? ''), stageVariables: call.stageVariables, deployment: { binaryMediaTypes: [] } },
    method: { resourcePath: String(requestContext.routeKey ?? '') },
  }
}

function templateInput(caller: CallerRequest, body: string, call: WebSocketCall): TemplateInput {
  const header: Record<string, string> = {}
  for (let i = 0; i < caller.headers.length; i += 2) header[caller.headers[i]] = caller.headers[i + 1]
  return { body, params: { path: {}, querystring: lastValues(caller.query), header }, context: { ...caller.requestContext }, stageVariables: { ...call.stageVariables } }
}
