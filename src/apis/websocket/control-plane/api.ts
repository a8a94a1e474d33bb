import type { HttpApi } from '../../../model/v2/http-api.ts'
import { ACCOUNT_SCOPE } from '../../../store/store.ts'
import { compact, optionalBoolean, optionalString, optionalStringMap, requiredString } from '../../operations/input.ts'
import type { Handler, ManagementDeps } from '../../operations/operation.ts'
import { insertV2Api } from '../../http/control-plane/api.ts'
import { isoNow } from '../../http/control-plane/lookups.ts'
import { WEBSOCKET_MESSAGES } from './messages.ts'

/**
 * CreateApi with `ProtocolType: WEBSOCKET` (API reference v2, "Apis"): `RouteSelectionExpression` is
 * required (usually `$request.body.action`); the endpoint is `wss://`. The API is the same `v2-api`
 * document HTTP APIs are, so every operation shared by both kinds reads it alike.
 */
export const createWebSocketApi: Handler = async ({ deps, body }) => {
  const name = requiredString(body, 'name', 'createApiInput')
  const routeSelectionExpression = optionalString(body, 'routeSelectionExpression')
  if (routeSelectionExpression === undefined || routeSelectionExpression === '') throw WEBSOCKET_MESSAGES.routeSelectionExpressionRequired()
  const apiKeySelectionExpression = optionalString(body, 'apiKeySelectionExpression') ?? '$request.header.x-api-key'
  if (!API_KEY_SELECTION_EXPRESSIONS.has(apiKeySelectionExpression)) throw WEBSOCKET_MESSAGES.apiKeySelectionExpressionInvalid(apiKeySelectionExpression)
  const api: HttpApi = compact({
    apiId: '',
    name,
    protocolType: 'WEBSOCKET',
    apiEndpoint: '',
    apiKeySelectionExpression,
    routeSelectionExpression,
    createdDate: isoNow(deps),
    description: optionalString(body, 'description'),
    disableExecuteApiEndpoint: optionalBoolean(body, 'disableExecuteApiEndpoint') ?? false,
    disableSchemaValidation: optionalBoolean(body, 'disableSchemaValidation'),
    version: optionalString(body, 'version'),
    tags: (optionalStringMap(body, 'tags') as Record<string, string> | undefined) ?? {},
  })
  return deps.store.transaction(async (tx) => {
    const apiId = await insertV2Api(tx, deps, api, (id) => endpointOf(deps, id))
    return { status: 201, body: await tx.get('v2-api', ACCOUNT_SCOPE, apiId) }
  })
}

/** Where a connection's API key is read (developer guide, "WebSocket selection expressions", API key selection expressions). */
const API_KEY_SELECTION_EXPRESSIONS = new Set(['$request.header.x-api-key', '$context.authorizer.usageIdentifierKey'])

/** AWS's WebSocket URL of the API (developer guide, "Invoking a WebSocket API"); Gatehouse answers the same host form. */
const endpointOf = (deps: ManagementDeps, apiId: string): string => `wss://${apiId}.execute-api.${deps.aws.region}.amazonaws.com`
