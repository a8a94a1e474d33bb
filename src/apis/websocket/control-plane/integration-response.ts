import { newId } from '../../../core/ids.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import type { JsonObject } from '../../../core/json.ts'
import type { StoreTransaction } from '../../../store/store.ts'
import { compact, optionalString, optionalStringMap, requiredString } from '../../operations/input.ts'
import type { Handler, ManagementDeps } from '../../operations/operation.ts'
import { paginateV2 } from '../../operations/v2-paging.ts'
import { autoDeploy } from '../../http/control-plane/deploy-api.ts'
import { requireHttpApi, requireIntegration } from '../../http/control-plane/lookups.ts'
import type { WebSocketIntegration, WebSocketIntegrationResponse } from '../websocket-integration.ts'
import { checkEnum, checkIntegrationResponseKey, checkMappingTemplates, checkResponseParameters, CONTENT_HANDLING_STRATEGIES } from './mapping-rules.ts'
import { WEBSOCKET_MESSAGES } from './messages.ts'

/**
 * Integration responses (API reference v2, "IntegrationResponses"; developer guide, "Setting up a
 * WebSocket API integration responses in API Gateway"): how a non-proxy integration's answer becomes
 * the frame a two-way route sends back. Keys are `$default` or `/pattern/`, one of each per
 * integration; a proxy integration has none ("There is no integration response").
 */
export const createIntegrationResponse: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    const integration = await requireNonProxy(tx, deps, params.apiId, params.integrationId)
    const integrationResponseKey = requiredString(body, 'integrationResponseKey', 'createIntegrationResponseInput')
    const responses = integration.integrationResponses ?? []
    const integrationResponseId = await allocateId(() => newId(6), async (id) => !responses.some((response) => response.integrationResponseId === id))
    const response = checkResponse(compact({ integrationResponseId, integrationResponseKey, ...members(body) }), responses)
    await save(tx, deps, params.apiId, integration, [...responses, response])
    return { status: 201, body: response }
  })

export const getIntegrationResponses: Handler = async ({ deps, params, query }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  const integration: WebSocketIntegration = await requireIntegration(deps.store, deps, params.apiId, params.integrationId)
  return { status: 200, body: paginateV2(integration.integrationResponses ?? [], query) }
}

export const getIntegrationResponse: Handler = async ({ deps, params }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  const integration: WebSocketIntegration = await requireIntegration(deps.store, deps, params.apiId, params.integrationId)
  return { status: 200, body: requireResponse(integration, params.integrationResponseId, deps.aws.accountId) }
}

export const updateIntegrationResponse: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const integration: WebSocketIntegration = await requireIntegration(tx, deps, params.apiId, params.integrationId)
    const current = requireResponse(integration, params.integrationResponseId, deps.aws.accountId)
    const others = (integration.integrationResponses ?? []).filter((response) => response.integrationResponseId !== current.integrationResponseId)
    const updated = checkResponse(compact({ ...current, integrationResponseKey: optionalString(body, 'integrationResponseKey') ?? current.integrationResponseKey, ...members(body) }), others)
    const integrationResponses = (integration.integrationResponses ?? []).map((response) => (response === current ? updated : response))
    await save(tx, deps, params.apiId, integration, integrationResponses)
    return { status: 200, body: updated }
  })

export const deleteIntegrationResponse: Handler = async ({ deps, params }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const integration: WebSocketIntegration = await requireIntegration(tx, deps, params.apiId, params.integrationId)
    const current = requireResponse(integration, params.integrationResponseId, deps.aws.accountId)
    await save(tx, deps, params.apiId, integration, (integration.integrationResponses ?? []).filter((response) => response !== current))
    return { status: 204 }
  })

async function requireNonProxy(tx: StoreTransaction, deps: ManagementDeps, apiId: string, integrationId: string): Promise<WebSocketIntegration> {
  await requireHttpApi(tx, deps, apiId)
  const integration: WebSocketIntegration = await requireIntegration(tx, deps, apiId, integrationId)
  if (integration.integrationType === 'AWS_PROXY' || integration.integrationType === 'HTTP_PROXY') throw WEBSOCKET_MESSAGES.notForProxyIntegrations()
  return integration
}

function members(body: JsonObject): Partial<WebSocketIntegrationResponse> {
  return compact({
    templateSelectionExpression: optionalString(body, 'templateSelectionExpression'),
    responseTemplates: optionalStringMap(body, 'responseTemplates') as Record<string, string> | undefined,
    responseParameters: optionalStringMap(body, 'responseParameters') as Record<string, string> | undefined,
    contentHandlingStrategy: optionalString(body, 'contentHandlingStrategy') as WebSocketIntegrationResponse['contentHandlingStrategy'],
  })
}

function checkResponse(response: WebSocketIntegrationResponse, others: readonly WebSocketIntegrationResponse[]): WebSocketIntegrationResponse {
  checkIntegrationResponseKey(response.integrationResponseKey)
  if (others.some((other) => other.integrationResponseKey === response.integrationResponseKey)) throw WEBSOCKET_MESSAGES.integrationResponseExists(response.integrationResponseKey)
  checkEnum('ContentHandlingStrategy', response.contentHandlingStrategy, CONTENT_HANDLING_STRATEGIES)
  checkMappingTemplates(response.responseTemplates)
  checkResponseParameters(response.responseParameters)
  return response
}

async function save(
  tx: StoreTransaction, deps: ManagementDeps, apiId: string, integration: WebSocketIntegration, integrationResponses: WebSocketIntegrationResponse[],
): Promise<void> {
  await tx.put('v2-integration', apiId, integration.integrationId, { ...integration, integrationResponses } as WebSocketIntegration)
  await autoDeploy(tx, deps, apiId)
}

function requireResponse(integration: WebSocketIntegration, integrationResponseId: string, accountId: string): WebSocketIntegrationResponse {
  const found = integration.integrationResponses?.find((response) => response.integrationResponseId === integrationResponseId)
  if (found === undefined) throw WEBSOCKET_MESSAGES.integrationResponseNotFound(accountId, integrationResponseId)
  return found
}
