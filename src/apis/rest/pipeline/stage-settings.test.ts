import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_METHOD_SETTING } from '../control-plane/stage-method-settings.ts'
import type { Stage } from '../../../model/stage.ts'
import { compileStageSettings, methodSettingKey } from './stage-settings.ts'
import { cacheClusterName } from '../../../policies/cache/cache-cluster.ts'

/** The keys UpdateStage writes (recorded: test_apigateway_common > test_create_update_stages: `/~1pets/GET/...` → `pets/GET`, the root's `/~1/GET/...` → `/GET`). */
describe('compileStageSettings', () => {
  const stage = (methodSettings: Stage['methodSettings'], cluster: Partial<Stage> = {}): Stage =>
    ({ stageName: 's', deploymentId: 'd', createdDate: 0, lastUpdatedDate: 0, cacheClusterEnabled: false, cacheClusterStatus: 'NOT_AVAILABLE', methodSettings, tracingEnabled: false, ...cluster })

  it('keys a method as UpdateStage does', () => {
    assert.equal(methodSettingKey('/', 'GET'), '/GET')
    assert.equal(methodSettingKey('/pets/{id}', 'GET'), 'pets/{id}/GET')
  })

  it('a method\'s own entry first, else */*, else none', () => {
    const own = { ...DEFAULT_METHOD_SETTING, throttlingBurstLimit: 1 }
    const root = { ...DEFAULT_METHOD_SETTING, throttlingBurstLimit: 2 }
    const wildcard = { ...DEFAULT_METHOD_SETTING, throttlingBurstLimit: 3 }
    const settings = compileStageSettings('api', stage({ 'pets/{id}/GET': own, '/GET': root, '*/*': wildcard }))
    assert.deepEqual(settings.forMethod('/pets/{id}', 'GET'), { key: 'pets/{id}/GET', setting: own, own: true })
    assert.deepEqual(settings.forMethod('/', 'GET'), { key: '/GET', setting: root, own: true })
    assert.deepEqual(settings.forMethod('/pets/{id}', 'DELETE'), { key: 'pets/{id}/DELETE', setting: wildcard, own: false })
    assert.equal(compileStageSettings('api', stage({ 'pets/GET': own })).forMethod('/pets', 'POST'), undefined)
  })

  it('the cache cluster: its size in GB as bytes, 0.5 GB unless set', () => {
    assert.deepEqual(compileStageSettings('api', stage({}, { cacheClusterEnabled: true, cacheClusterSize: '6.1' })).cacheCluster, { enabled: true, bytes: Math.round(6.1 * 1024 ** 3) })
    assert.deepEqual(compileStageSettings('api', stage({})).cacheCluster, { enabled: false, bytes: 0.5 * 1024 ** 3 })
  })

  it('names the stage\'s cache clusters as FlushStageCache empties them', () => {
    const names = compileStageSettings('api', stage({})).cacheClusterNames
    assert.deepEqual(names, { stage: cacheClusterName('api', 's', false), canary: cacheClusterName('api', 's', true) })
    assert.notEqual(names.stage, names.canary)
  })
})
