import { epochSeconds } from '../../../core/clock.ts'
import { flushStageCache } from '../../../policies/cache/cache-cluster.ts'
import { badRequest } from '../../../core/management-error.ts'
import type { Stage } from '../../../model/stage.ts'
import type { StoreReader } from '../../../store/store.ts'
import { checkCacheClusterSizeValue } from './cache-rules.ts'
import { parseBooleanValue } from '../../operations/input.ts'
import { requireRestApi } from './lookups.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { readPatchOperations, splitPointer, type PatchOperation } from '../../operations/patch-operations.ts'
import { requireStage } from './stage.ts'
import { cannotRemove, patchMethodSetting } from './stage-method-settings.ts'
import { checkStageVariable, checkStageVariableCount } from './stage-variable-rules.ts'

/**
 * UpdateStage (recorded: test_apigateway_common > test_create_update_stages): `/deploymentId`, `/description`, `/variables/<name>`, `/tracingEnabled`,
 * cache cluster, access log settings, canary settings and promotion (`copy`), and method settings.
 * Anything else is refused with AWS's long invalid-path text, copied verbatim — missing commas and all
 * (LS test_create_update_stages > error-update-doc-version).
 */

const VALID_PATHS_TEXT =
  '[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, ' +
  '/accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, ' +
  '/{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, ' +
  '/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, ' +
  '/{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, ' +
  '/{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, ' +
  '/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, ' +
  '/*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit ' +
  '/*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, ' +
  '/*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, ' +
  '/variables/{variable_name}, /tracingEnabled]'

export const invalidMethodSettingPath = (path: string | undefined) =>
  badRequest(`Invalid method setting path: ${path ?? 'null'}. Must be one of: ${VALID_PATHS_TEXT}`)

const ACCESS_LOG_FIELDS = ['destinationArn', 'format'] as const
const INVALID_ACCESS_LOG_PATH =
  'Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]'
const DEPLOYMENT_MISSING = 'Deployment id does not exist'

export async function updateStage({ deps, params, body }: Operation): Promise<Reply> {
  const { restApiId, stageName } = params
  const operations = readPatchOperations(body, 'updateStageInput')
  let cluster: Partial<Pick<Stage, 'cacheClusterEnabled' | 'cacheClusterSize'>> = {}
  const updated = await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, restApiId)
    const stage = structuredClone(await requireStage(tx, restApiId, stageName))
    cluster = { cacheClusterEnabled: stage.cacheClusterEnabled, cacheClusterSize: stage.cacheClusterSize }
    // Promotion (`copy`) reads the canary as the other operations leave it, whatever their order:
    // AWS's own promotion sends the copies before `replace /canarySettings/percentTraffic`, and that
    // replace alone may create the canary (LS test_update_stage_with_copy_ops > update-stage-with-copy).
    const copies: PatchOperation[] = []
    for (const operation of operations) {
      if (operation.op === 'copy') copies.push(checkCopy(operation))
      else await applyOperation(tx, restApiId, stage, operation)
    }
    for (const copy of copies) promote(stage, copy)
    stage.lastUpdatedDate = epochSeconds(deps.clock.now())
    await tx.put('stage', restApiId, stageName, stage)
    return stage
  })
  // Turning the cache cluster off deletes it, and a new size is a new cluster: either way AWS's cache
  // starts empty, so nothing cached before may be served when caching is on again.
  const clusterReplaced = cluster.cacheClusterEnabled === true
    && (updated.cacheClusterEnabled !== true || updated.cacheClusterSize !== cluster.cacheClusterSize)
  if (clusterReplaced && deps.state !== undefined) await flushStageCache(deps.state.responseCache, restApiId, stageName)
  return { status: 200, body: updated }
}

async function applyOperation(reader: StoreReader, restApiId: string, stage: Stage, operation: PatchOperation): Promise<void> {
  const { op, path, value } = operation
  if (path === undefined || !path.startsWith('/')) throw invalidMethodSettingPath(path)
  const [field, ...rest] = splitPointer(path)
  const sub = rest.join('/')
  if (field === 'variables' && rest.length === 1 && sub !== '') {
    const variables = { ...stage.variables }
    if (op === 'remove') delete variables[sub]
    else {
      checkStageVariable(sub, value ?? '')
      variables[sub] = value ?? ''
      checkStageVariableCount(variables)
    }
    stage.variables = variables
    if (Object.keys(variables).length === 0) delete stage.variables
    return
  }
  if (field === 'accessLogSettings') return patchAccessLogSettings(stage, op, path, rest, value)
  if (field === 'canarySettings') return patchCanarySettings(reader, restApiId, stage, op, path, rest, value)
  if (rest.length === 0 && (op === 'replace' || op === 'add' || op === 'remove')) {
    switch (field) {
      case 'deploymentId':
        if (op === 'remove' || value === undefined || (await reader.get('deployment', restApiId, value)) === undefined) {
          throw badRequest(DEPLOYMENT_MISSING)
        }
        stage.deploymentId = value
        return
      case 'description':
      case 'clientCertificateId':
      case 'cacheClusterSize':
        if (field === 'cacheClusterSize' && op !== 'remove' && value !== undefined && value !== '') checkCacheClusterSizeValue(value)
        if (op === 'remove' || value === undefined || value === '') delete stage[field]
        else stage[field] = value
        return
      case 'tracingEnabled':
        stage.tracingEnabled = op !== 'remove' && parseBooleanValue(value)
        return
      case 'cacheClusterEnabled':
        stage.cacheClusterEnabled = op !== 'remove' && parseBooleanValue(value)
        stage.cacheClusterStatus = stage.cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE'
        if (stage.cacheClusterEnabled) stage.cacheClusterSize ??= '0.5'
        return
    }
  }
  if (patchMethodSetting(stage, op, path, value)) return
  if (op === 'remove') throw cannotRemove(path)
  throw invalidMethodSettingPath(path)
}

/** Access logs: set one field at a time; only the whole `/accessLogSettings` can be removed (LS test_stage_access_log_settings*). */
function patchAccessLogSettings(stage: Stage, op: string, path: string, rest: string[], value: string | undefined): void {
  if (op === 'remove') {
    if (rest.length === 0) {
      delete stage.accessLogSettings
      return
    }
    throw cannotRemove(path)
  }
  const field = rest[0] as (typeof ACCESS_LOG_FIELDS)[number]
  if (rest.length !== 1 || !ACCESS_LOG_FIELDS.includes(field)) throw badRequest(INVALID_ACCESS_LOG_PATH)
  if (value === undefined || value === '') throw badRequest('Access Log value must not be empty')
  stage.accessLogSettings = { ...stage.accessLogSettings, [field]: value }
}

async function patchCanarySettings(
  reader: StoreReader, restApiId: string, stage: Stage, op: string, path: string, rest: string[], value: string | undefined,
): Promise<void> {
  if (op === 'remove' && rest.length === 0) {
    delete stage.canarySettings
    return
  }
  const canary = { ...stage.canarySettings }
  const [member, key, ...more] = rest
  if (member === 'stageVariableOverrides' && key !== undefined && key !== '' && more.length === 0) {
    const overrides = { ...canary.stageVariableOverrides }
    if (op === 'remove') {
      if (!Object.hasOwn(overrides, key)) throw cannotRemove(path)
      delete overrides[key]
    } else {
      checkStageVariable(key, value ?? '')
      overrides[key] = value ?? ''
      checkStageVariableCount(overrides)
    }
    canary.stageVariableOverrides = overrides
  } else if (rest.length === 1 && (member === 'deploymentId' || member === 'percentTraffic' || member === 'useStageCache')) {
    if (op === 'remove') throw cannotRemove(path)
    if (op === 'add') throw badRequest(`Invalid add operation with path: ${path}`)
    if (member === 'deploymentId') {
      if (value === undefined || (await reader.get('deployment', restApiId, value)) === undefined) throw badRequest(DEPLOYMENT_MISSING)
      canary.deploymentId = value
    } else if (member === 'percentTraffic') {
      const percent = Number(value)
      if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw badRequest(`Invalid value specified for ${path}: ${value ?? 'null'}`)
      canary.percentTraffic = percent
    } else canary.useStageCache = parseBooleanValue(value)
  } else {
    if (op === 'remove') throw cannotRemove(path)
    throw invalidMethodSettingPath(path)
  }
  // A canary created by setting one of its members serves the stage's deployment until told otherwise
  // (LS test_create_canary_deployment_by_stage_update > update-stage-with-percent).
  canary.deploymentId ??= stage.deploymentId
  canary.percentTraffic ??= 0
  canary.useStageCache ??= false
  stage.canarySettings = canary
}

/** The two promotion copies AWS knows; anything else is refused with its text (LS test_update_stage_with_copy_ops). */
function checkCopy(operation: PatchOperation): PatchOperation {
  const { path, from } = operation
  const valid =
    (path === '/deploymentId' && from === '/canarySettings/deploymentId') ||
    (path === '/variables' && from === '/canarySettings/stageVariableOverrides')
  if (!valid) {
    throw badRequest(
      `Invalid copy operation with path: ${path} and from ${from}. Valid copy:path are [/deploymentId, /variables] ` +
        'and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]',
    )
  }
  return operation
}

/** Canary promotion with `copy` (recorded: test_apigateway_canary > test_update_stage_with_copy_ops). */
function promote(stage: Stage, { path }: PatchOperation): void {
  const canary = stage.canarySettings
  if (canary === undefined) throw badRequest('Promotion not available. Canary does not exist.')
  if (path === '/deploymentId') {
    if (canary.deploymentId !== undefined) stage.deploymentId = canary.deploymentId
  } else {
    const variables = { ...stage.variables, ...canary.stageVariableOverrides }
    if (Object.keys(variables).length > 0) stage.variables = variables
  }
}
