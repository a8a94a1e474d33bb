import { newId } from '../../../core/ids.ts'
import type { JsonObject } from '../../../core/json.ts'
import type { HttpIntegration } from '../../../model/v2/integration.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { compact, optionalNumber, optionalString, optionalStringMap, requiredString } from '../../operations/input.ts'
import type { Handler } from '../../operations/operation.ts'
import { autoDeploy } from '../../http/control-plane/deploy-api.ts'
import { isHttpUrl, isLambdaTarget } from '../../http/control-plane/integration-rules.ts'
import { requireHttpApi } from '../../http/control-plane/lookups.ts'
import { V2_MESSAGES } from '../../http/control-plane/messages.ts'
import { integrationUpdater } from '../../http/control-plane/integration.ts'
import { publicIntegration, type WebSocketIntegration } from '../websocket-integration.ts'
import { checkMappingTemplates, checkRequestParameters, checkEnum, CONTENT_HANDLING_STRATEGIES } from './mapping-rules.ts'
import { WEBSOCKET_MESSAGES } from './messages.ts'

/** WebSocket APIs' integration timeout (API reference v2, "Integration", `timeoutInMillis`: 50 to 29000 ms, 29000 by default). */
const DEFAULT_TIMEOUT_MS = 29_000
const MIN_TIMEOUT_MS = 50

const INTEGRATION_TYPES = ['AWS_PROXY', 'AWS', 'HTTP', 'HTTP_PROXY', 'MOCK'] as const
const PASSTHROUGH_BEHAVIORS = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const

/**
 * What an integration's responses are selected by (developer guide, "Setting up data transformations
 * for WebSocket APIs", "Integration response selection expressions": fixed by the integration type;
 * none for the proxies), as AWS reports it: `${integration.response.body.errorMessage}` for AWS
 * (Lambda), `${integration.response.statuscode}` for HTTP and MOCK (AWS CLI reference v2,
 * "create-integration" examples for WebSocket APIs).
 */
const RESPONSE_SELECTION: Readonly<Record<string, string>> = {
  AWS: '${integration.response.body.errorMessage}',
  HTTP: '${integration.response.statuscode}',
  MOCK: '${integration.response.statuscode}',
}

/**
 * Integrations of a WebSocket API (API reference v2, "Integrations"; developer guide, "Setting up a
 * WebSocket API integration request in API Gateway"): AWS_PROXY and AWS to a Lambda function, HTTP and
 * HTTP_PROXY to a URL, MOCK; the non-proxy ones with request templates chosen by the template
 * selection expression, request parameters and a passthrough behaviour (WHEN_NO_MATCH by default).
 * The payload format is reported as 1.0, as AWS does.
 */
export const createWebSocketIntegration: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const integration = checkWebSocketIntegration(compact({
      integrationId: '',
      integrationType: requiredString(body, 'integrationType', 'createIntegrationInput') as HttpIntegration['integrationType'],
      payloadFormatVersion: '1.0',
      timeoutInMillis: optionalNumber(body, 'timeoutInMillis') ?? DEFAULT_TIMEOUT_MS,
      connectionType: (optionalString(body, 'connectionType') ?? 'INTERNET') as HttpIntegration['connectionType'],
      passthroughBehavior: 'WHEN_NO_MATCH',
      ...changes(body),
    }) as WebSocketIntegration)
    integration.integrationId = await allocateId(() => newId(7), (id) => tx.insert('v2-integration', params.apiId, id, { ...integration, integrationId: id }))
    await autoDeploy(tx, deps, params.apiId)
    return { status: 201, body: integration }
  })

const updater = integrationUpdater((integration) => checkWebSocketIntegration(integration as WebSocketIntegration), changes)

export const updateWebSocketIntegration: Handler = async (operation) => {
  const answer = await updater(operation)
  return { ...answer, body: publicIntegration(answer.body as WebSocketIntegration) }
}

function checkWebSocketIntegration(integration: WebSocketIntegration): WebSocketIntegration {
  const type = integration.integrationType
  if (!(INTEGRATION_TYPES as readonly string[]).includes(type)) throw WEBSOCKET_MESSAGES.integrationTypeInvalid(type)
  if (integration.timeoutInMillis < MIN_TIMEOUT_MS || integration.timeoutInMillis > DEFAULT_TIMEOUT_MS) throw WEBSOCKET_MESSAGES.timeoutOutOfRange()
  checkEnum('PassthroughBehavior', integration.passthroughBehavior, PASSTHROUGH_BEHAVIORS)
  checkEnum('ContentHandlingStrategy', integration.contentHandlingStrategy, CONTENT_HANDLING_STRATEGIES)
  const uri = integration.integrationUri
  const templated = uri?.includes('${stageVariables.') === true
  if (type === 'AWS_PROXY' || type === 'AWS') {
    if (uri === undefined || (!templated && !isLambdaTarget(uri))) throw WEBSOCKET_MESSAGES.integrationUriInvalid(uri)
  } else if (type === 'HTTP' || type === 'HTTP_PROXY') {
    if (uri === undefined) throw V2_MESSAGES.integrationUriRequired()
    if (!templated && !isHttpUrl(uri)) throw V2_MESSAGES.integrationUriInvalid(uri)
    if (integration.integrationMethod === undefined) throw V2_MESSAGES.integrationMethodRequired()
  }
  checkRequestParameters(integration.requestParameters)
  checkMappingTemplates(integration.requestTemplates)
  const selection = RESPONSE_SELECTION[type]
  const checked = { ...integration, integrationResponseSelectionExpression: selection }
  // The Lambda invocation is a POST (AWS CLI reference v2, "create-integration": an AWS integration reports `IntegrationMethod: POST`).
  if (type === 'AWS' && checked.integrationMethod === undefined) checked.integrationMethod = 'POST'
  return compact(checked)
}

function changes(body: JsonObject): Partial<WebSocketIntegration> {
  return compact({
    integrationType: optionalString(body, 'integrationType') as HttpIntegration['integrationType'] | undefined,
    integrationUri: optionalString(body, 'integrationUri'),
    integrationMethod: optionalString(body, 'integrationMethod'),
    timeoutInMillis: optionalNumber(body, 'timeoutInMillis'),
    description: optionalString(body, 'description'),
    requestParameters: optionalStringMap(body, 'requestParameters') as Record<string, string> | undefined,
    requestTemplates: optionalStringMap(body, 'requestTemplates') as Record<string, string> | undefined,
    templateSelectionExpression: optionalString(body, 'templateSelectionExpression'),
    passthroughBehavior: optionalString(body, 'passthroughBehavior') as WebSocketIntegration['passthroughBehavior'],
    contentHandlingStrategy: optionalString(body, 'contentHandlingStrategy') as WebSocketIntegration['contentHandlingStrategy'],
    credentialsArn: optionalString(body, 'credentialsArn'),
  })
}
