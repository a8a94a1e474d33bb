import { ACCOUNT_SCOPE } from '../../../store/store.ts'
import type { Handler, Operation } from '../../operations/operation.ts'
import type { RouteDefinition } from '../../operations/router.ts'
import { requireHttpApi } from '../../http/control-plane/lookups.ts'
import { publicRoute, type WebSocketRoute } from '../websocket-route.ts'
import { createWebSocketApi } from './api.ts'
import { createWebSocketAuthorizer, updateWebSocketAuthorizer } from './authorizer.ts'
import { createWebSocketIntegration, updateWebSocketIntegration } from './integration.ts'
import { WEBSOCKET_MESSAGES } from './messages.ts'
import { createWebSocketRoute, updateWebSocketRoute } from './route.ts'
import { createRouteResponse, deleteRouteResponse, getRouteResponse, getRouteResponses, updateRouteResponse } from './route-response.ts'
import {
  createIntegrationResponse, deleteIntegrationResponse, getIntegrationResponse, getIntegrationResponses, updateIntegrationResponse,
} from './integration-response.ts'
import { publicIntegration, type WebSocketIntegration } from '../websocket-integration.ts'
import { createModel, deleteModel, getModel, getModels, getModelTemplate, updateModel } from './model.ts'

/** What WebSocket APIs do their own way: creating the API, and writing routes and integrations. */
const OWN: Readonly<Record<string, Handler>> = {
  'POST /v2/apis': createWebSocketApi,
  'POST /v2/apis/{apiId}/routes': createWebSocketRoute,
  'PATCH /v2/apis/{apiId}/routes/{routeId}': updateWebSocketRoute,
  'POST /v2/apis/{apiId}/integrations': createWebSocketIntegration,
  'PATCH /v2/apis/{apiId}/integrations/{integrationId}': updateWebSocketIntegration,
  'POST /v2/apis/{apiId}/authorizers': createWebSocketAuthorizer,
  'PATCH /v2/apis/{apiId}/authorizers/{authorizerId}': updateWebSocketAuthorizer,
}

/**
 * GetRoute(s) and GetIntegration(s) answer routes and integrations without their route and
 * integration responses, which are resources of their own.
 */
const WITHOUT_NESTED: Readonly<Record<string, (item: never) => unknown>> = {
  'GET /v2/apis/{apiId}/routes': publicRoute,
  'GET /v2/apis/{apiId}/routes/{routeId}': publicRoute,
  'GET /v2/apis/{apiId}/integrations': publicIntegration,
  'GET /v2/apis/{apiId}/integrations/{integrationId}': publicIntegration,
}

/** The operations only WebSocket APIs take (API reference v2, "RouteResponses", "IntegrationResponses", "Models"); an HTTP API's answer is NotFound. */
const WEBSOCKET_ONLY: readonly RouteDefinition[] = [
  { method: 'POST', path: '/v2/apis/{apiId}/routes/{routeId}/routeresponses', hasBody: true, handler: createRouteResponse },
  { method: 'GET', path: '/v2/apis/{apiId}/routes/{routeId}/routeresponses', hasBody: false, handler: getRouteResponses },
  { method: 'GET', path: '/v2/apis/{apiId}/routes/{routeId}/routeresponses/{routeResponseId}', hasBody: false, handler: getRouteResponse },
  { method: 'PATCH', path: '/v2/apis/{apiId}/routes/{routeId}/routeresponses/{routeResponseId}', hasBody: true, handler: updateRouteResponse },
  { method: 'DELETE', path: '/v2/apis/{apiId}/routes/{routeId}/routeresponses/{routeResponseId}', hasBody: false, handler: deleteRouteResponse },
  { method: 'POST', path: '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses', hasBody: true, handler: createIntegrationResponse },
  { method: 'GET', path: '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses', hasBody: false, handler: getIntegrationResponses },
  {
    method: 'GET', path: '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses/{integrationResponseId}', hasBody: false, handler: getIntegrationResponse,
  },
  {
    method: 'PATCH', path: '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses/{integrationResponseId}', hasBody: true, handler: updateIntegrationResponse,
  },
  {
    method: 'DELETE', path: '/v2/apis/{apiId}/integrations/{integrationId}/integrationresponses/{integrationResponseId}', hasBody: false, handler: deleteIntegrationResponse,
  },
  { method: 'POST', path: '/v2/apis/{apiId}/models', hasBody: true, handler: createModel },
  { method: 'GET', path: '/v2/apis/{apiId}/models', hasBody: false, handler: getModels },
  { method: 'GET', path: '/v2/apis/{apiId}/models/{modelId}', hasBody: false, handler: getModel },
  { method: 'PATCH', path: '/v2/apis/{apiId}/models/{modelId}', hasBody: true, handler: updateModel },
  { method: 'DELETE', path: '/v2/apis/{apiId}/models/{modelId}', hasBody: false, handler: deleteModel },
  { method: 'GET', path: '/v2/apis/{apiId}/models/{modelId}/template', hasBody: false, handler: getModelTemplate },
]

/** The operations both kinds of v2 API take alike (API reference v2): the HTTP kind's handlers serve them for WebSocket APIs too. */
const SHARED = new Set([
  'GET /v2/apis', 'GET /v2/apis/{apiId}', 'PATCH /v2/apis/{apiId}', 'DELETE /v2/apis/{apiId}',
  'GET /v2/apis/{apiId}/routes', 'GET /v2/apis/{apiId}/routes/{routeId}', 'DELETE /v2/apis/{apiId}/routes/{routeId}',
  'GET /v2/apis/{apiId}/integrations', 'GET /v2/apis/{apiId}/integrations/{integrationId}', 'DELETE /v2/apis/{apiId}/integrations/{integrationId}',
  'GET /v2/apis/{apiId}/authorizers', 'GET /v2/apis/{apiId}/authorizers/{authorizerId}', 'DELETE /v2/apis/{apiId}/authorizers/{authorizerId}',
  'POST /v2/apis/{apiId}/stages', 'GET /v2/apis/{apiId}/stages', 'GET /v2/apis/{apiId}/stages/{stageName}',
  'PATCH /v2/apis/{apiId}/stages/{stageName}', 'DELETE /v2/apis/{apiId}/stages/{stageName}',
  'POST /v2/apis/{apiId}/deployments', 'GET /v2/apis/{apiId}/deployments', 'GET /v2/apis/{apiId}/deployments/{deploymentId}',
  'DELETE /v2/apis/{apiId}/deployments/{deploymentId}',
])

/**
 * HTTP and WebSocket APIs are one `apigatewayv2` service on the same URIs (API reference v2), told
 * apart by the API's `ProtocolType`: CreateApi's input, or the stored API the path names. This
 * takes the HTTP kind's routes and answers each for a WebSocket API with WebSocket's own handler,
 * the shared one, or a refusal (an operation HTTP APIs gain later is not silently applied to
 * WebSocket APIs); any other API goes to the HTTP handler unchanged.
 */
export function routesByProtocol(httpRoutes: readonly RouteDefinition[]): RouteDefinition[] {
  const both = httpRoutes.map((route) => {
    const key = `${route.method} ${route.path}`
    const strip = WITHOUT_NESTED[key]
    const own = OWN[key] ?? (strip !== undefined ? without(route.handler, strip) : SHARED.has(key) ? route.handler : refuse)
    return { ...route, handler: async (operation: Operation) => ((await isWebSocket(route, operation)) ? own(operation) : route.handler(operation)) }
  })
  const websocketOnly = WEBSOCKET_ONLY.map((route) => ({
    ...route,
    handler: async (operation: Operation) => ((await isWebSocket(route, operation)) ? route.handler(operation) : refuseHttpApi(operation)),
  }))
  return [...both, ...websocketOnly]
}

function without(handler: Handler, strip: (item: never) => unknown): Handler {
  return async (operation) => {
    const answer = await handler(operation)
    const body = answer.body as { items?: unknown[] } | WebSocketRoute | WebSocketIntegration | undefined
    if (body === undefined || body === null) return answer
    if ('items' in body && Array.isArray(body.items)) return { ...answer, body: { ...body, items: body.items.map((item) => strip(item as never)) } }
    return { ...answer, body: strip(body as never) }
  }
}

const refuseHttpApi: Handler = async ({ deps, params }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  throw WEBSOCKET_MESSAGES.notForHttpApis()
}

async function isWebSocket(route: RouteDefinition, operation: Operation): Promise<boolean> {
  if (route.path === '/v2/apis') return route.method === 'POST' && operation.body.protocolType === 'WEBSOCKET'
  const apiId = operation.params.apiId
  if (apiId === undefined) return false
  return (await operation.deps.store.get('v2-api', ACCOUNT_SCOPE, apiId))?.protocolType === 'WEBSOCKET'
}

const refuse: Handler = async () => {
  throw WEBSOCKET_MESSAGES.notForWebSocketApis()
}
