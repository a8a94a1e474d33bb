import { newId } from '../../../core/ids.ts'
import type { JsonObject } from '../../../core/json.ts'
import type { HttpRoute } from '../../../model/v2/route.ts'
import type { StoreTransaction } from '../../../store/store.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { compact, optionalBoolean, optionalString, optionalStringList, requiredString } from '../../operations/input.ts'
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
    Object.assign(route, await checkAuthorization(tx, params.apiId, readAuthorization(body, undefined)))
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
    const authorization = await checkAuthorization(tx, params.apiId, readAuthorization(body, route))
    delete updated.authorizerId
    delete updated.authorizationScopes
    Object.assign(updated, authorization)
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

interface RouteAuthorization {
  authorizationType: HttpRoute['authorizationType']
  authorizerId?: string
  authorizationScopes?: string[]
}

/** The route's authorization after this call: the body's members over the route's own. */
function readAuthorization(body: JsonObject, route: HttpRoute | undefined): RouteAuthorization {
  const type = optionalString(body, 'authorizationType') ?? route?.authorizationType ?? 'NONE'
  if (!(AUTHORIZATION_TYPES as readonly string[]).includes(type)) throw V2_MESSAGES.authorizationType(type)
  const typeChanged = route !== undefined && type !== route.authorizationType
  // Switching to NONE or AWS_IAM drops the authorizer and scopes that came with the old type.
  const keep = route !== undefined && !typeChanged
  return compact({
    authorizationType: type as HttpRoute['authorizationType'],
    authorizerId: optionalString(body, 'authorizerId') ?? (keep || type === 'JWT' || type === 'CUSTOM' ? route?.authorizerId : undefined),
    authorizationScopes: optionalStringList(body, 'authorizationScopes') ?? (keep ? route?.authorizationScopes : undefined),
  })
}

const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'JWT'] as const
/** At most 10 scopes per route (developer guide, "Amazon API Gateway quotas", HTTP APIs). */
const MAX_SCOPES = 10

/**
 * A JWT route needs a JWT authorizer of the API, a CUSTOM one a REQUEST authorizer (API reference v2,
 * "Route", `authorizationType`); NONE and AWS_IAM take none. Scopes go with JWT routes only.
 */
async function checkAuthorization(tx: StoreTransaction, apiId: string, wanted: RouteAuthorization): Promise<RouteAuthorization> {
  const { authorizationType: type } = wanted
  if (type === 'NONE' || type === 'AWS_IAM') {
    if (wanted.authorizationScopes !== undefined && wanted.authorizationScopes.length > 0) throw V2_MESSAGES.routeScopesNeedJwt()
    return { authorizationType: type }
  }
  const authorizer = wanted.authorizerId === undefined ? undefined : await tx.get('v2-authorizer', apiId, wanted.authorizerId)
  if (authorizer === undefined || (type === 'JWT') !== (authorizer.authorizerType === 'JWT')) throw V2_MESSAGES.routeAuthorizerRequired(type)
  if (type !== 'JWT' && wanted.authorizationScopes !== undefined && wanted.authorizationScopes.length > 0) throw V2_MESSAGES.routeScopesNeedJwt()
  if ((wanted.authorizationScopes?.length ?? 0) > MAX_SCOPES) throw V2_MESSAGES.authorizerInvalid(`a route takes at most ${MAX_SCOPES} authorization scopes`)
  return wanted
}

/** A target to set, '' to detach the integration, undefined to leave it. */
const readTargetUpdate = (body: JsonObject): string | undefined => optionalString(body, 'target')
