import { badRequest } from '../../../core/management-error.ts'
import type { CanarySettings, Stage } from '../../../model/stage.ts'
import { compact, optionalBoolean, optionalNumber, optionalString, optionalStringMap } from '../../operations/input.ts'
import { checkStageVariables } from './stage-variable-rules.ts'
import type { JsonObject } from '../../../core/json.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * What a new stage looks like, whether CreateStage or CreateDeployment with `stageName` made it
 * (recorded: test_apigateway_common > test_create_update_stages > create-stage).
 */

const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/

export function checkStageName(stageName: string): void {
  if (!STAGE_NAME.test(stageName)) throw badRequest(REST_MESSAGES.invalidStageName)
}

export interface StageInit {
  readonly stageName: string
  readonly deploymentId: string
  readonly nowSeconds: number
  readonly description?: string
  readonly documentationVersion?: string
  readonly variables?: Record<string, string>
  readonly cacheClusterEnabled?: boolean
  readonly cacheClusterSize?: string
  readonly tracingEnabled?: boolean
  readonly canarySettings?: CanarySettings
  readonly tags?: Record<string, string>
}

export function newStage(init: StageInit): Stage {
  const cacheClusterEnabled = init.cacheClusterEnabled ?? false
  return compact({
    stageName: init.stageName,
    deploymentId: init.deploymentId,
    description: init.description === '' ? undefined : init.description,
    documentationVersion: init.documentationVersion,
    createdDate: init.nowSeconds,
    lastUpdatedDate: init.nowSeconds,
    variables: init.variables !== undefined && Object.keys(init.variables).length > 0 ? init.variables : undefined,
    cacheClusterEnabled,
    cacheClusterSize: cacheClusterEnabled ? (init.cacheClusterSize ?? '0.5') : init.cacheClusterSize,
    cacheClusterStatus: cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE',
    methodSettings: {},
    tracingEnabled: init.tracingEnabled ?? false,
    canarySettings: init.canarySettings,
    tags: init.tags !== undefined && Object.keys(init.tags).length > 0 ? init.tags : undefined,
  })
}

/** `canarySettings` of CreateStage/UpdateStage/CreateDeployment; AWS fills percentTraffic and useStageCache. */
export function readCanarySettings(raw: JsonObject | undefined, deploymentId?: string): CanarySettings | undefined {
  if (raw === undefined) return undefined
  const stageVariableOverrides = optionalStringMap(raw, 'stageVariableOverrides') as Record<string, string> | undefined
  checkStageVariables(stageVariableOverrides)
  return compact({
    deploymentId: optionalString(raw, 'deploymentId') ?? deploymentId,
    percentTraffic: optionalNumber(raw, 'percentTraffic', 'Double') ?? 0,
    stageVariableOverrides,
    useStageCache: optionalBoolean(raw, 'useStageCache') ?? false,
  })
}
