import {
  CreateDeploymentCommand, CreateRestApiCommand, CreateStageCommand, GetStageCommand, PutIntegrationCommand, PutMethodCommand,
  UpdateStageCommand, type CanarySettings, type PatchOperation,
} from '@aws-sdk/client-api-gateway'
import { describe, it } from 'node:test'
import { gatewayForSuite } from '../helpers/gateway.ts'
import { RecordingMatcher } from '../helpers/openapi-recording.ts'
import { recording } from '../helpers/recordings.ts'
import { assertRecordedError, assertRecordedOutput } from '../helpers/sdk-recording.ts'

/**
 * Canary settings on the control plane (developer guide, "Promote a canary release"), replayed
 * against [LS test_apigateway_canary > TestStageCrudCanary]. LocalStack's Python test source is not
 * among the recordings: each call below is the one the recorded answer implies.
 */
const FILE = 'test_apigateway_canary'
const PROMOTE: PatchOperation[] = [
  { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
  { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
  { op: 'replace', path: '/canarySettings/percentTraffic', value: '0.0' },
]

describe('parity: canary settings CRUD (LS test_apigateway_canary > TestStageCrudCanary)', () => {
  const { send, gateway } = gatewayForSuite()

  /** An API with one MOCK method: deployable, nothing else. */
  const newApi = async (): Promise<string> => {
    const api = await send(new CreateRestApiCommand({ name: 'canary' }))
    const where = { restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({ ...where, type: 'MOCK' }))
    return api.id!
  }
  const update = (restApiId: string, stageName: string, patchOperations: PatchOperation[]) =>
    send(new UpdateStageCommand({ restApiId, stageName, patchOperations }))
  const canaryDeployment = (restApiId: string, stageName: string | undefined, canarySettings: CanarySettings) =>
    send(new CreateDeploymentCommand({ restApiId, stageName, canarySettings }))

  it('test_create_update_stages: CreateStage with canarySettings, override update, remove /canarySettings', async () => {
    const rec = recording(FILE, 'TestStageCrudCanary::test_create_update_stages')
    const m = new RecordingMatcher()
    const restApiId = await newApi()
    const d1 = await send(new CreateDeploymentCommand({ restApiId }))
    assertRecordedOutput(m, d1, rec['create-deployment-1'], 'create-deployment-1')
    const d2 = await send(new CreateDeploymentCommand({ restApiId }))
    assertRecordedOutput(m, d2, rec['create-deployment-2'], 'create-deployment-2')
    assertRecordedOutput(m, await send(new CreateStageCommand({
      restApiId, stageName: 'dev', deploymentId: d1.id, description: 'dev stage', variables: { testVar: 'default' },
      canarySettings: { deploymentId: d2.id, percentTraffic: 50, stageVariableOverrides: { testVar: 'canary' } },
    })), rec['create-stage'], 'create-stage')
    assertRecordedOutput(m, await send(new GetStageCommand({ restApiId, stageName: 'dev' })), rec['get-stage'], 'get-stage')
    assertRecordedOutput(m, await update(restApiId, 'dev', [{ op: 'replace', path: '/canarySettings/stageVariableOverrides/testVar', value: 'updated' }]),
      rec['update-stage-canary-settings-overrides'], 'update-stage-canary-settings-overrides')
    assertRecordedOutput(m, await update(restApiId, 'dev', [{ op: 'remove', path: '/canarySettings' }]),
      rec['update-stage-remove-canary-settings'], 'update-stage-remove-canary-settings')
    assertRecordedOutput(m, await send(new GetStageCommand({ restApiId, stageName: 'dev' })), rec['get-stage-after-remove'], 'get-stage-after-remove')
  })

  it('test_create_canary_deployment_with_stage: CreateDeployment with canarySettings moves only the canary', async () => {
    const rec = recording(FILE, 'TestStageCrudCanary::test_create_canary_deployment_with_stage')
    const m = new RecordingMatcher()
    const restApiId = await newApi()
    const d1 = await send(new CreateDeploymentCommand({ restApiId }))
    assertRecordedOutput(m, d1, rec['create-deployment'], 'create-deployment')
    assertRecordedOutput(m, await send(new CreateStageCommand({
      restApiId, stageName: 'dev', deploymentId: d1.id, description: 'dev stage', variables: { testVar: 'default' },
    })), rec['create-stage'], 'create-stage')
    assertRecordedOutput(m, await canaryDeployment(restApiId, 'dev', { percentTraffic: 50, stageVariableOverrides: { testVar: 'canary' } }),
      rec['create-canary-deployment'], 'create-canary-deployment')
    assertRecordedOutput(m, await send(new GetStageCommand({ restApiId, stageName: 'dev' })), rec['get-stage'], 'get-stage')
  })

  it('test_create_canary_deployment: a canary deployment replaces the canary; a canary on an unknown deployment is refused', async () => {
    const rec = recording(FILE, 'TestStageCrudCanary::test_create_canary_deployment')
    const m = new RecordingMatcher()
    const restApiId = await newApi()
    const d1 = await send(new CreateDeploymentCommand({ restApiId }))
    assertRecordedOutput(m, d1, rec['create-deployment'], 'create-deployment')
    assertRecordedOutput(m, await send(new CreateStageCommand({
      restApiId, stageName: 'dev1', deploymentId: d1.id, description: 'dev stage', variables: { testVar: 'default' },
      canarySettings: { deploymentId: d1.id, percentTraffic: 40, stageVariableOverrides: { testVar: 'canary1' } },
    })), rec['create-stage'], 'create-stage')
    const d2 = await canaryDeployment(restApiId, 'dev1', { percentTraffic: 50, stageVariableOverrides: { testVar: 'canary2' } })
    assertRecordedOutput(m, d2, rec['create-canary-deployment'], 'create-canary-deployment')
    assertRecordedOutput(m, await send(new GetStageCommand({ restApiId, stageName: 'dev1' })), rec['get-stage-1'], 'get-stage-1')
    assertRecordedOutput(m, await send(new CreateStageCommand({
      restApiId, stageName: 'dev2', deploymentId: d1.id, description: 'dev stage', variables: { testVar: 'default' },
      canarySettings: { deploymentId: d2.id, percentTraffic: 60, stageVariableOverrides: { testVar: 'canary-overridden' } },
    })), rec['create-stage-2'], 'create-stage-2')
    await assertRecordedError(send(new CreateStageCommand({
      restApiId, stageName: 'dev3', deploymentId: d1.id, canarySettings: { deploymentId: 'deploy', percentTraffic: 60 },
    })), rec['bad-canary-deployment-id'], 'bad-canary-deployment-id')
  })

  it('test_create_canary_deployment_by_stage_update: a canary made by UpdateStage, removed, made again by percentTraffic alone', async () => {
    const rec = recording(FILE, 'TestStageCrudCanary::test_create_canary_deployment_by_stage_update')
    const m = new RecordingMatcher()
    const restApiId = await newApi()
    const d1 = await send(new CreateDeploymentCommand({ restApiId }))
    assertRecordedOutput(m, d1, rec['create-deployment'], 'create-deployment')
    const d2 = await send(new CreateDeploymentCommand({ restApiId }))
    assertRecordedOutput(m, d2, rec['create-deployment-2'], 'create-deployment-2')
    assertRecordedOutput(m, await send(new CreateStageCommand({
      restApiId, stageName: 'dev', deploymentId: d1.id, description: 'dev stage', variables: { testVar: 'default' },
    })), rec['create-stage'], 'create-stage')
    assertRecordedOutput(m, await update(restApiId, 'dev', [{ op: 'replace', path: '/canarySettings/deploymentId', value: d2.id }]),
      rec['update-stage-with-deployment'], 'update-stage-with-deployment')
    assertRecordedOutput(m, await update(restApiId, 'dev', [{ op: 'remove', path: '/canarySettings' }]), rec['remove-stage-canary'], 'remove-stage-canary')
    assertRecordedOutput(m, await update(restApiId, 'dev', [{ op: 'replace', path: '/canarySettings/percentTraffic', value: '50' }]),
      rec['update-stage-with-percent'], 'update-stage-with-percent')
    assertRecordedOutput(m, await send(new GetStageCommand({ restApiId, stageName: 'dev' })), rec['get-stage'], 'get-stage')
  })

  it('test_create_canary_deployment_validation: canary deployments need an existing, named stage', async () => {
    const rec = recording(FILE, 'TestStageCrudCanary::test_create_canary_deployment_validation')
    const restApiId = await newApi()
    const canary = { percentTraffic: 50 }
    await assertRecordedError(canaryDeployment(restApiId, undefined, canary), rec['create-canary-deployment-no-stage'], 'no-stage')
    await assertRecordedError(canaryDeployment(restApiId, '', canary), rec['create-canary-deployment-empty-stage'], 'empty-stage')
    await assertRecordedError(canaryDeployment(restApiId, 'non-existing', canary), rec['create-canary-deployment-non-existing-stage'], 'non-existing-stage')
  })

  it('test_update_stage_canary_deployment_validation: bad canary paths and operations', async () => {
    const rec = recording(FILE, 'TestStageCrudCanary::test_update_stage_canary_deployment_validation')
    const m = new RecordingMatcher()
    const restApiId = await newApi()
    const d1 = await send(new CreateDeploymentCommand({ restApiId }))
    await send(new CreateStageCommand({ restApiId, stageName: 'dev', deploymentId: d1.id }))
    assertRecordedOutput(m, await send(new GetStageCommand({ restApiId, stageName: 'dev' })), rec['get-stage'], 'get-stage')
    const cases: [string, PatchOperation][] = [
      ['update-stage-canary-settings-remove-overrides', { op: 'remove', path: '/canarySettings/stageVariableOverrides' }],
      ['update-stage-canary-settings-bad-path', { op: 'remove', path: '/canarySettings/badPath' }],
      ['update-stage-canary-settings-bad-path-2', { op: 'replace', path: '/canarySettings', value: 'test' }],
      ['update-stage-canary-settings-replace-bad-path', { op: 'replace', path: '/canarySettings/badPath', value: 'badPath' }],
      ['update-stage-add-deployment', { op: 'add', path: '/canarySettings/deploymentId', value: d1.id }],
      ['update-stage-no-deployment', { op: 'replace', path: '/canarySettings/deploymentId', value: 'deploy' }],
    ]
    for (const [key, operation] of cases) await assertRecordedError(update(restApiId, 'dev', [operation]), rec[key], key)
  })

  it('test_update_stage_with_copy_ops: promotion with copy operations (developer guide, "Promote a canary release")', async () => {
    const rec = recording(FILE, 'TestStageCrudCanary::test_update_stage_with_copy_ops')
    const m = new RecordingMatcher()
    const restApiId = await newApi()
    const d1 = await send(new CreateDeploymentCommand({ restApiId }))
    assertRecordedOutput(m, d1, rec['deployment-1'], 'deployment-1')
    await send(new CreateStageCommand({ restApiId, stageName: 'dev', deploymentId: d1.id, variables: { testVar: 'test', testVar2: 'test2' } }))
    await assertRecordedError(update(restApiId, 'dev', [{ op: 'copy', path: '/canarySettings/stageVariableOverrides', from: '/variables' }]),
      rec['copy-with-bad-statement'], 'copy-with-bad-statement')
    await assertRecordedError(update(restApiId, 'dev', PROMOTE.slice(0, 2)), rec['copy-with-no-replace'], 'copy-with-no-replace')
    assertRecordedOutput(m, await update(restApiId, 'dev', PROMOTE), rec['update-stage-with-copy'], 'update-stage-with-copy')
    assertRecordedOutput(m, await canaryDeployment(restApiId, 'dev', { percentTraffic: 50, stageVariableOverrides: { testVar: 'override' } }),
      rec['deployment-canary'], 'deployment-canary')
    assertRecordedOutput(m, await send(new GetStageCommand({ restApiId, stageName: 'dev' })), rec['get-stage'], 'get-stage')
    assertRecordedOutput(m, await update(restApiId, 'dev', PROMOTE), rec['update-stage-with-copy-2'], 'update-stage-with-copy-2')
  })
})
