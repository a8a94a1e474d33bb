import assert from 'node:assert/strict'
import {
  CreateApiKeyCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, GetAccountCommand, GetStageCommand,
  UpdateAccountCommand, UpdateMethodCommand, UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/core/clock.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { buildRestApi } from '../../helpers/rest-api-builder.ts'

/**
 * Throttling beyond usage plans (developer guide, api-gateway-request-throttling): the stage's method
 * settings (`res/VERB`, else `*\/*`) and the account's bucket, on an injected clock. An empty bucket is
 * 429 `{"message":"Too Many Requests"}` (THROTTLED, developer guide, supported-gateway-response-types).
 */
const mock = {
  integration: { type: 'MOCK' as const, requestTemplates: { 'application/json': '{"statusCode": 200}' } },
  responses: [{ statusCode: '200', selectionPattern: '' }],
}

describe('stage and account throttling', () => {
  let gw: TestGateway
  let clock: ManualClock
  let send: TestGateway['apigateway']['send']
  let restApiId: string
  let stageCount = 0

  before(async () => {
    clock = new ManualClock()
    gw = await startTestGateway({ clock })
    send = gw.apigateway.send.bind(gw.apigateway)
    restApiId = await buildRestApi(gw, {
      name: 'throttled',
      stage: 'base',
      methods: [{ path: '', httpMethod: 'GET', ...mock }, { path: 'pets', httpMethod: 'GET', ...mock }, { path: 'pets', httpMethod: 'POST', ...mock }],
    })
  })
  after(() => gw.close())

  /** A fresh stage of the API with these method-setting patches, so each test has its own buckets. */
  async function stageWith(patches: { path: string, value: string }[]): Promise<string> {
    const stageName = `s${++stageCount}`
    const { CreateStageCommand, GetStagesCommand } = await import('@aws-sdk/client-api-gateway')
    const { item } = await send(new GetStagesCommand({ restApiId }))
    await send(new CreateStageCommand({ restApiId, stageName, deploymentId: item![0].deploymentId! }))
    if (patches.length > 0) {
      await send(new UpdateStageCommand({ restApiId, stageName, patchOperations: patches.map((patch) => ({ op: 'replace', ...patch })) }))
    }
    return stageName
  }
  const call = (stage: string, path = '/pets', method = 'GET', headers: Record<string, string> = {}) =>
    fetch(gw.stageUrl(restApiId, stage) + path, { method, headers })
  async function statuses(count: number, stage: string, path?: string, method?: string): Promise<number[]> {
    const seen = []
    for (let i = 0; i < count; i++) seen.push((await call(stage, path, method)).status)
    return seen
  }

  it('GetAccount answers AWS\'s default account throttle, 10,000 rps with a 5,000 burst (API reference, GetAccount)', async () => {
    const account = await send(new GetAccountCommand({}))
    assert.deepEqual(account.throttleSettings, { burstLimit: 5000, rateLimit: 10000 })
    assert.deepEqual(account.features, ['UsagePlans'])
    assert.equal(account.apiKeyVersion, '4')
  })

  it('a stage\'s */* throttle at 50 rps with burst 10, offered 100 rps for 10 s of clock time, lets 510 through within ±5%', async () => {
    const stage = await stageWith([{ path: '/*/*/throttling/rateLimit', value: '50' }, { path: '/*/*/throttling/burstLimit', value: '10' }])
    let allowed = 0
    let throttledBody: unknown
    for (let i = 0; i < 1000; i++) {
      const response = await call(stage)
      if (response.status === 200) {
        allowed++
        await response.arrayBuffer()
      } else {
        assert.equal(response.status, 429)
        assert.equal(response.headers.get('x-amzn-errortype'), 'TooManyRequestsException')
        throttledBody = await response.json()
      }
      clock.advance(10)
    }
    const expected = 10 + 50 * 10
    assert.ok(Math.abs(allowed - expected) <= expected * 0.05, `allowed ${allowed}, expected about ${expected}`)
    assert.deepEqual(throttledBody, { message: 'Too Many Requests' })
  })

  it('a method\'s own entry (`/~1pets/GET/throttling/...`) wins over */*; each method has its own stage bucket', async () => {
    const stage = await stageWith([
      { path: '/*/*/throttling/rateLimit', value: '1' }, { path: '/*/*/throttling/burstLimit', value: '2' },
      { path: '/~1pets/GET/throttling/rateLimit', value: '1' }, { path: '/~1pets/GET/throttling/burstLimit', value: '4' },
    ])
    const settings = (await send(new GetStageCommand({ restApiId, stageName: stage }))).methodSettings!
    assert.equal(settings['pets/GET'].throttlingBurstLimit, 4)
    assert.equal(settings['*/*'].throttlingBurstLimit, 2)
    assert.deepEqual(await statuses(5, stage), [200, 200, 200, 200, 429])
    assert.deepEqual(await statuses(3, stage, '/pets', 'POST'), [200, 200, 429], 'POST /pets: */* at burst 2, its own bucket')
    assert.deepEqual(await statuses(3, stage, '/'), [200, 200, 429], 'the root GET: */*, its own bucket')
    clock.advance(1000)
    assert.deepEqual(await statuses(2, stage), [200, 429], 'one token back after a second at 1 rps')
  })

  it('a stage without method settings is not throttled by the stage; UpdateStage applies without a redeploy', async () => {
    const stage = await stageWith([])
    assert.deepEqual(await statuses(20, stage), Array(20).fill(200))
    await send(new UpdateStageCommand({
      restApiId, stageName: stage,
      patchOperations: [{ op: 'replace', path: '/*/*/throttling/burstLimit', value: '1' }, { op: 'replace', path: '/*/*/throttling/rateLimit', value: '0.5' }],
    }))
    assert.deepEqual(await statuses(2, stage), [200, 429])
    clock.advance(2000)
    assert.deepEqual(await statuses(2, stage), [200, 429], 'rateLimit is a double: 0.5 rps')
  })

  it('a usage plan\'s per-key bucket applies before the stage\'s, which every caller shares', async () => {
    const stage = await stageWith([{ path: '/*/*/throttling/rateLimit', value: '1' }, { path: '/*/*/throttling/burstLimit', value: '3' }])
    const [root] = (await send(new (await import('@aws-sdk/client-api-gateway')).GetResourcesCommand({ restApiId }))).items!.filter((r) => r.path === '/pets')
    await send(new UpdateMethodCommand({ restApiId, resourceId: root.id!, httpMethod: 'POST', patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: 'true' }] }))
    const { CreateDeploymentCommand } = await import('@aws-sdk/client-api-gateway')
    await send(new CreateDeploymentCommand({ restApiId, stageName: stage }))
    const plan = await send(new CreateUsagePlanCommand({ name: 'one', apiStages: [{ apiId: restApiId, stage }], throttle: { rateLimit: 1, burstLimit: 2 } }))
    const key = await send(new CreateApiKeyCommand({ name: 'one', enabled: true }))
    const other = await send(new CreateApiKeyCommand({ name: 'other', enabled: true }))
    await send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }))
    await send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: other.id!, keyType: 'API_KEY' }))
    const keyed = async (value: string) => (await call(stage, '/pets', 'POST', { 'x-api-key': value })).status
    assert.deepEqual([await keyed(key.value!), await keyed(key.value!), await keyed(key.value!)], [200, 200, 429], 'the plan\'s burst of 2 per key')
    // The plan refused the third call before the stage bucket was asked: two of its three tokens are spent,
    // so the other key's own burst of 2 meets the shared stage bucket's last token.
    assert.deepEqual([await keyed(other.value!), await keyed(other.value!)], [200, 429], 'the stage bucket is shared by every key')
    // A caller without a key is refused for the key, whatever the buckets hold.
    assert.equal((await call(stage, '/pets', 'POST')).status, 403)
    clock.advance(1000)
    assert.equal(await keyed(other.value!), 200, 'a stage token back after a second')
  })

  it('UpdateAccount `/throttle/*` sets the account bucket, shared by every stage; bad values are refused', async () => {
    const stageA = await stageWith([])
    const stageB = await stageWith([])
    const updated = await send(new UpdateAccountCommand({
      patchOperations: [{ op: 'replace', path: '/throttle/burstLimit', value: '3' }, { op: 'replace', path: '/throttle/rateLimit', value: '1' }],
    }))
    assert.deepEqual(updated.throttleSettings, { burstLimit: 3, rateLimit: 1 })
    assert.deepEqual((await send(new GetAccountCommand({}))).throttleSettings, { burstLimit: 3, rateLimit: 1 })
    try {
      assert.deepEqual([...await statuses(2, stageA), ...await statuses(2, stageB)], [200, 200, 200, 429])
      await assert.rejects(
        send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/throttle/burstLimit', value: 'many' }] })),
        (error: Error) => error.name === 'BadRequestException' && /Invalid value specified for \/throttle\/burstLimit: many/.test(error.message),
      )
      await assert.rejects(
        send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/nope', value: '1' }] })),
        (error: Error) => error.name === 'BadRequestException',
      )
      assert.deepEqual((await send(new GetAccountCommand({}))).throttleSettings, { burstLimit: 3, rateLimit: 1 }, 'a refused patch changes nothing')
    } finally {
      await send(new UpdateAccountCommand({
        patchOperations: [{ op: 'replace', path: '/throttle/burstLimit', value: '5000' }, { op: 'replace', path: '/throttle/rateLimit', value: '10000' }],
      }))
      clock.advance(10_000)
    }
    assert.equal((await call(stageA)).status, 200)
  })
})
