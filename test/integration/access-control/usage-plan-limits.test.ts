import assert from 'node:assert/strict'
import {
  CreateApiKeyCommand, CreateDeploymentCommand, CreateRestApiCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand,
  GetUsageCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
  UpdateUsageCommand, UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/core/clock.ts'
import { callManagementApi } from '../../helpers/control-plane.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * Usage plans that meter (memory state): the plan's throttle per key
 * (429 `{"message":"Too Many Requests"}`, TooManyRequestsException) and quota per key
 * (429 `{"message":"Limit Exceeded"}`, LimitExceededException) — THROTTLED and QUOTA_EXCEEDED in the
 * developer guide, supported-gateway-response-types — on an injected clock,
 * and GetUsage/UpdateUsage reading and resetting the same counters.
 */
describe('usage plan throttle and quota on the data plane', () => {
  let gw: TestGateway
  let clock: ManualClock
  let send: TestGateway['apigateway']['send']
  let restApiId: string
  before(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 7, 10)) // a Wednesday
    gw = await startTestGateway({ clock })
    send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'metered' }))
    restApiId = api.id!
    const where = { restApiId, resourceId: api.rootResourceId!, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE', apiKeyRequired: true }))
    await send(new PutMethodResponseCommand({ ...where, statusCode: '200' }))
    await send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await send(new PutIntegrationResponseCommand({ ...where, statusCode: '200', selectionPattern: '' }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
  })
  after(() => gw.close())

  async function planWithKey(settings: { throttle?: { rateLimit: number, burstLimit: number }, quota?: { limit: number, period: 'DAY' | 'WEEK' | 'MONTH' } }) {
    const plan = await send(new CreateUsagePlanCommand({ name: 'metered', apiStages: [{ apiId: restApiId, stage: 'prod' }], ...settings }))
    const key = await send(new CreateApiKeyCommand({ name: 'metered', enabled: true }))
    await send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }))
    const call = () => fetch(gw.stageUrl(restApiId, 'prod') + '/', { headers: { 'x-api-key': key.value! } })
    const statuses = async (count: number) => {
      const seen = []
      for (let i = 0; i < count; i++) seen.push((await call()).status)
      return seen
    }
    return { plan, key, call, statuses }
  }

  it('throttles a key past its burst with 429 Too Many Requests, and lets it through again as the bucket refills', async () => {
    const { statuses, call, plan } = await planWithKey({ throttle: { rateLimit: 2, burstLimit: 3 } })
    assert.deepEqual(await statuses(3), [200, 200, 200])
    const throttled = await call()
    assert.equal(throttled.status, 429)
    assert.equal(throttled.headers.get('x-amzn-errortype'), 'TooManyRequestsException')
    assert.deepEqual(await throttled.json(), { message: 'Too Many Requests' })
    clock.advance(500)
    assert.deepEqual(await statuses(2), [200, 429])
    // A new limit applies to the next request, without a redeploy.
    await send(new UpdateUsagePlanCommand({ usagePlanId: plan.id!, patchOperations: [{ op: 'remove', path: '/throttle' }] }))
    assert.deepEqual(await statuses(5), [200, 200, 200, 200, 200])
  })

  it('stops a key at its quota with 429 Limit Exceeded until the next period; GetUsage and UpdateUsage see the same counts', async () => {
    const { statuses, call, plan, key } = await planWithKey({ quota: { limit: 3, period: 'DAY' } })
    assert.deepEqual(await statuses(3), [200, 200, 200])
    const exceeded = await call()
    assert.equal(exceeded.status, 429)
    assert.equal(exceeded.headers.get('x-amzn-errortype'), 'LimitExceededException')
    assert.deepEqual(await exceeded.json(), { message: 'Limit Exceeded' })

    const usage = await send(new GetUsageCommand({ usagePlanId: plan.id!, startDate: '2026-01-06', endDate: '2026-01-07' }))
    assert.equal(usage.usagePlanId, plan.id)
    assert.deepEqual(usage.items, { [key.id!]: [[0, 3], [3, 0]] })

    const updated = await send(new UpdateUsageCommand({ usagePlanId: plan.id!, keyId: key.id!, patchOperations: [{ op: 'replace', path: '/remaining', value: '2' }] }))
    assert.deepEqual(updated.items, { [key.id!]: [[3, 2]] })
    assert.deepEqual(await statuses(3), [200, 200, 429])

    clock.set(Date.UTC(2026, 0, 8, 0, 0, 1))
    assert.deepEqual(await statuses(1), [200], 'a new UTC day, a new quota')
    const later = await send(new GetUsageCommand({ usagePlanId: plan.id!, startDate: '2026-01-07', endDate: '2026-01-08', keyId: key.id! }))
    assert.deepEqual(later.items, { [key.id!]: [[5, 0], [1, 2]] })
  })

  it('GetUsage and UpdateUsage refuse bad input with AWS-shaped errors', async () => {
    const { plan, key } = await planWithKey({ quota: { limit: 3, period: 'MONTH' } })
    const noDates = await callManagementApi(gw, 'GET', `/usageplans/${plan.id}/usage`)
    assert.equal(noDates.errorType, 'ValidationException')
    const badDate = await callManagementApi(gw, 'GET', `/usageplans/${plan.id}/usage?startDate=2026-02-30&endDate=2026-03-01`)
    assert.deepEqual([badDate.status, badDate.errorType], [400, 'BadRequestException'])
    const unknownPlan = await callManagementApi(gw, 'GET', '/usageplans/nosuch/usage?startDate=2026-01-01&endDate=2026-01-01')
    assert.deepEqual([unknownPlan.status, unknownPlan.body.message], [404, 'Invalid Usage Plan ID specified'])
    const badPath = await callManagementApi(gw, 'PATCH', `/usageplans/${plan.id}/keys/${key.id}/usage`, { patchOperations: [{ op: 'replace', path: '/used', value: '1' }] })
    assert.deepEqual([badPath.status, badPath.body.message], [400, 'Invalid patch path /used'])
    const negative = await callManagementApi(gw, 'PATCH', `/usageplans/${plan.id}/keys/${key.id}/usage`, { patchOperations: [{ op: 'replace', path: '/remaining', value: '-1' }] })
    assert.equal(negative.status, 400)
    const notInPlan = await callManagementApi(gw, 'PATCH', `/usageplans/${plan.id}/keys/nosuchkey/usage`, { patchOperations: [{ op: 'replace', path: '/remaining', value: '1' }] })
    assert.equal(notInPlan.status, 404)
  })
})
