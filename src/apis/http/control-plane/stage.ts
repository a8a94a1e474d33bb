import type { JsonObject } from '../../../core/json.ts'
import type { HttpRouteSettings } from '../../../model/v2/route-settings.ts'
import type { HttpStage } from '../../../model/v2/stage.ts'
import type { StoreTransaction } from '../../../store/store.ts'
import { compact, optionalBoolean, optionalObject, optionalString, optionalStringMap, requiredString } from '../../operations/input.ts'
import type { Handler, ManagementDeps } from '../../operations/operation.ts'
import { paginateV2 } from '../../operations/v2-paging.ts'
import { autoDeploy } from './deploy-api.ts'
import { isoNow, requireHttpApi, requireStage } from './lookups.ts'
import { V2_MESSAGES } from './messages.ts'
import { readRouteSettings, readRouteSettingsMap } from './route-settings-rules.ts'

/** `$default`, or a name a path segment can carry (API reference v2, "Stage", stageName: 1 to 128 characters). */
const STAGE_NAME = /^(\$default|[A-Za-z0-9_-]{1,128})$/

/**
 * Stages (API reference v2, "Stages"). `$default` is served at the root of the API's URL, a named
 * stage under its name (developer guide, "Working with stages for HTTP APIs"). A stage created or
 * switched to AutoDeploy is deployed at once, so it serves the API's routes without a CreateDeployment.
 */
export const createStage: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const stageName = requiredString(body, 'stageName', 'createStageInput')
    if (!STAGE_NAME.test(stageName)) throw V2_MESSAGES.invalidStageName(stageName)
    await checkRouteSettingsKeys(tx, params.apiId, body)
    const deploymentId = optionalString(body, 'deploymentId')
    if (deploymentId !== undefined) await requireDeployment(tx, deps, params.apiId, deploymentId)
    const now = isoNow(deps)
    const stage: HttpStage = compact({
      stageName,
      deploymentId,
      autoDeploy: optionalBoolean(body, 'autoDeploy') ?? false,
      stageVariables: (optionalStringMap(body, 'stageVariables') as Record<string, string> | undefined) ?? {},
      description: optionalString(body, 'description'),
      createdDate: now,
      lastUpdatedDate: now,
      defaultRouteSettings: { detailedMetricsEnabled: false, ...readDefaultRouteSettings(body) },
      routeSettings: readRouteSettingsMap(body, {}) ?? {},
      tags: (optionalStringMap(body, 'tags') as Record<string, string> | undefined) ?? {},
      accessLogSettings: readAccessLogSettings(body, undefined),
    })
    if (!(await tx.insert('v2-stage', params.apiId, stageName, stage))) throw V2_MESSAGES.stageExists(stageName)
    if (stage.autoDeploy) await autoDeploy(tx, deps, params.apiId)
    return { status: 201, body: await tx.get('v2-stage', params.apiId, stageName) }
  })

export const getStage: Handler = async ({ deps, params }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  return { status: 200, body: await requireStage(deps.store, deps, params.apiId, params.stageName) }
}

export const getStages: Handler = async ({ deps, params, query }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  return { status: 200, body: paginateV2(await deps.store.list('v2-stage', params.apiId), query) }
}

/** UpdateStage: a PATCH of members; `stageVariables` replaces the stage's map. */
export const updateStage: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const stage = await requireStage(tx, deps, params.apiId, params.stageName)
    const deploymentId = optionalString(body, 'deploymentId')
    if (deploymentId !== undefined) await requireDeployment(tx, deps, params.apiId, deploymentId)
    await checkRouteSettingsKeys(tx, params.apiId, body)
    const autoDeployOn = optionalBoolean(body, 'autoDeploy')
    const updated: HttpStage = compact({
      ...stage,
      deploymentId: deploymentId ?? stage.deploymentId,
      autoDeploy: autoDeployOn ?? stage.autoDeploy,
      stageVariables: (optionalStringMap(body, 'stageVariables') as Record<string, string> | undefined) ?? stage.stageVariables,
      description: optionalString(body, 'description') ?? stage.description,
      defaultRouteSettings: { ...stage.defaultRouteSettings, ...readDefaultRouteSettings(body) },
      routeSettings: readRouteSettingsMap(body, stage.routeSettings) ?? stage.routeSettings,
      accessLogSettings: readAccessLogSettings(body, stage.accessLogSettings),
      lastUpdatedDate: isoNow(deps),
    })
    await tx.put('v2-stage', params.apiId, stage.stageName, updated)
    if (autoDeployOn === true && !stage.autoDeploy) await autoDeploy(tx, deps, params.apiId)
    return { status: 200, body: await tx.get('v2-stage', params.apiId, stage.stageName) }
  })

export const deleteStage: Handler = async ({ deps, params }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    await requireStage(tx, deps, params.apiId, params.stageName)
    await tx.delete('v2-stage', params.apiId, params.stageName)
    return { status: 204 }
  })

/**
 * `AccessLogSettings` (API reference v2, "AccessLogSettings": `DestinationArn`, `Format`): on
 * UpdateStage the members given replace the stage's, the others stay. Checked as written: a log
 * group ARN, and a one-line format naming the request's id (developer guide, "Configuring logging
 * for an HTTP API": "the log format must include at least $context.requestId or
 * $context.extendedRequestId").
 */
function readAccessLogSettings(body: JsonObject, current: HttpStage['accessLogSettings']): HttpStage['accessLogSettings'] {
  const settings = optionalObject(body, 'accessLogSettings')
  if (settings === undefined) return current
  const destinationArn = optionalString(settings, 'destinationArn')
  if (destinationArn !== undefined && !LOG_GROUP_ARN.test(destinationArn)) throw V2_MESSAGES.accessLogDestination(destinationArn)
  const format = optionalString(settings, 'format')
  if (format !== undefined) {
    if (/[\r\n]/.test(format.replace(/\r?\n$/, ''))) throw V2_MESSAGES.accessLogFormat('it must be one line')
    if (!REQUEST_ID_VARIABLE.test(format)) throw V2_MESSAGES.accessLogFormat('it must include $context.requestId or $context.extendedRequestId')
  }
  return compact({ destinationArn: destinationArn ?? current?.destinationArn, format: format ?? current?.format })
}

const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[^:\s]+(:\*)?$/
/** `$context.requestId` or `$context.extendedRequestId`, written plain or braced, and not the start of a longer name. */
const REQUEST_ID_VARIABLE = /\$(\{context\.(requestId|extendedRequestId)\}|context\.(requestId|extendedRequestId)(?![A-Za-z0-9_]))/

/** Every key of the call's `RouteSettings` names a route of the API (AWS refuses one that does not with a NotFoundException). */
async function checkRouteSettingsKeys(tx: StoreTransaction, apiId: string, body: JsonObject): Promise<void> {
  const given = Object.keys(optionalObject(body, 'routeSettings') ?? {})
  if (given.length === 0) return
  const routeKeys = new Set((await tx.list('v2-route', apiId)).map((route) => route.routeKey))
  for (const routeKey of given) if (!routeKeys.has(routeKey)) throw V2_MESSAGES.routeSettingsUnknownRoute(routeKey)
}

function readDefaultRouteSettings(body: JsonObject): HttpRouteSettings {
  const settings = optionalObject(body, 'defaultRouteSettings')
  return settings === undefined ? {} : readRouteSettings(settings)
}

/** DeleteRouteSettings (API reference v2, "RouteSettings"): the route falls back to the stage's defaults. */
export const deleteRouteSettings: Handler = async ({ deps, params }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const stage = await requireStage(tx, deps, params.apiId, params.stageName)
    if (stage.routeSettings[params.routeKey] === undefined) throw V2_MESSAGES.routeSettingsUnknownRoute(params.routeKey)
    const { [params.routeKey]: _dropped, ...routeSettings } = stage.routeSettings
    await tx.put('v2-stage', params.apiId, stage.stageName, { ...stage, routeSettings, lastUpdatedDate: isoNow(deps) })
    return { status: 204 }
  })

async function requireDeployment(tx: StoreTransaction, deps: ManagementDeps, apiId: string, deploymentId: string): Promise<void> {
  if ((await tx.get('v2-deployment', apiId, deploymentId)) === undefined) throw V2_MESSAGES.deploymentNotFound(deps.aws.accountId, deploymentId)
}
