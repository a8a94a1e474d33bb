import { newId } from '../../../core/ids.ts'
import type { HttpApi } from '../../../model/v2/http-api.ts'
import { ACCOUNT_SCOPE, type StoreTransaction } from '../../../store/store.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { requiredString } from '../../operations/input.ts'
import type { Handler } from '../../operations/operation.ts'
import type { HttpApiDefinition } from '../openapi/http-api-definition.ts'
import { readHttpApiDefinition } from '../openapi/read-http-api-definition.ts'
import { autoDeploy } from './deploy-api.ts'
import { V2_MESSAGES } from './messages.ts'
import { isoNow, requireHttpApi } from './lookups.ts'

/**
 * ImportApi (API reference v2, "Apis": `PUT /v2/apis` with the OpenAPI 3 document as `body`): a new
 * HTTP API with the document's routes, integrations, authorizers and CORS (developer guide,
 * "Working with OpenAPI definitions for HTTP APIs"). A document any part of which AWS would refuse
 * writes nothing.
 */
export const importApi: Handler = async ({ deps, body }) => {
  const definition = readHttpApiDefinition(Buffer.from(requiredString(body, 'body', 'importApiInput')))
  return deps.store.transaction(async (tx) => {
    const api: HttpApi = {
      apiId: '',
      name: definition.name,
      protocolType: 'HTTP',
      apiEndpoint: '',
      apiKeySelectionExpression: '$request.header.x-api-key',
      routeSelectionExpression: '$request.method $request.path',
      createdDate: isoNow(deps),
      disableExecuteApiEndpoint: false,
      tags: {},
      ...described(definition),
    }
    const claim = async (id: string): Promise<boolean> => {
      if ((await tx.get('restapi', ACCOUNT_SCOPE, id)) !== undefined) return false
      return tx.insert('v2-api', ACCOUNT_SCOPE, id, { ...api, apiId: id, apiEndpoint: `https://${id}.execute-api.${deps.aws.region}.amazonaws.com` })
    }
    // An id pinned for the API's name (gatehouse.yaml `apiIds`, or `gatehouse up`'s logical ids) keeps its URL across restarts.
    const pinned = Object.hasOwn(deps.pinnedApiIds, definition.name) ? deps.pinnedApiIds[definition.name] : undefined
    if (pinned !== undefined && !(await claim(pinned))) throw V2_MESSAGES.pinnedApiIdTaken(pinned)
    const apiId = pinned ?? await allocateId(() => newId(10), claim)
    await writeDefinition(tx, apiId, definition)
    return { status: 201, body: await tx.get('v2-api', ACCOUNT_SCOPE, apiId) }
  })
}

/**
 * ReimportApi (`PUT /v2/apis/{apiId}`): the API becomes what the document describes — its routes,
 * integrations and authorizers replaced, its name, version, description and CORS taken from the
 * document — and stages with AutoDeploy serve it at once; its stages and their settings stay.
 */
export const reimportApi: Handler = async ({ deps, params, body }) => {
  const definition = readHttpApiDefinition(Buffer.from(requiredString(body, 'body', 'reimportApiInput')))
  return deps.store.transaction(async (tx) => {
    const api = await requireHttpApi(tx, deps, params.apiId)
    for (const kind of ['v2-route', 'v2-integration', 'v2-authorizer'] as const) {
      for (const resource of await tx.list(kind, api.apiId)) {
        const id = 'routeId' in resource ? resource.routeId : 'integrationId' in resource ? resource.integrationId : resource.authorizerId
        await tx.delete(kind, api.apiId, id)
      }
    }
    const { corsConfiguration: _old, version: _version, description: _description, ...kept } = api
    const updated: HttpApi = { ...kept, name: definition.name, ...described(definition) }
    await tx.put('v2-api', ACCOUNT_SCOPE, api.apiId, updated)
    await writeDefinition(tx, api.apiId, definition)
    await autoDeploy(tx, deps, api.apiId)
    return { status: 201, body: updated }
  })
}

const described = (definition: HttpApiDefinition): Partial<HttpApi> => ({
  ...(definition.version === undefined ? {} : { version: definition.version }),
  ...(definition.description === undefined ? {} : { description: definition.description }),
  ...(definition.corsConfiguration === undefined ? {} : { corsConfiguration: definition.corsConfiguration }),
})

async function writeDefinition(tx: StoreTransaction, apiId: string, definition: HttpApiDefinition): Promise<void> {
  const authorizerIds = new Map<string, string>()
  for (const authorizer of definition.authorizers) {
    authorizerIds.set(authorizer.name, await allocateId(() => newId(6), (id) => tx.insert('v2-authorizer', apiId, id, { ...authorizer, authorizerId: id })))
  }
  const integrationIds: string[] = []
  for (const integration of definition.integrations) {
    integrationIds.push(await allocateId(() => newId(7), (id) => tx.insert('v2-integration', apiId, id, { ...integration, integrationId: id })))
  }
  for (const { integration, authorizerName, ...route } of definition.routes) {
    await allocateId(() => newId(7), (id) => tx.insert('v2-route', apiId, id, {
      ...route,
      routeId: id,
      ...(integration === undefined ? {} : { target: `integrations/${integrationIds[integration]}` }),
      ...(authorizerName === undefined ? {} : { authorizerId: authorizerIds.get(authorizerName)! }),
    }))
  }
}

