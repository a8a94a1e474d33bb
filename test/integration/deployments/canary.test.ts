import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand, CreateRestApiCommand, CreateResourceCommand, GetStageCommand, PutIntegrationCommand,
  PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, UpdateStageCommand, type PatchOperation,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { Agent } from 'undici'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { recording } from '../../helpers/recordings.ts'
import { seededRandom } from '../../helpers/seeded-random.ts'

/**
 * Canary releases on the data plane (developer guide, "Set up an API Gateway canary release deployment";
 * [LS test_apigateway_canary > test_invoking_canary_deployment]): `percentTraffic` of the requests go to
 * the canary's deployment with its `stageVariableOverrides`, `$context.isCanaryRequest` says which;
 * promotion is UpdateStage's `copy` operations ([LS test_apigateway_canary >
 * test_update_stage_with_copy_ops]), removal is `remove /canarySettings`. Routing uses a seeded random
 * source.
 */
const INVOKING = recording('test_apigateway_canary', 'test_invoking_canary_deployment')
const TEMPLATE = (message: string) => `#set($message = "${message}")
{
  "statusCode": 200,
  "message": "$message",
  "variable": "$stageVariables.testVar",
  "nonExistingDefault": "$stageVariables.noStageVar",
  "nonOverridden": "$stageVariables.defaultVar",
  "isCanary": "$context.isCanaryRequest"
}`
const PROMOTE: PatchOperation[] = [
  { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
  { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
  { op: 'replace', path: '/canarySettings/percentTraffic', value: '0.0' },
]

interface Answer {
  readonly status: number
  readonly marker: string | null
  readonly body: Record<string, any>
}

describe('canary releases on the data plane', () => {
  let gw: TestGateway
  let restApiId: string
  let rootId: string
  const dispatcher = new Agent({ connections: 8, keepAliveTimeout: 10_000 })

  before(async () => {
    gw = await startTestGateway({
      baseDir: REPO_ROOT, random: seededRandom(7), functions: { probe: { handler: 'test/fixtures/functions/release-probe.handler' } },
    })
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'canary', endpointConfiguration: { types: ['REGIONAL'] } }))
    restApiId = api.id!
    rootId = api.rootResourceId!
    const root = { restApiId, resourceId: rootId, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...root, authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({ ...root, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await send(new PutMethodResponseCommand({ ...root, statusCode: '200', responseParameters: { 'method.response.header.x-deployment': false } }))
    const probe = await send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'probe' }))
    const where = { restApiId, resourceId: probe.id!, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({
      ...where, type: 'AWS_PROXY', integrationHttpMethod: 'POST',
      uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:probe/invocations',
    }))
  })
  after(async () => {
    await dispatcher.close()
    await gw.close()
  })

  const setAnswer = (message: string, marker: string) => gw.apigateway.send(new PutIntegrationResponseCommand({
    restApiId, resourceId: rootId, httpMethod: 'GET', statusCode: '200',
    responseTemplates: { 'application/json': TEMPLATE(message) },
    responseParameters: { 'method.response.header.x-deployment': `'${marker}'` },
  }))
  const update = (patchOperations: PatchOperation[]) => gw.apigateway.send(new UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations }))
  const stage = () => gw.apigateway.send(new GetStageCommand({ restApiId, stageName: 'dev' }))
  const call = async (path = ''): Promise<Answer> => {
    const response = await fetch(`${gw.stageUrl(restApiId, 'dev')}${path}`, { dispatcher } as RequestInit)
    return { status: response.status, marker: response.headers.get('x-deployment'), body: await response.json() as Record<string, any> }
  }
  /** `count` requests, `concurrency` at a time. */
  const callMany = async (count: number, concurrency = 8, path = ''): Promise<Answer[]> => {
    const answers: Answer[] = []
    let next = 0
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++
        answers.push(await call(path))
      }
    }))
    return answers
  }

  let baseDeploymentId: string
  let canaryDeploymentId: string

  it('without a canary: stage variables, an undefined one as "", isCanaryRequest "false" [LS test_invoking_canary_deployment > response-deployment-1]', async () => {
    await setAnswer('default deployment', 'v1')
    baseDeploymentId = (await gw.apigateway.send(new CreateDeploymentCommand({
      restApiId, stageName: 'dev', variables: { testVar: 'default', defaultVar: 'default' },
    }))).id!
    const answer = await call()
    assert.equal(answer.status, 200)
    assert.equal(answer.marker, 'v1')
    assert.deepEqual(answer.body, INVOKING['response-deployment-1'])
  })

  it('a canary deployment at 100 %: every request gets the canary, its overrides over the variables, isCanaryRequest "true" [LS ... > response-canary-deployment]', async () => {
    await setAnswer('canary deployment', 'v2')
    const recordedCanary = INVOKING['update-stage'].canarySettings
    canaryDeploymentId = (await gw.apigateway.send(new CreateDeploymentCommand({
      restApiId, stageName: 'dev', canarySettings: { percentTraffic: 100, stageVariableOverrides: recordedCanary.stageVariableOverrides },
    }))).id!
    const current = await stage()
    assert.equal(current.deploymentId, baseDeploymentId, 'a canary deployment leaves the stage where it was')
    assert.deepEqual(current.canarySettings, { ...recordedCanary, deploymentId: canaryDeploymentId })
    for (const answer of await callMany(20, 4)) {
      assert.equal(answer.marker, 'v2')
      assert.deepEqual(answer.body, INVOKING['response-canary-deployment'])
    }
  })

  it('the backend sees the canary\'s stage variables and deployment (Lambda proxy event)', async () => {
    const answer = await call('/probe')
    assert.equal(answer.status, 200)
    assert.deepEqual(answer.body.stageVariables, { testVar: 'canary', defaultVar: 'default', noStageVar: 'canary' })
    assert.equal(answer.body.deploymentId, canaryDeploymentId)
  })

  it('percentTraffic 25: over 2,000 requests the canary\'s share is within ±3 points, and each answer is wholly one side', async () => {
    await update([{ op: 'replace', path: '/canarySettings/percentTraffic', value: '25' }])
    const answers = await callMany(2000)
    let canary = 0
    for (const answer of answers) {
      assert.equal(answer.status, 200)
      if (answer.marker === 'v2') {
        canary++
        assert.deepEqual(answer.body, INVOKING['response-canary-deployment'])
      } else {
        assert.equal(answer.marker, 'v1')
        assert.deepEqual(answer.body, { ...INVOKING['response-deployment-1'], message: 'default deployment' })
      }
    }
    const share = (canary / answers.length) * 100
    assert.ok(Math.abs(share - 25) <= 3, `canary share ${share.toFixed(1)} % for percentTraffic 25`)
  })

  it('the base side of a canary stage gets the stage variables without overrides', async () => {
    const probes = await callMany(60, 4, '/probe')
    const base = probes.filter((answer) => answer.body.deploymentId === baseDeploymentId)
    assert.ok(base.length > 0 && base.length < probes.length, `${base.length} of ${probes.length} on the base deployment`)
    for (const answer of base) assert.deepEqual(answer.body.stageVariables, { testVar: 'default', defaultVar: 'default' })
  })

  it('useStageCache is recorded on the stage', async () => {
    const updated = await update([{ op: 'replace', path: '/canarySettings/useStageCache', value: 'true' }])
    assert.equal(updated.canarySettings?.useStageCache, true)
    assert.equal((await stage()).canarySettings?.useStageCache, true)
  })

  it('promotion (copy, copy, replace percentTraffic 0): the stage serves the canary\'s deployment with the overrides as its variables', async () => {
    const promoted = await update(PROMOTE)
    assert.equal(promoted.deploymentId, canaryDeploymentId)
    assert.deepEqual(promoted.variables, { testVar: 'canary', defaultVar: 'default', noStageVar: 'canary' })
    assert.equal(promoted.canarySettings?.percentTraffic, 0)
    for (const answer of await callMany(40, 4)) {
      assert.equal(answer.marker, 'v2')
      assert.deepEqual(answer.body, { ...INVOKING['response-canary-deployment'], isCanary: 'false' })
    }
  })

  it('a new canary, then remove /canarySettings: the canary is gone and every request is served by the stage', async () => {
    await setAnswer('third', 'v3')
    await gw.apigateway.send(new CreateDeploymentCommand({
      restApiId, stageName: 'dev', canarySettings: { percentTraffic: 50, stageVariableOverrides: { testVar: 'three' } },
    }))
    const mixed = await callMany(100, 4)
    assert.ok(mixed.some((answer) => answer.marker === 'v3') && mixed.some((answer) => answer.marker === 'v2'))
    const removed = await update([{ op: 'remove', path: '/canarySettings' }])
    assert.equal(removed.canarySettings, undefined)
    assert.equal(removed.deploymentId, canaryDeploymentId)
    for (const answer of await callMany(40, 4)) {
      assert.equal(answer.marker, 'v2')
      assert.equal(answer.body.isCanary, 'false')
      assert.equal(answer.body.variable, 'canary')
    }
  })
})
