import { newId } from '../../../core/ids.ts'
import type { JsonObject } from '../../../core/json.ts'
import type { HttpAuthorizer, JwtConfiguration } from '../../../model/v2/authorizer.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { compact, optionalBoolean, optionalNumber, optionalObject, optionalString, optionalStringList, requiredString } from '../../operations/input.ts'
import type { Handler } from '../../operations/operation.ts'
import { paginateV2 } from '../../operations/v2-paging.ts'
import { checkAuthorizer } from './authorizer-rules.ts'
import { autoDeploy } from './deploy-api.ts'
import { requireAuthorizer, requireHttpApi } from './lookups.ts'
import { V2_MESSAGES } from './messages.ts'

/**
 * Authorizers of HTTP APIs (API reference v2, "Authorizers"), checked by authorizer-rules.ts. Every
 * change redeploys AutoDeploy stages; one a route still uses cannot be deleted.
 */
export const { create: createAuthorizer, update: updateAuthorizer } = authorizerWriters(checkAuthorizer, readMembers)

export const getAuthorizer: Handler = async ({ deps, params }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  return { status: 200, body: await requireAuthorizer(deps.store, deps, params.apiId, params.authorizerId) }
}

export const getAuthorizers: Handler = async ({ deps, params, query }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  return { status: 200, body: paginateV2(await deps.store.list('v2-authorizer', params.apiId), query) }
}

export const deleteAuthorizer: Handler = async ({ deps, params }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const authorizer = await requireAuthorizer(tx, deps, params.apiId, params.authorizerId)
    const user = (await tx.list('v2-route', params.apiId)).find((route) => route.authorizerId === params.authorizerId)
    if (user !== undefined) throw V2_MESSAGES.authorizerInUse(authorizer.name, user.routeKey)
    await tx.delete('v2-authorizer', params.apiId, params.authorizerId)
    await autoDeploy(tx, deps, params.apiId)
    return { status: 204 }
  })

/**
 * CreateAuthorizer and UpdateAuthorizer (a PATCH whose body holds the members to change) for a v2
 * kind: what differs between kinds is which members it reads and what it accepts.
 */
export function authorizerWriters(
  check: (authorizer: HttpAuthorizer) => HttpAuthorizer,
  read: (body: JsonObject) => Partial<HttpAuthorizer>,
): { create: Handler, update: Handler } {
  const create: Handler = async ({ deps, params, body }) =>
    deps.store.transaction(async (tx) => {
      await requireHttpApi(tx, deps, params.apiId)
      const authorizer = check(compact({
        authorizerId: '',
        name: requiredString(body, 'name', 'createAuthorizerInput'),
        authorizerType: requiredString(body, 'authorizerType', 'createAuthorizerInput') as HttpAuthorizer['authorizerType'],
        identitySource: optionalStringList(body, 'identitySource') ?? [],
        ...read(body),
      }))
      authorizer.authorizerId = await allocateId(() => newId(6), (id) => tx.insert('v2-authorizer', params.apiId, id, { ...authorizer, authorizerId: id }))
      await autoDeploy(tx, deps, params.apiId)
      return { status: 201, body: authorizer }
    })
  const update: Handler = async ({ deps, params, body }) =>
    deps.store.transaction(async (tx) => {
      await requireHttpApi(tx, deps, params.apiId)
      const current = await requireAuthorizer(tx, deps, params.apiId, params.authorizerId)
      const updated = check(compact({
        ...current,
        name: optionalString(body, 'name') ?? current.name,
        authorizerType: (optionalString(body, 'authorizerType') ?? current.authorizerType) as HttpAuthorizer['authorizerType'],
        identitySource: optionalStringList(body, 'identitySource') ?? current.identitySource,
        ...compact(read(body)),
      }))
      await tx.put('v2-authorizer', params.apiId, current.authorizerId, updated)
      await autoDeploy(tx, deps, params.apiId)
      return { status: 200, body: updated }
    })
  return { create, update }
}

function readMembers(body: JsonObject): Partial<HttpAuthorizer> {
  const jwt = optionalObject(body, 'jwtConfiguration')
  const jwtConfiguration: JwtConfiguration | undefined = jwt === undefined
    ? undefined
    : compact({ issuer: optionalString(jwt, 'issuer'), audience: optionalStringList(jwt, 'audience') })
  return {
    jwtConfiguration,
    authorizerUri: optionalString(body, 'authorizerUri'),
    authorizerCredentialsArn: optionalString(body, 'authorizerCredentialsArn'),
    authorizerPayloadFormatVersion: optionalString(body, 'authorizerPayloadFormatVersion') as HttpAuthorizer['authorizerPayloadFormatVersion'],
    enableSimpleResponses: optionalBoolean(body, 'enableSimpleResponses'),
    authorizerResultTtlInSeconds: optionalNumber(body, 'authorizerResultTtlInSeconds'),
    identityValidationExpression: optionalString(body, 'identityValidationExpression'),
  }
}
