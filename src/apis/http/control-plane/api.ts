import { newId } from '../../../core/ids.ts'
import type { JsonObject } from '../../../core/json.ts'
import type { CorsConfiguration } from '../../../model/v2/cors-configuration.ts'
import type { HttpApi } from '../../../model/v2/http-api.ts'
import type { HttpIntegration } from '../../../model/v2/integration.ts'
import type { HttpStage } from '../../../model/v2/stage.ts'
import { ACCOUNT_SCOPE, type StoreTransaction } from '../../../store/store.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { compact, optionalBoolean, optionalObject, optionalString, optionalStringMap, requiredString } from '../../operations/input.ts'
import type { Handler, ManagementDeps } from '../../operations/operation.ts'
import { paginateV2 } from '../../operations/v2-paging.ts'
import { parseRouteKey } from '../routing/route-key.ts'
import { autoDeploy, deployApi } from './deploy-api.ts'
import { readCorsConfiguration } from './cors-rules.ts'
import { checkIntegration, DEFAULT_TIMEOUT_MS, isHttpUrl, isLambdaTarget } from './integration-rules.ts'
import { isoNow, requireHttpApi } from './lookups.ts'
import { V2_MESSAGES } from './messages.ts'

/**
 * CreateApi (API reference v2, "Apis"). With `Target`, quick create (developer guide, "Working with
 * HTTP APIs", quick create): an integration to the target (AWS_PROXY with payload format 2.0 for a
 * Lambda function, HTTP_PROXY with method ANY for a URL), a route (`RouteKey`, `$default` when not
 * given) to it and a `$default` stage with AutoDeploy, deployed — all managed by API Gateway.
 */
export const createApi: Handler = async ({ deps, body }) => {
  const name = requiredString(body, 'name', 'createApiInput')
  const protocolType = requiredString(body, 'protocolType', 'createApiInput')
  if (protocolType !== 'HTTP') throw V2_MESSAGES.protocolType(protocolType)
  const target = optionalString(body, 'target')
  const routeKey = optionalString(body, 'routeKey')
  if (routeKey !== undefined) {
    const parsed = parseRouteKey(routeKey)
    if ('problem' in parsed) throw V2_MESSAGES.invalidRouteKey(routeKey, parsed.problem)
  }
  if (target !== undefined && !isLambdaTarget(target) && !isHttpUrl(target)) throw V2_MESSAGES.quickCreateTarget(target)
  const now = isoNow(deps)
  const api: HttpApi = compact({
    apiId: '',
    name,
    protocolType: 'HTTP',
    apiEndpoint: '',
    apiKeySelectionExpression: optionalString(body, 'apiKeySelectionExpression') ?? '$request.header.x-api-key',
    routeSelectionExpression: optionalString(body, 'routeSelectionExpression') ?? '$request.method $request.path',
    createdDate: now,
    description: optionalString(body, 'description'),
    disableExecuteApiEndpoint: optionalBoolean(body, 'disableExecuteApiEndpoint') ?? false,
    version: optionalString(body, 'version'),
    tags: (optionalStringMap(body, 'tags') as Record<string, string> | undefined) ?? {},
    corsConfiguration: readCors(body),
  })
  return deps.store.transaction(async (tx) => {
    const apiId = await insertV2Api(tx, deps, api, (id) => endpointOf(deps, id))
    if (target !== undefined) await quickCreate(tx, deps, apiId, target, routeKey ?? '$default', now)
    return { status: 201, body: await tx.get('v2-api', ACCOUNT_SCOPE, apiId) }
  })
}

async function quickCreate(tx: StoreTransaction, deps: ManagementDeps, apiId: string, target: string, routeKey: string, now: string): Promise<void> {
  const lambda = isLambdaTarget(target)
  const integration: HttpIntegration = checkIntegration({
    integrationId: '',
    integrationType: lambda ? 'AWS_PROXY' : 'HTTP_PROXY',
    integrationUri: target,
    ...(lambda ? {} : { integrationMethod: 'ANY' }),
    payloadFormatVersion: lambda ? '2.0' : '1.0',
    timeoutInMillis: DEFAULT_TIMEOUT_MS,
    connectionType: 'INTERNET',
    apiGatewayManaged: true,
  })
  const integrationId = await allocateId(() => newId(7), (id) => tx.insert('v2-integration', apiId, id, { ...integration, integrationId: id }))
  await allocateId(() => newId(7), (id) => tx.insert('v2-route', apiId, id, {
    routeId: id,
    routeKey,
    target: `integrations/${integrationId}`,
    authorizationType: 'NONE',
    apiKeyRequired: false,
    apiGatewayManaged: true,
  }))
  const deployment = await deployApi(tx, deps, apiId, { autoDeployed: true })
  const stage: HttpStage = {
    stageName: '$default',
    deploymentId: deployment.deploymentId,
    autoDeploy: true,
    createdDate: now,
    lastUpdatedDate: now,
    defaultRouteSettings: { detailedMetricsEnabled: false },
    routeSettings: {},
    stageVariables: {},
    tags: {},
    apiGatewayManaged: true,
  }
  await tx.insert('v2-stage', apiId, '$default', stage)
}

/** AWS's invoke URL of the API (`https://{apiId}.execute-api.{region}.amazonaws.com`); Gatehouse answers the same host form. */
/**
 * Stores a new v2 API (either kind) with the endpoint its id gives it; returns the id. The id is the
 * one pinned for the API's name (gatehouse.yaml `apiIds`, or `gatehouse up`'s logical ids), so its
 * URL survives restarts, else a fresh one.
 */
export async function insertV2Api(tx: StoreTransaction, deps: ManagementDeps, api: HttpApi, endpoint: (apiId: string) => string): Promise<string> {
  const claim = async (id: string): Promise<boolean> => {
    // One execute-api host answers every kind, so a v2 API never takes a REST API's id.
    if ((await tx.get('restapi', ACCOUNT_SCOPE, id)) !== undefined) return false
    return tx.insert('v2-api', ACCOUNT_SCOPE, id, { ...api, apiId: id, apiEndpoint: endpoint(id) })
  }
  const pinned = Object.hasOwn(deps.pinnedApiIds, api.name) ? deps.pinnedApiIds[api.name] : undefined
  if (pinned === undefined) return allocateId(() => newId(10), claim)
  if (!(await claim(pinned))) throw V2_MESSAGES.pinnedApiIdTaken(pinned)
  return pinned
}

const endpointOf = (deps: ManagementDeps, apiId: string): string => `https://${apiId}.execute-api.${deps.aws.region}.amazonaws.com`

export const getApi: Handler = async ({ deps, params }) => ({ status: 200, body: await requireHttpApi(deps.store, deps, params.apiId) })

export const getApis: Handler = async ({ deps, query }) => {
  const apis = await deps.store.list('v2-api', ACCOUNT_SCOPE)
  return { status: 200, body: paginateV2(apis, query) }
}

/** UpdateApi: a PATCH whose body holds the members to change (API reference v2, "Api"). */
export const updateApi: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    const api = await requireHttpApi(tx, deps, params.apiId)
    const updated: HttpApi = compact({
      ...api,
      name: optionalString(body, 'name') ?? api.name,
      description: optionalString(body, 'description') ?? api.description,
      version: optionalString(body, 'version') ?? api.version,
      disableExecuteApiEndpoint: optionalBoolean(body, 'disableExecuteApiEndpoint') ?? api.disableExecuteApiEndpoint,
      routeSelectionExpression: optionalString(body, 'routeSelectionExpression') ?? api.routeSelectionExpression,
      apiKeySelectionExpression: optionalString(body, 'apiKeySelectionExpression') ?? api.apiKeySelectionExpression,
      corsConfiguration: readCors(body) ?? api.corsConfiguration,
    })
    await tx.put('v2-api', ACCOUNT_SCOPE, api.apiId, updated)
    // CORS is served from a deployment: AutoDeploy stages pick the change up at once.
    if (body.corsConfiguration !== undefined) await autoDeploy(tx, deps, api.apiId)
    return { status: 200, body: updated }
  })

const readCors = (body: JsonObject): CorsConfiguration | undefined => {
  const cors = optionalObject(body, 'corsConfiguration')
  return cors === undefined ? undefined : readCorsConfiguration(cors)
}

/** DeleteCorsConfiguration (API reference v2, "Cors"): the API answers no CORS after the next deployment. */
export const deleteCorsConfiguration: Handler = async ({ deps, params }) =>
  deps.store.transaction(async (tx) => {
    const api = await requireHttpApi(tx, deps, params.apiId)
    const { corsConfiguration: _dropped, ...rest } = api
    await tx.put('v2-api', ACCOUNT_SCOPE, api.apiId, rest)
    await autoDeploy(tx, deps, api.apiId)
    return { status: 204 }
  })

/** DeleteApi takes everything the API owns with it. */
export const deleteApi: Handler = async ({ deps, params }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    await tx.delete('v2-api', ACCOUNT_SCOPE, params.apiId)
    await tx.deleteScope(params.apiId)
    return { status: 204 }
  })

