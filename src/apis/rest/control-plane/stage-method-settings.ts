import { badRequest } from '../../../core/management-error.ts'
import type { MethodSetting, Stage } from '../../../model/stage.ts'
import { checkCacheMethodSetting } from './cache-rules.ts'
import { parseBooleanValue } from '../../operations/input.ts'
import type { PatchRule } from '../../operations/patch-table.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * Stage method settings patched by UpdateStage: `/*\/*\/<setting>` and `/{~1res~1path}/{VERB}/<setting>`
 * (recorded: test_apigateway_common > test_create_update_stages, test_update_stage_remove_wildcard). Setting one value
 * creates a full entry; a specific method's entry is seeded from the current `*\/*` values.
 */

export const DEFAULT_METHOD_SETTING: Readonly<MethodSetting> = {
  cacheDataEncrypted: false,
  cacheTtlInSeconds: 300,
  cachingEnabled: false,
  dataTraceEnabled: false,
  metricsEnabled: false,
  requireAuthorizationForCacheControl: true,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000.0,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
}

type Kind = 'boolean' | 'integer' | 'number' | 'string'

/** `<setting>` path suffix -> MethodSetting member. */
const SETTINGS: Readonly<Record<string, { member: keyof MethodSetting; kind: Kind }>> = {
  'metrics/enabled': { member: 'metricsEnabled', kind: 'boolean' },
  'logging/loglevel': { member: 'loggingLevel', kind: 'string' },
  'logging/dataTrace': { member: 'dataTraceEnabled', kind: 'boolean' },
  'throttling/burstLimit': { member: 'throttlingBurstLimit', kind: 'integer' },
  'throttling/rateLimit': { member: 'throttlingRateLimit', kind: 'number' },
  'caching/enabled': { member: 'cachingEnabled', kind: 'boolean' },
  'caching/ttlInSeconds': { member: 'cacheTtlInSeconds', kind: 'integer' },
  'caching/dataEncrypted': { member: 'cacheDataEncrypted', kind: 'boolean' },
  'caching/requireAuthorizationForCacheControl': { member: 'requireAuthorizationForCacheControl', kind: 'boolean' },
  'caching/unauthorizedCacheControlHeaderStrategy': { member: 'unauthorizedCacheControlHeaderStrategy', kind: 'string' },
}

const WILDCARD = '*/*'

/** `/pets/{id}` (sent as `~1pets~1{id}`) -> `pets/{id}`: the key AWS stores is the resource path without its leading `/`. */
const settingKey = (resourcePath: string, verb: string): string => `${resourcePath.replace(/^\//, '')}/${verb}`

/** AWS's answer to a remove that matches nothing (recorded: test_apigateway_common > test_update_stage_remove_wildcard). */
export const cannotRemove = (path: string) => badRequest(REST_MESSAGES.cannotRemoveMethodSetting(path.replace(/^\//, '')))

/** Removes the settings of one method (`remove /~1pets/GET`) or of every method (`remove /*\/*`). */
function removeSetting(stage: Stage, key: string): void {
  if (stage.methodSettings[key] === undefined) throw cannotRemove(key)
  delete stage.methodSettings[key]
}

const keyOf = (labels: Readonly<Record<string, string>>): string => settingKey(labels.resourcePath, labels.httpMethod)

/**
 * The method-setting rows of UpdateStage's patch table: `remove /{resourcePath}/{httpMethod}`, and
 * add/replace/remove of each setting below it.
 */
export const METHOD_SETTING_PATCHES: readonly PatchRule<Stage, unknown>[] = [
  { path: '/{resourcePath}/{httpMethod}', ops: ['remove'], apply: (stage, { labels }) => removeSetting(stage, keyOf(labels)) },
  ...Object.entries(SETTINGS).map(([suffix, setting]): PatchRule<Stage, unknown> => ({
    path: `/{resourcePath}/{httpMethod}/${suffix}`,
    ops: ['add', 'replace', 'remove'],
    apply: (stage, { op, path, value, labels }) => {
      const key = keyOf(labels)
      if (op === 'remove') return removeSetting(stage, key)
      const entry = { ...(stage.methodSettings[key] ?? stage.methodSettings[WILDCARD] ?? DEFAULT_METHOD_SETTING) }
      const converted = convert(setting.kind, value, path)
      checkCacheMethodSetting(setting.member, converted, path)
      ;(entry as Record<string, unknown>)[setting.member] = converted
      stage.methodSettings = { ...stage.methodSettings, [key]: entry }
    },
  })),
]

function convert(kind: Kind, value: string | undefined, path: string): unknown {
  switch (kind) {
    case 'boolean':
      return parseBooleanValue(value)
    case 'string':
      return value ?? ''
    case 'integer':
    case 'number': {
      const number = Number(value)
      if (value === undefined || value.trim() === '' || !Number.isFinite(number) || (kind === 'integer' && !Number.isInteger(number))) {
        throw badRequest(REST_MESSAGES.invalidPatchValue(path, value))
      }
      return number
    }
  }
}
