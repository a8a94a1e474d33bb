import { newId } from '../../../core/ids.ts'
import type { StoreTransaction } from '../../../store/store.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { compact, optionalBoolean, optionalString, optionalStringMap, requiredString } from '../../operations/input.ts'
import type { Handler } from '../../operations/operation.ts'
import { autoDeploy } from '../../http/control-plane/deploy-api.ts'
import { requireHttpApi, requireRoute } from '../../http/control-plane/lookups.ts'
import { V2_MESSAGES } from '../../http/control-plane/messages.ts'
import { publicRoute, type WebSocketRoute } from '../websocket-route.ts'
import { WEBSOCKET_MESSAGES } from './messages.ts'

/**
 * Routes of a WebSocket API (developer guide, "Working with routes for WebSocket APIs"): `$connect`,
 * `$disconnect`, `$default`, or a custom key the route selection expression evaluates to. Keys are
 * compared as written; a key taken is a ConflictException as for HTTP APIs.
 */
export const createWebSocketRoute: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const routeKey = requiredString(body, 'routeKey', 'createRouteInput')
    await checkRouteKey(tx, params.apiId, routeKey, undefined)
    const route: WebSocketRoute = await checkAuthorization(tx, params.apiId, compact({
      routeId: '',
      routeKey,
      target: await checkTarget(tx, params.apiId, optionalString(body, 'target')),
      authorizationType: (optionalString(body, 'authorizationType') ?? 'NONE') as WebSocketRoute['authorizationType'],
      authorizerId: optionalString(body, 'authorizerId'),
      apiKeyRequired: optionalBoolean(body, 'apiKeyRequired') ?? false,
      operationName: optionalString(body, 'operationName'),
      routeResponseSelectionExpression: optionalString(body, 'routeResponseSelectionExpression'),
      modelSelectionExpression: optionalString(body, 'modelSelectionExpression'),
      requestModels: await checkRequestModels(tx, params.apiId, optionalStringMap(body, 'requestModels') as Record<string, string> | undefined),
    }))
    route.routeId = await allocateId(() => newId(7), (id) => tx.insert('v2-route', params.apiId, id, { ...route, routeId: id }))
    await autoDeploy(tx, deps, params.apiId)
    return { status: 201, body: route }
  })

export const updateWebSocketRoute: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const route: WebSocketRoute = await requireRoute(tx, deps, params.apiId, params.routeId)
    const routeKey = optionalString(body, 'routeKey')
    if (routeKey !== undefined) await checkRouteKey(tx, params.apiId, routeKey, route.routeId)
    const target = optionalString(body, 'target')
    const authorizationType = optionalString(body, 'authorizationType') as WebSocketRoute['authorizationType'] | undefined
    const updated: WebSocketRoute = await checkAuthorization(tx, params.apiId, compact({
      ...route,
      routeKey: routeKey ?? route.routeKey,
      target: target === undefined ? route.target : await checkTarget(tx, params.apiId, target === '' ? undefined : target),
      authorizationType: authorizationType ?? route.authorizationType,
      authorizerId: authorizationType === 'NONE' ? undefined : optionalString(body, 'authorizerId') ?? route.authorizerId,
      apiKeyRequired: optionalBoolean(body, 'apiKeyRequired') ?? route.apiKeyRequired,
      operationName: optionalString(body, 'operationName') ?? route.operationName,
      routeResponseSelectionExpression: optionalString(body, 'routeResponseSelectionExpression') ?? route.routeResponseSelectionExpression,
      modelSelectionExpression: optionalString(body, 'modelSelectionExpression') ?? route.modelSelectionExpression,
      requestModels: await checkRequestModels(tx, params.apiId, optionalStringMap(body, 'requestModels') as Record<string, string> | undefined) ?? route.requestModels,
    }))
    await tx.put('v2-route', params.apiId, route.routeId, updated)
    await autoDeploy(tx, deps, params.apiId)
    return { status: 200, body: publicRoute(updated) }
  })

async function checkRouteKey(tx: StoreTransaction, apiId: string, routeKey: string, ownId: string | undefined): Promise<void> {
  if (routeKey.trim() === '') throw V2_MESSAGES.invalidRouteKey(routeKey, 'a WebSocket route key is $connect, $disconnect, $default or a custom key')
  for (const other of await tx.list('v2-route', apiId)) {
    if (other.routeId !== ownId && other.routeKey === routeKey) throw V2_MESSAGES.routeExists(routeKey)
  }
}

/** `requestModels` name models of the API (developer guide, "Request validation for WebSocket APIs in API Gateway"). */
async function checkRequestModels(tx: StoreTransaction, apiId: string, models: Record<string, string> | undefined): Promise<Record<string, string> | undefined> {
  if (models === undefined) return undefined
  const names = new Set((await tx.list('v2-model', apiId)).map((model) => model.name))
  for (const name of Object.values(models)) if (!names.has(name)) throw WEBSOCKET_MESSAGES.requestModelInvalid(name)
  return models
}

async function checkTarget(tx: StoreTransaction, apiId: string, target: string | undefined): Promise<string | undefined> {
  if (target === undefined) return undefined
  const match = /^integrations\/([A-Za-z0-9]+)$/.exec(target)
  if (match === null || (await tx.get('v2-integration', apiId, match[1])) === undefined) throw V2_MESSAGES.invalidTarget(target)
  return target
}

/**
 * A route's authorization (developer guide, "Controlling access to WebSocket APIs"): NONE, AWS_IAM
 * or CUSTOM with a REQUEST authorizer of the API, and anything but NONE only on `$connect` (the
 * authorization covers the whole connection; "$connect and $disconnect routes").
 */
async function checkAuthorization(tx: StoreTransaction, apiId: string, route: WebSocketRoute): Promise<WebSocketRoute> {
  const type = route.authorizationType
  if (type !== 'NONE' && type !== 'AWS_IAM' && type !== 'CUSTOM') throw WEBSOCKET_MESSAGES.authorizationTypeInvalid(String(type))
  if (type !== 'NONE' && route.routeKey !== '$connect') throw WEBSOCKET_MESSAGES.authorizationOnlyOnConnect(route.routeKey)
  if (type === 'CUSTOM') {
    if (route.authorizerId === undefined || (await tx.get('v2-authorizer', apiId, route.authorizerId)) === undefined) {
      throw WEBSOCKET_MESSAGES.authorizerIdInvalid(route.authorizerId)
    }
  } else if (route.authorizerId !== undefined) {
    throw WEBSOCKET_MESSAGES.authorizerIdInvalid(route.authorizerId)
  }
  return route
}
