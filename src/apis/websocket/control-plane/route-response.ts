import { newId } from '../../../core/ids.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { compact, optionalString, optionalStringMap, requiredString } from '../../operations/input.ts'
import type { Handler } from '../../operations/operation.ts'
import { autoDeploy } from '../../http/control-plane/deploy-api.ts'
import { requireHttpApi, requireRoute } from '../../http/control-plane/lookups.ts'
import { paginateV2 } from '../../operations/v2-paging.ts'
import type { WebSocketRoute, WebSocketRouteResponse } from '../websocket-route.ts'
import { WEBSOCKET_MESSAGES } from './messages.ts'

/**
 * Route responses (API reference v2, "RouteResponses"; developer guide, "Setting up route responses
 * for WebSocket APIs"): a route with one is two-way, and its integration's answer goes back to the
 * client. `$default` is the only key supported.
 */
export const createRouteResponse: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const route: WebSocketRoute = await requireRoute(tx, deps, params.apiId, params.routeId)
    const routeResponseKey = requiredString(body, 'routeResponseKey', 'createRouteResponseInput')
    if (routeResponseKey !== '$default') throw WEBSOCKET_MESSAGES.routeResponseKeyInvalid(routeResponseKey)
    const responses = route.routeResponses ?? []
    if (responses.some((response) => response.routeResponseKey === routeResponseKey)) throw WEBSOCKET_MESSAGES.routeResponseExists(routeResponseKey)
    const routeResponseId = await allocateId(() => newId(6), async (id) => !responses.some((response) => response.routeResponseId === id))
    const response: WebSocketRouteResponse = compact({
      routeResponseId,
      routeResponseKey,
      modelSelectionExpression: optionalString(body, 'modelSelectionExpression'),
      responseModels: optionalStringMap(body, 'responseModels') as Record<string, string> | undefined,
    })
    await tx.put('v2-route', params.apiId, route.routeId, { ...route, routeResponses: [...responses, response] } as WebSocketRoute)
    await autoDeploy(tx, deps, params.apiId)
    return { status: 201, body: response }
  })

export const getRouteResponses: Handler = async ({ deps, params, query }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  const route: WebSocketRoute = await requireRoute(deps.store, deps, params.apiId, params.routeId)
  return { status: 200, body: paginateV2(route.routeResponses ?? [], query) }
}

export const getRouteResponse: Handler = async ({ deps, params }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  const route: WebSocketRoute = await requireRoute(deps.store, deps, params.apiId, params.routeId)
  return { status: 200, body: requireResponse(route, params.routeResponseId, deps.aws.accountId) }
}

export const updateRouteResponse: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const route: WebSocketRoute = await requireRoute(tx, deps, params.apiId, params.routeId)
    const current = requireResponse(route, params.routeResponseId, deps.aws.accountId)
    const routeResponseKey = optionalString(body, 'routeResponseKey') ?? current.routeResponseKey
    if (routeResponseKey !== '$default') throw WEBSOCKET_MESSAGES.routeResponseKeyInvalid(routeResponseKey)
    const updated: WebSocketRouteResponse = compact({
      ...current,
      routeResponseKey,
      modelSelectionExpression: optionalString(body, 'modelSelectionExpression') ?? current.modelSelectionExpression,
      responseModels: (optionalStringMap(body, 'responseModels') as Record<string, string> | undefined) ?? current.responseModels,
    })
    const routeResponses = (route.routeResponses ?? []).map((response) => (response.routeResponseId === current.routeResponseId ? updated : response))
    await tx.put('v2-route', params.apiId, route.routeId, { ...route, routeResponses } as WebSocketRoute)
    await autoDeploy(tx, deps, params.apiId)
    return { status: 200, body: updated }
  })

export const deleteRouteResponse: Handler = async ({ deps, params }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const route: WebSocketRoute = await requireRoute(tx, deps, params.apiId, params.routeId)
    const current = requireResponse(route, params.routeResponseId, deps.aws.accountId)
    const routeResponses = (route.routeResponses ?? []).filter((response) => response.routeResponseId !== current.routeResponseId)
    await tx.put('v2-route', params.apiId, route.routeId, { ...route, routeResponses } as WebSocketRoute)
    await autoDeploy(tx, deps, params.apiId)
    return { status: 204 }
  })

function requireResponse(route: WebSocketRoute, routeResponseId: string, accountId: string): WebSocketRouteResponse {
  const found = route.routeResponses?.find((response) => response.routeResponseId === routeResponseId)
  if (found === undefined) throw WEBSOCKET_MESSAGES.routeResponseNotFound(accountId, routeResponseId)
  return found
}
