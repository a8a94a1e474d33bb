import { newId } from '../../../core/ids.ts'
import type { JsonObject } from '../../../core/json.ts'
import type { HttpIntegration } from '../../../model/v2/integration.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { compact, optionalNumber, optionalObject, optionalString, optionalStringMap, requiredString } from '../../operations/input.ts'
import type { Handler } from '../../operations/operation.ts'
import { paginateV2 } from '../../operations/v2-paging.ts'
import { autoDeploy } from './deploy-api.ts'
import { checkIntegration, DEFAULT_TIMEOUT_MS } from './integration-rules.ts'
import { checkRequestParameters, checkResponseParameters } from './parameter-mapping-rules.ts'
import { requireHttpApi, requireIntegration } from './lookups.ts'
import { V2_MESSAGES } from './messages.ts'

/** Integrations (API reference v2, "Integrations"), checked by integration-rules.ts; every change redeploys AutoDeploy stages. */
export const createIntegration: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const type = requiredString(body, 'integrationType', 'createIntegrationInput') as HttpIntegration['integrationType']
    const integration = checkIntegration(compact({
      integrationId: '',
      integrationType: type,
      integrationUri: optionalString(body, 'integrationUri'),
      integrationMethod: optionalString(body, 'integrationMethod'),
      // Formats other than Lambda's take only 1.0 (API reference v2, "Integration", payloadFormatVersion).
      payloadFormatVersion: (optionalString(body, 'payloadFormatVersion') ?? '1.0') as HttpIntegration['payloadFormatVersion'],
      timeoutInMillis: optionalNumber(body, 'timeoutInMillis') ?? DEFAULT_TIMEOUT_MS,
      connectionType: (optionalString(body, 'connectionType') ?? 'INTERNET') as HttpIntegration['connectionType'],
      description: optionalString(body, 'description'),
      ...readMappings(body),
    }))
    integration.integrationId = await allocateId(() => newId(7), (id) => tx.insert('v2-integration', params.apiId, id, { ...integration, integrationId: id }))
    await autoDeploy(tx, deps, params.apiId)
    return { status: 201, body: integration }
  })

export const getIntegration: Handler = async ({ deps, params }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  return { status: 200, body: await requireIntegration(deps.store, deps, params.apiId, params.integrationId) }
}

export const getIntegrations: Handler = async ({ deps, params, query }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  return { status: 200, body: paginateV2(await deps.store.list('v2-integration', params.apiId), query) }
}

export const updateIntegration: Handler = integrationUpdater(checkIntegration, changes)

/** UpdateIntegration for a v2 kind: what differs between kinds is which members it reads and what it accepts. */
export function integrationUpdater(
  check: (integration: HttpIntegration) => HttpIntegration,
  read: (body: JsonObject) => Partial<HttpIntegration>,
): Handler {
  return async ({ deps, params, body }) =>
    deps.store.transaction(async (tx) => {
      await requireHttpApi(tx, deps, params.apiId)
      const current = await requireIntegration(tx, deps, params.apiId, params.integrationId)
      const updated = check(compact({ ...current, ...read(body) }))
      await tx.put('v2-integration', params.apiId, current.integrationId, updated)
      await autoDeploy(tx, deps, params.apiId)
      return { status: 200, body: updated }
    })
}

/** An integration a route still targets is refused, so no route is left pointing at nothing. */
export const deleteIntegration: Handler = async ({ deps, params }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    await requireIntegration(tx, deps, params.apiId, params.integrationId)
    const routes = await tx.list('v2-route', params.apiId)
    const users = routes.filter((route) => route.target === `integrations/${params.integrationId}`)
    if (users.length > 0) throw V2_MESSAGES.integrationInUse(users.map((route) => route.routeId))
    await tx.delete('v2-integration', params.apiId, params.integrationId)
    await autoDeploy(tx, deps, params.apiId)
    return { status: 204 }
  })

function changes(body: JsonObject): Partial<HttpIntegration> {
  const picked: Partial<HttpIntegration> = {
    integrationType: optionalString(body, 'integrationType') as HttpIntegration['integrationType'] | undefined,
    integrationUri: optionalString(body, 'integrationUri'),
    integrationMethod: optionalString(body, 'integrationMethod'),
    payloadFormatVersion: optionalString(body, 'payloadFormatVersion') as HttpIntegration['payloadFormatVersion'] | undefined,
    timeoutInMillis: optionalNumber(body, 'timeoutInMillis'),
    description: optionalString(body, 'description'),
    ...readMappings(body),
  }
  return compact(picked)
}

function readMappings(body: JsonObject): Pick<HttpIntegration, 'requestParameters' | 'responseParameters'> {
  const requestParameters = optionalStringMap(body, 'requestParameters') as Record<string, string> | undefined
  if (requestParameters !== undefined) checkRequestParameters(requestParameters)
  const byStatus = optionalObject(body, 'responseParameters')
  let responseParameters: Record<string, Record<string, string>> | undefined
  if (byStatus !== undefined) {
    responseParameters = {}
    for (const status of Object.keys(byStatus)) responseParameters[status] = optionalStringMap(byStatus, status) as Record<string, string>
    checkResponseParameters(responseParameters)
  }
  return { requestParameters, responseParameters }
}
