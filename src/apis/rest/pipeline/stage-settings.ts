import type { MethodSetting, Stage } from '../../../model/stage.ts'
import { cacheClusterName } from '../../../policies/cache/cache-cluster.ts'

/** The stage's `*\/*` entry: its defaults for every method without an entry of its own. */
const WILDCARD = '*/*'

/**
 * A stage's method settings as the data plane reads them (their shape recorded:
 * test_apigateway_common > test_create_update_stages): the entry
 * keyed `{resourcePath without its leading /}/{VERB}` when there is one, else the stage's `*\/*`,
 * else none (no stage throttle, no cache). Compiled when the stage is loaded, which the control
 * plane triggers on every CreateStage/UpdateStage/CreateDeployment.
 */
export interface StageSettings {
  /** The settings in force for one method, as declared (`/pets/{id}`, `GET` or `ANY`); `key` names its stage bucket. */
  forMethod(resourcePath: string, httpMethod: string): MethodSettingInForce | undefined
  /** cacheClusterEnabled, and the cluster's size in bytes (its `cacheClusterSize` in GB). */
  readonly cacheCluster: { readonly enabled: boolean; readonly bytes: number }
  /**
   * The names of the stage's cache cluster and its canary's (cache-cluster.ts), made once: every request to
   * the stage hands the cache the same string, which its map then finds without hashing a new one.
   */
  readonly cacheClusterNames: { readonly stage: string; readonly canary: string }
}

export interface MethodSettingInForce {
  /** The method's key (`pets/{id}/GET`), whichever entry applies. */
  readonly key: string
  readonly setting: MethodSetting
  /** False when the setting is the stage's `*\/*` (whose caching applies to GET methods only). */
  readonly own: boolean
}

/** `/pets/{id}` + `GET` → `pets/{id}/GET`; the root resource's key is `/GET` (UpdateStage path `/~1/GET/...`). */
export const methodSettingKey = (resourcePath: string, httpMethod: string): string =>
  `${resourcePath === '/' ? '' : resourcePath.replace(/^\//, '')}/${httpMethod}`

export function compileStageSettings(restApiId: string, stage: Stage): StageSettings {
  const settings = new Map(Object.entries(stage.methodSettings ?? {}))
  const wildcard = settings.get(WILDCARD)
  const sizeGb = Number(stage.cacheClusterSize ?? '0.5')
  const inForce = (resourcePath: string, httpMethod: string): MethodSettingInForce | undefined => {
    const key = methodSettingKey(resourcePath, httpMethod)
    const own = settings.get(key)
    if (own !== undefined) return { key, setting: own, own: true }
    return wildcard === undefined ? undefined : { key, setting: wildcard, own: false }
  }
  // Asked for the same few methods on every request (the stage's throttle, its cache): each answer is worked out
  // once. The methods asked about are the deployment's own, so this holds at most one entry per method.
  const known = new Map<string, Map<string, MethodSettingInForce | null>>()
  return {
    forMethod(resourcePath, httpMethod) {
      let ofPath = known.get(resourcePath)
      if (ofPath === undefined) known.set(resourcePath, (ofPath = new Map()))
      let answer = ofPath.get(httpMethod)
      if (answer === undefined) ofPath.set(httpMethod, (answer = inForce(resourcePath, httpMethod) ?? null))
      return answer ?? undefined
    },
    cacheCluster: {
      enabled: stage.cacheClusterEnabled === true,
      bytes: Math.round((Number.isFinite(sizeGb) ? sizeGb : 0.5) * 1024 ** 3),
    },
    cacheClusterNames: {
      stage: cacheClusterName(restApiId, stage.stageName, false),
      canary: cacheClusterName(restApiId, stage.stageName, true),
    },
  }
}
