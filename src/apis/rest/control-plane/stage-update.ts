import { epochSeconds } from '../../../core/clock.ts'
import { flushStageCache } from '../../../policies/cache/cache-cluster.ts'
import { badRequest } from '../../../core/management-error.ts'
import type { CanarySettings, Stage } from '../../../model/stage.ts'
import type { StoreReader } from '../../../store/store.ts'
import { checkCacheClusterSizeValue } from './cache-rules.ts'
import { requireClientCertificate } from './client-certificate.ts'
import { parseBooleanValue } from '../../operations/input.ts'
import { requireRestApi } from './lookups.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { optionalMember } from '../../operations/patch-members.ts'
import { readPatchOperations, type PatchOperation } from '../../operations/patch-operations.ts'
import { EVERY_OP_BUT_COPY, patchTable, type PatchChange, type PatchRule } from '../../operations/patch-table.ts'
import { requireStage } from './stage.ts'
import { cannotRemove, METHOD_SETTING_PATCHES } from './stage-method-settings.ts'
import { checkStageVariable, checkStageVariableCount } from './stage-variable-rules.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * UpdateStage (recorded: test_apigateway_common > test_create_update_stages): `/deploymentId`, `/description`, `/variables/<name>`, `/tracingEnabled`,
 * cache cluster, access log settings, canary settings and promotion (`copy`), and method settings.
 * Anything else is refused with AWS's long invalid-path text (messages.ts).
 */

export const invalidMethodSettingPath = (path: string | undefined) => badRequest(REST_MESSAGES.invalidMethodSettingPath(path))

const ACCESS_LOG_FIELDS = ['destinationArn', 'format'] as const

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
      else await STAGE_PATCHES.apply(stage, [operation], { reader: tx, restApiId })
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

interface StagePatchContext {
  readonly reader: StoreReader
  readonly restApiId: string
}

async function requireDeploymentValue(context: StagePatchContext, value: string | undefined): Promise<string> {
  if (value === undefined || (await context.reader.get('deployment', context.restApiId, value)) === undefined) throw badRequest(REST_MESSAGES.deploymentIdMissing)
  return value
}

/** A stage member that `remove`, or an empty value, takes away. */
const stageMember = (member: 'description' | 'cacheClusterSize', check?: (value: string) => void): PatchRule<Stage, StagePatchContext> => ({
  path: `/${member}`, ops: ['add', 'replace', 'remove'],
  apply: (stage, change) => {
    if (change.op !== 'remove' && change.value !== undefined && change.value !== '') check?.(change.value)
    optionalMember<Stage>(member)(stage, change)
  },
})

/**
 * A canary created by setting one of its members serves the stage's deployment until told otherwise
 * (LS test_create_canary_deployment_by_stage_update > update-stage-with-percent).
 */
const canaryMember = (
  member: string, set: (canary: CanarySettings, change: PatchChange<StagePatchContext>) => void | Promise<void>,
): PatchRule<Stage, StagePatchContext> => ({
  path: `/canarySettings/${member}`, ops: EVERY_OP_BUT_COPY,
  apply: async (stage, change) => {
    const canary = { ...stage.canarySettings }
    await set(canary, change)
    canary.deploymentId ??= stage.deploymentId
    canary.percentTraffic ??= 0
    canary.useStageCache ??= false
    stage.canarySettings = canary
  },
})

/** `deploymentId`, `percentTraffic`, `useStageCache` are only replaced. */
const canaryScalar = (
  member: 'deploymentId' | 'percentTraffic' | 'useStageCache', set: (canary: CanarySettings, change: PatchChange<StagePatchContext>) => void | Promise<void>,
): PatchRule<Stage, StagePatchContext> => canaryMember(member, (canary, change) => {
  if (change.op === 'remove') throw cannotRemove(change.path)
  if (change.op === 'add') throw badRequest(REST_MESSAGES.invalidAddOperation(change.path))
  return set(canary, change)
})

/**
 * Every path UpdateStage takes but the promotion copies. An op a path does not take, or a path it
 * does not know, is `Cannot remove method setting ...` for a remove and the long invalid-path text
 * otherwise.
 */
const STAGE_PATCHES = patchTable<Stage, StagePatchContext>({
  refuse: ({ op, path }) => (op === 'remove' && path?.startsWith('/') === true ? cannotRemove(path) : invalidMethodSettingPath(path)),
  rules: [
    {
      path: '/variables/{name}', ops: EVERY_OP_BUT_COPY,
      apply: (stage, { op, value, labels: { name } }) => {
        const variables = { ...stage.variables }
        if (op === 'remove') delete variables[name]
        else {
          checkStageVariable(name, value ?? '')
          variables[name] = value ?? ''
          checkStageVariableCount(variables)
        }
        stage.variables = variables
        if (Object.keys(variables).length === 0) delete stage.variables
      },
    },
    // Access logs: set one field at a time; only the whole `/accessLogSettings` can be removed (LS test_stage_access_log_settings*).
    {
      path: '/accessLogSettings', ops: EVERY_OP_BUT_COPY,
      apply: (stage, { op }) => {
        if (op !== 'remove') throw badRequest(REST_MESSAGES.invalidAccessLogPath)
        delete stage.accessLogSettings
      },
    },
    {
      path: '/accessLogSettings/{field+}', ops: EVERY_OP_BUT_COPY,
      apply: (stage, { op, path, value, labels: { field } }) => {
        if (op === 'remove') throw cannotRemove(path)
        if (!(ACCESS_LOG_FIELDS as readonly string[]).includes(field)) throw badRequest(REST_MESSAGES.invalidAccessLogPath)
        if (value === undefined || value === '') throw badRequest(REST_MESSAGES.emptyAccessLogValue)
        stage.accessLogSettings = { ...stage.accessLogSettings, [field]: value }
      },
    },
    { path: '/canarySettings', ops: ['remove'], apply: (stage) => { delete stage.canarySettings } },
    canaryMember('stageVariableOverrides/{name}', (canary, { op, path, value, labels: { name } }) => {
      const overrides = { ...canary.stageVariableOverrides }
      if (op === 'remove') {
        if (!Object.hasOwn(overrides, name)) throw cannotRemove(path)
        delete overrides[name]
      } else {
        checkStageVariable(name, value ?? '')
        overrides[name] = value ?? ''
        checkStageVariableCount(overrides)
      }
      canary.stageVariableOverrides = overrides
    }),
    canaryScalar('deploymentId', async (canary, { value, context }) => { canary.deploymentId = await requireDeploymentValue(context, value) }),
    canaryScalar('percentTraffic', (canary, { path, value }) => {
      const percent = Number(value)
      if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw badRequest(REST_MESSAGES.invalidPatchValue(path, value))
      canary.percentTraffic = percent
    }),
    canaryScalar('useStageCache', (canary, { value }) => { canary.useStageCache = parseBooleanValue(value) }),
    // Any other path under the canary is refused, even where a method-setting path would match it.
    { path: '/canarySettings/{member+}', ops: [], apply: () => undefined },
    {
      path: '/deploymentId', ops: ['add', 'replace', 'remove'],
      apply: async (stage, { op, value, context }) => {
        if (op === 'remove') throw badRequest(REST_MESSAGES.deploymentIdMissing)
        stage.deploymentId = await requireDeploymentValue(context, value)
      },
    },
    stageMember('description'),
    {
      // The certificate must exist: the stage presents it to its HTTP backends (client-certificate.ts).
      path: '/clientCertificateId', ops: ['add', 'replace', 'remove'],
      apply: async (stage, change) => {
        if (change.op !== 'remove' && change.value !== undefined && change.value !== '') await requireClientCertificate(change.context.reader, change.value)
        optionalMember<Stage>('clientCertificateId')(stage, change)
      },
    },
    stageMember('cacheClusterSize', checkCacheClusterSizeValue),
    {
      path: '/tracingEnabled', ops: ['add', 'replace', 'remove'],
      apply: (stage, { op, value }) => { stage.tracingEnabled = op !== 'remove' && parseBooleanValue(value) },
    },
    {
      path: '/cacheClusterEnabled', ops: ['add', 'replace', 'remove'],
      apply: (stage, { op, value }) => {
        stage.cacheClusterEnabled = op !== 'remove' && parseBooleanValue(value)
        stage.cacheClusterStatus = stage.cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE'
        if (stage.cacheClusterEnabled) stage.cacheClusterSize ??= '0.5'
      },
    },
    ...METHOD_SETTING_PATCHES,
  ],
})

/** The two promotion copies AWS knows; anything else is refused with its text (LS test_update_stage_with_copy_ops). */
function checkCopy(operation: PatchOperation): PatchOperation {
  const { path, from } = operation
  const valid =
    (path === '/deploymentId' && from === '/canarySettings/deploymentId') ||
    (path === '/variables' && from === '/canarySettings/stageVariableOverrides')
  if (!valid) throw badRequest(REST_MESSAGES.invalidCopyOperation(path, from))
  return operation
}

/** Canary promotion with `copy` (recorded: test_apigateway_canary > test_update_stage_with_copy_ops). */
function promote(stage: Stage, { path }: PatchOperation): void {
  const canary = stage.canarySettings
  if (canary === undefined) throw badRequest(REST_MESSAGES.noCanaryToPromote)
  if (path === '/deploymentId') {
    if (canary.deploymentId !== undefined) stage.deploymentId = canary.deploymentId
  } else {
    const variables = { ...stage.variables, ...canary.stageVariableOverrides }
    if (Object.keys(variables).length > 0) stage.variables = variables
  }
}
