import { newId } from '../../../core/ids.ts'
import type { JsonObject } from '../../../core/json.ts'
import type { HttpRoute } from '../../../model/v2/route.ts'
import type { StoreTransaction } from '../../../store/store.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { compact, optionalBoolean, optionalString, requiredString } from '../../operations/input.ts'
import type { Handler } from '../../operations/operation.ts'
import { paginateV2 } from '../../operations/v2-paging.ts'
import { parseRouteKey, routeKeyShape } from '../routing/route-key.ts'
import { autoDeploy } from './deploy-api.ts'
import { requireHttpApi, requireRoute } from './lookups.ts'
import { V2_MESSAGES } from './messages.ts'

/**
 * Routes (API reference v2, "Routes"). A route key is checked as the developer guide defines them
 * ("Working with routes for HTTP APIs"); one that would match the same requests as another route of
 * the API is a ConflictException, as users report (anomalyco/sst#5031). A route's target is
 * `integrations/<id>` of one of the API's integrations. Every change redeploys AutoDeploy stages.
 */
export const createRoute: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const routeKey = requiredString(body, 'routeKey', 'createRouteInput')
    await checkRouteKey(tx, params.apiId, routeKey, undefined)
    const route: HttpRoute = compact({
      routeId: '',
      routeKey,
      target: await checkTarget(tx, params.apiId, optionalString(body, 'target')),
      authorizationType: 'NONE',
      apiKeyRequired: optionalBoolean(body, 'apiKeyRequired') ?? false,
      operationName: optionalString(body, 'operationName'),
    })
    route.routeId = await allocateId(() => newId(7), (id) => tx.insert('v2-route', params.apiId, id, { ...route, routeId: id }))
    await autoDeploy(tx, deps, params.apiId)
    return { status: 201, body: route }
  })

export const getRoute: Handler = async ({ deps, params }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  return { status: 200, body: await requireRoute(deps.store, deps, params.apiId, params.routeId) }
}

export const getRoutes: Handler = async ({ deps, params, query }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  return { status: 200, body: paginateV2(await deps.store.list('v2-route', params.apiId), query) }
}

export const updateRoute: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const route = await requireRoute(tx, deps, params.apiId, params.routeId)
    const routeKey = optionalString(body, 'routeKey')
    if (routeKey !== undefined) await checkRouteKey(tx, params.apiId, routeKey, route.routeId)
    const target = readTargetUpdate(body)
    const updated: HttpRoute = compact({
      ...route,
      routeKey: routeKey ?? route.routeKey,
      target: target === undefined ? route.target : await checkTarget(tx, params.apiId, target === '' ? undefined : target),
      apiKeyRequired: optionalBoolean(body, 'apiKeyRequired') ?? route.apiKeyRequired,
      operationName: optionalString(body, 'operationName') ?? route.operationName,
    })
    await tx.put('v2-route', params.apiId, route.routeId, updated)
    await autoDeploy(tx, deps, params.apiId)
    return { status: 200, body: updated }
  })

export const deleteRoute: Handler = async ({ deps, params }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    await requireRoute(tx, deps, params.apiId, params.routeId)
    await tx.delete('v2-route', params.apiId, params.routeId)
    await autoDeploy(tx, deps, params.apiId)
    return { status: 204 }
  })

async function checkRouteKey(tx: StoreTransaction, apiId: string, routeKey: string, ownId: string | undefined): Promise<void> {
  const parsed = parseRouteKey(routeKey)
  if ('problem' in parsed) throw V2_MESSAGES.invalidRouteKey(routeKey, parsed.problem)
  const shape = routeKeyShape(parsed)
  for (const other of await tx.list('v2-route', apiId)) {
    if (other.routeId === ownId) continue
    const theirs = parseRouteKey(other.routeKey)
    if (!('problem' in theirs) && routeKeyShape(theirs) === shape) throw V2_MESSAGES.routeExists(routeKey)
  }
}

async function checkTarget(tx: StoreTransaction, apiId: string, target: string | undefined): Promise<string | undefined> {
  if (target === undefined) return undefined
  const match = /^integrations\/([A-Za-z0-9]+)$/.exec(target)
  if (match === null || (await tx.get('v2-integration', apiId, match[1])) === undefined) throw V2_MESSAGES.invalidTarget(target)
  return target
}

/** A target to set, '' to detach the integration, undefined to leave it. */
const readTargetUpdate = (body: JsonObject): string | undefined => optionalString(body, 'target')
