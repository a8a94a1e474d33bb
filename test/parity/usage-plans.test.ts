import assert from 'node:assert/strict'
import {
  CreateApiKeyCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateStageCommand, CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand, DeleteUsagePlanCommand, GetUsagePlanCommand, GetUsagePlansCommand, PutIntegrationCommand,
  PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, UpdateApiKeyCommand, UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway'
import { beforeEach, describe, it } from 'node:test'
import { gatewayForSuite } from '../helpers/gateway.ts'
import { RecordingMatcher } from '../helpers/openapi-recording.ts'
import { recording } from '../helpers/recordings.ts'
import { assertRecordedError, assertRecordedOutput } from '../helpers/sdk-recording.ts'

/**
 * Usage plans as AWS recorded them, driven with the real SDK:
 * `[LS test_apigateway_common > TestUsagePlans::* > key]`. The recorded test's inputs for the refused
 * updates are not in the snapshot; the patches here are the ones each recorded answer describes
 * (`add /apiStages` with no value, an unknown API, an unknown stage, a value that is not `api:stage`).
 */
const recorded = (test: string) => recording('test_apigateway_common', `TestUsagePlans::${test}`)

describe('parity: usage plans (LS test_apigateway_common > TestUsagePlans)', () => {
  const { send, gateway } = gatewayForSuite()
  beforeEach(async () => {
    for (const plan of (await send(new GetUsagePlansCommand({}))).items ?? []) await send(new DeleteUsagePlanCommand({ usagePlanId: plan.id! }))
  })

  it('CRUD: create 201, get adds tags, list omits them, throttle and quota patched, apiStages validated [LS test_usage_plan_crud]', async () => {
    const rec = recorded('test_usage_plan_crud')
    const m = new RecordingMatcher()
    const api = await send(new CreateRestApiCommand({ name: 'test-api-1a2b', description: 'this is my api' }))
    const restApiId = api.id!
    await send(new PutMethodCommand({ restApiId, resourceId: api.rootResourceId!, httpMethod: 'GET', authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({ restApiId, resourceId: api.rootResourceId!, httpMethod: 'GET', type: 'MOCK' }))
    const deployment = await send(new CreateDeploymentCommand({ restApiId }))
    await send(new CreateStageCommand({ restApiId, stageName: 'dev', deploymentId: deployment.id! }))

    const created = await send(new CreateUsagePlanCommand({
      name: 'test-usage-plan-3c4d', description: 'this is my usage plan', apiStages: [{ apiId: restApiId, stage: 'dev' }],
    }))
    assertRecordedOutput(m, created, rec['create-usage-plan'], 'create-usage-plan')
    const usagePlanId = created.id!
    assert.match(usagePlanId, /^[a-z0-9]{6}$/)
    assertRecordedOutput(m, await send(new GetUsagePlanCommand({ usagePlanId })), rec['get-usage-plan'], 'get-usage-plan')
    assertRecordedOutput(m, await send(new GetUsagePlansCommand({})), rec['get-usage-plans'], 'get-usage-plans')
    assertRecordedOutput(m, await send(new UpdateUsagePlanCommand({
      usagePlanId,
      patchOperations: [
        { op: 'replace', path: '/throttle/burstLimit', value: '100' },
        { op: 'replace', path: '/throttle/rateLimit', value: '200' },
        { op: 'replace', path: '/quota/limit', value: '5000' },
        { op: 'replace', path: '/quota/period', value: 'MONTH' },
      ],
    })), rec['update-usage-plan'], 'update-usage-plan')
    const addStage = (value?: string) => send(new UpdateUsagePlanCommand({ usagePlanId, patchOperations: [{ op: 'add', path: '/apiStages', value }] }))
    await assertRecordedError(send(new UpdateUsagePlanCommand({
      usagePlanId: 'wrongid', patchOperations: [{ op: 'replace', path: '/name', value: 'x' }],
    })), rec['update-wrong-id'], 'update-wrong-id')
    await assertRecordedError(addStage(), rec['update-wrong-api-stages-no-value'], 'no-value')
    await assertRecordedError(addStage(`${restApiId}b:dev`), rec['update-wrong-api-stages-wrong-api'], 'wrong-api', m)
    await assertRecordedError(addStage(`${restApiId}:fakestagename`), rec['update-wrong-api-stages-wrong-stage'], 'wrong-stage', m)
    await assertRecordedError(addStage('wrong-value'), rec['update-wrong-api-stages-wrong-value'], 'wrong-value')
    // Refused patches leave the plan as it was.
    assertRecordedOutput(m, await send(new GetUsagePlanCommand({ usagePlanId })), rec['get-usage-plan-after-update'], 'get-usage-plan-after-update')
    assertRecordedOutput(m, await send(new GetUsagePlansCommand({})), rec['get-usage-plans-after-update'], 'get-usage-plans-after-update')
  })

  it('a method with apiKeyRequired: 403 without a key, 200 with a planned key, 403 once the key is disabled [LS test_api_key_required_for_methods]', async () => {
    const rec = recorded('test_api_key_required_for_methods')
    const m = new RecordingMatcher()
    const api = await send(new CreateRestApiCommand({ name: 'test API key', apiKeySource: 'HEADER' }))
    const restApiId = api.id!
    const resourceId = (await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'test' }))).id!
    const where = { restApiId, resourceId, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE', apiKeyRequired: true }))
    await send(new PutMethodResponseCommand({ ...where, statusCode: '200' }))
    await send(new PutIntegrationCommand({
      ...where, integrationHttpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' },
    }))
    await send(new PutIntegrationResponseCommand({ ...where, statusCode: '200', selectionPattern: '' }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }))

    const plan = await send(new CreateUsagePlanCommand({
      name: 'test-plan-5e6f', description: 'Test Usage Plan for API key',
      quota: { limit: 10, period: 'DAY', offset: 0 }, throttle: { rateLimit: 2, burstLimit: 1 },
      apiStages: [{ apiId: restApiId, stage: 'dev' }], tags: { tag_key: 'tag_value' },
    }))
    assertRecordedOutput(m, plan, rec['create-usage-plan'], 'create-usage-plan')
    const key = await send(new CreateApiKeyCommand({ name: 'testApiKey-7a8b', enabled: true }))
    assertRecordedOutput(m, key, rec['create-api-key'], 'create-api-key')
    assertRecordedOutput(m, await send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' })),
      rec['create-usage-plan-key'], 'create-usage-plan-key')

    const url = `${gateway().stageUrl(restApiId, 'dev')}/test`
    const withoutKey = await fetch(url)
    assert.equal(withoutKey.status, 403)
    // 403 as [LS test_apigateway_common > test_api_key_required_for_methods] asserts; the body and
    // x-amzn-ErrorType are AWS's usual answer (not in a recording): `{"message":"Forbidden"}`, ForbiddenException.
    assert.equal(withoutKey.headers.get('x-amzn-errortype'), 'ForbiddenException')
    assert.deepEqual(await withoutKey.json(), { message: 'Forbidden' })
    assert.equal((await fetch(url, { headers: { 'x-api-key': key.value! } })).status, 200)

    assertRecordedOutput(m, await send(new UpdateApiKeyCommand({
      apiKey: key.id!, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }],
    })), rec['update-api-key-disabled'], 'update-api-key-disabled')
    // AWS took up to two minutes to propagate; Gatehouse applies the change to the very next request.
    const disabled = await fetch(url, { headers: { 'x-api-key': key.value! } })
    assert.equal(disabled.status, 403)
    assert.deepEqual(await disabled.json(), { message: 'Forbidden' })
  })
})
