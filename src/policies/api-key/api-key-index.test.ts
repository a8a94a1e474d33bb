import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { ApiKey } from '../../model/api-key.ts'
import type { UsagePlan } from '../../model/usage-plan.ts'
import { SqliteStore } from '../../store/sqlite/sqlite-store.ts'
import { ACCOUNT_SCOPE, usagePlanKeyScope } from '../../store/store.ts'
import { ApiKeyIndex, RECENT_DIGESTS, rememberedKeyValues } from './api-key-index.ts'

const key = (id: string, value: string, enabled = true): ApiKey =>
  ({ id, value, name: id, enabled, createdDate: 0, lastUpdatedDate: 0, stageKeys: [] })
const plan = (id: string, stages: [string, string][]): UsagePlan =>
  ({ id, name: id, apiStages: stages.map(([apiId, stage]) => ({ apiId, stage })) })

describe('ApiKeyIndex', () => {
  let store: SqliteStore
  let index: ApiKeyIndex
  before(async () => {
    store = new SqliteStore({ filename: ':memory:' })
    await store.transaction(async (tx) => {
      await tx.insert('api-key', ACCOUNT_SCOPE, 'k1', key('k1', 'value-one-0123456789'))
      await tx.insert('api-key', ACCOUNT_SCOPE, 'k2', key('k2', 'value-two-0123456789', false))
      await tx.insert('api-key', ACCOUNT_SCOPE, 'k3', key('k3', 'value-three-012345678'))
      await tx.insert('usage-plan', ACCOUNT_SCOPE, 'p1', plan('p1', [['api1', 'prod'], ['api2', 'dev']]))
      await tx.insert('usage-plan-key', usagePlanKeyScope('p1'), 'k1', { id: 'k1', type: 'API_KEY' })
      await tx.insert('usage-plan-key', usagePlanKeyScope('p1'), 'k2', { id: 'k2', type: 'API_KEY' })
    })
    index = new ApiKeyIndex(store)
  })
  after(() => store.close())

  it('finds an enabled key and the plan that covers the API stage', async () => {
    const verdict = await index.check('value-one-0123456789', 'api2', 'dev')
    assert.ok(verdict.ok)
    assert.equal(verdict.match.apiKeyId, 'k1')
    assert.equal(verdict.match.usagePlan.id, 'p1')
  })

  it('tells unknown, disabled and unplanned keys apart (for the debug log only)', async () => {
    assert.deepEqual(await index.check('value-one-012345678', 'api1', 'prod'), { ok: false, reason: 'unknown-key' })
    assert.deepEqual(await index.check('VALUE-ONE-0123456789', 'api1', 'prod'), { ok: false, reason: 'unknown-key' })
    assert.deepEqual(await index.check('value-two-0123456789', 'api1', 'prod'), { ok: false, reason: 'disabled' })
    assert.deepEqual(await index.check('value-three-012345678', 'api1', 'prod'), { ok: false, reason: 'no-usage-plan' })
    assert.deepEqual(await index.check('value-one-0123456789', 'api1', 'dev'), { ok: false, reason: 'no-usage-plan' })
  })

  it('answers the same for keys presented again, and after more distinct keys than it remembers digests of', async () => {
    for (let i = 0; i <= RECENT_DIGESTS; i++) assert.equal((await index.check(`flood-${i}-0123456789`, 'api1', 'prod')).ok, false)
    assert.equal((await index.check('value-one-0123456789', 'api1', 'prod')).ok, true)
    assert.deepEqual(await index.check('value-two-0123456789', 'api1', 'prod'), { ok: false, reason: 'disabled' })
    assert.equal((await index.check('value-one-0123456789', 'api1', 'prod')).ok, true, 'presented again')
  })

  it('never remembers a presented value longer than a key can be (a hostile header of kilobytes)', async () => {
    const before = rememberedKeyValues()
    for (let i = 0; i < 10; i++) assert.deepEqual(await index.check(`${i}`.padEnd(16 * 1024, 'k'), 'api1', 'prod'), { ok: false, reason: 'unknown-key' })
    assert.equal(rememberedKeyValues(), before)
    await index.check(`short-${before}-0123456789`, 'api1', 'prod')
    assert.equal(rememberedKeyValues(), before + 1, 'a value of a key\'s length is remembered')
  })

  it('answers from memory until invalidated, then reads the store again', async () => {
    await store.transaction((tx) => tx.insert('usage-plan-key', usagePlanKeyScope('p1'), 'k3', { id: 'k3', type: 'API_KEY' }))
    assert.equal((await index.check('value-three-012345678', 'api1', 'prod')).ok, false, 'the index is a snapshot')
    index.invalidate()
    assert.equal((await index.check('value-three-012345678', 'api1', 'prod')).ok, true)
  })
})
