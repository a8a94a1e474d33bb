import { newId } from '../../../core/ids.ts'
import type { JsonObject } from '../../../core/json.ts'
import type { HttpIntegration } from '../../../model/v2/integration.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { compact, optionalNumber, optionalString, requiredString } from '../../operations/input.ts'
import type { Handler } from '../../operations/operation.ts'
import { autoDeploy } from '../../http/control-plane/deploy-api.ts'
import { isLambdaTarget } from '../../http/control-plane/integration-rules.ts'
import { requireHttpApi } from '../../http/control-plane/lookups.ts'
import { integrationUpdater } from '../../http/control-plane/integration.ts'
import { WEBSOCKET_MESSAGES } from './messages.ts'

/** WebSocket APIs' integration timeout (API reference v2, "Integration", `timeoutInMillis`: 50 to 29000 ms, 29000 by default). */
const DEFAULT_TIMEOUT_MS = 29_000
const MIN_TIMEOUT_MS = 50

/**
 * Integrations of a WebSocket API (API reference v2, "Integrations"). Gatehouse serves AWS_PROXY to
 * a Lambda function (developer guide, "Setting up a WebSocket API integration"); the payload format
 * is WebSocket's own, reported as 1.0.
 */
export const createWebSocketIntegration: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const integration = checkWebSocketIntegration(compact({
      integrationId: '',
      integrationType: requiredString(body, 'integrationType', 'createIntegrationInput') as HttpIntegration['integrationType'],
      integrationUri: optionalString(body, 'integrationUri'),
      integrationMethod: optionalString(body, 'integrationMethod'),
      payloadFormatVersion: '1.0',
      timeoutInMillis: optionalNumber(body, 'timeoutInMillis') ?? DEFAULT_TIMEOUT_MS,
      connectionType: (optionalString(body, 'connectionType') ?? 'INTERNET') as HttpIntegration['connectionType'],
      description: optionalString(body, 'description'),
    }))
    integration.integrationId = await allocateId(() => newId(7), (id) => tx.insert('v2-integration', params.apiId, id, { ...integration, integrationId: id }))
    await autoDeploy(tx, deps, params.apiId)
    return { status: 201, body: integration }
  })

export const updateWebSocketIntegration: Handler = integrationUpdater(checkWebSocketIntegration, changes)

function checkWebSocketIntegration(integration: HttpIntegration): HttpIntegration {
  if (integration.integrationType !== 'AWS_PROXY') throw WEBSOCKET_MESSAGES.integrationTypeNotSupported(integration.integrationType)
  if (integration.timeoutInMillis < MIN_TIMEOUT_MS || integration.timeoutInMillis > DEFAULT_TIMEOUT_MS) throw WEBSOCKET_MESSAGES.timeoutOutOfRange()
  const uri = integration.integrationUri
  if (uri === undefined || (!uri.includes('${stageVariables.') && !isLambdaTarget(uri))) throw WEBSOCKET_MESSAGES.integrationUriInvalid(uri)
  return integration
}

function changes(body: JsonObject): Partial<HttpIntegration> {
  return compact({
    integrationType: optionalString(body, 'integrationType') as HttpIntegration['integrationType'] | undefined,
    integrationUri: optionalString(body, 'integrationUri'),
    integrationMethod: optionalString(body, 'integrationMethod'),
    timeoutInMillis: optionalNumber(body, 'timeoutInMillis'),
    description: optionalString(body, 'description'),
  })
}
