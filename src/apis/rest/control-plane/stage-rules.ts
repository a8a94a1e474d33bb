import { badRequest } from '../../../core/management-error.ts'
import type { CanarySettings, Stage } from '../../../model/stage.ts'
import { compact } from '../../operations/input.ts'
import type { Member, MembersOf } from '../../operations/members.ts'
import { checkStageVariables } from './stage-variable-rules.ts'
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

const CANARY_SETTINGS_MEMBERS = {
  deploymentId: { type: 'string' },
  percentTraffic: { type: 'double', default: 0 },
  stageVariableOverrides: { type: 'string-map' },
  useStageCache: { type: 'boolean', default: false },
} as const

/** The `canarySettings` member of CreateStage and CreateDeployment; AWS fills percentTraffic and useStageCache. */
export const CANARY_SETTINGS = { type: 'object', members: CANARY_SETTINGS_MEMBERS } as const satisfies Member

/** Canary settings as read; without a deployment of their own they serve `deploymentId`. */
export function canarySettingsOf(read: MembersOf<typeof CANARY_SETTINGS_MEMBERS> | undefined, deploymentId?: string): CanarySettings | undefined {
  if (read === undefined) return undefined
  checkStageVariables(read.stageVariableOverrides)
  return compact({ ...read, deploymentId: read.deploymentId ?? deploymentId })
}
