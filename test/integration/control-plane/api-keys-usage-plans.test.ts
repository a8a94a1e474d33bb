import assert from 'node:assert/strict'
import {
  CreateApiKeyCommand, CreateDeploymentCommand, CreateRestApiCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand,
  DeleteUsagePlanCommand, DeleteUsagePlanKeyCommand, GetApiKeyCommand, GetApiKeysCommand, GetUsagePlanCommand, GetUsagePlanKeyCommand,
  GetUsagePlanKeysCommand, GetUsagePlansCommand, ImportApiKeysCommand, PutIntegrationCommand, PutMethodCommand, UpdateApiKeyCommand,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { callManagementApi } from '../../helpers/control-plane.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * The parts of ApiKey, UsagePlan and UsagePlanKey that the LocalStack recordings do not cover, with
 * the real SDK: values shown only when asked, customerId filter, stage keys, ImportApiKeys CSV,
 * per-method throttles in apiStages, keyId filter, one plan per key and stage, and bad input that
 * leaves nothing half-written. Texts no recording holds follow the developer guide.
 */
describe('API keys and usage plans: management API', () => {
  let gw: TestGateway
  let send: TestGateway['apigateway']['send']
  let restApiId: string
  before(async () => {
    gw = await startTestGateway()
    send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'planned' }))
    restApiId = api.id!
    await send(new PutMethodCommand({ restApiId, resourceId: api.rootResourceId!, httpMethod: 'GET', authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({ restApiId, resourceId: api.rootResourceId!, httpMethod: 'GET', type: 'MOCK' }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }))
  })
  after(() => gw.close())

  it('shows a value only when asked; filters by customerId; keeps stage keys and tags', async () => {
    const created = await send(new CreateApiKeyCommand({
      name: 'customer-key', customerId: 'cust-42', description: 'for cust-42', enabled: true,
      stageKeys: [{ restApiId, stageName: 'prod' }], tags: { team: 'a' },
    }))
    assert.equal(created.value!.length, 40)
    assert.deepEqual(created.stageKeys, [`${restApiId}/prod`])
    assert.deepEqual(created.tags, { team: 'a' })
    const plain = await send(new GetApiKeyCommand({ apiKey: created.id! }))
    assert.equal(plain.value, undefined)
    assert.equal(plain.customerId, 'cust-42')
    assert.equal((await send(new GetApiKeyCommand({ apiKey: created.id!, includeValue: true }))).value, created.value)
    const byCustomer = await send(new GetApiKeysCommand({ customerId: 'cust-42', includeValues: true }))
    assert.deepEqual(byCustomer.items!.map((key) => [key.id, key.value]), [[created.id, created.value]])
    assert.deepEqual((await send(new GetApiKeysCommand({ customerId: 'nobody' }))).items, [])
    const updated = await send(new UpdateApiKeyCommand({ apiKey: created.id!, patchOperations: [
      { op: 'replace', path: '/customerId', value: 'cust-43' },
      { op: 'remove', path: '/stages', value: `${restApiId}/prod` },
      { op: 'add', path: '/stages', value: `${restApiId}/dev` },
    ] }))
    assert.equal(updated.customerId, 'cust-43')
    assert.deepEqual(updated.stageKeys, [`${restApiId}/dev`])
  })

  it('refuses a duplicate value (409) and an unknown key (404)', async () => {
    const value = 'duplicate-value-0123456789'
    await send(new CreateApiKeyCommand({ value }))
    const duplicate = await callManagementApi(gw, 'POST', '/apikeys', { value })
    assert.deepEqual([duplicate.status, duplicate.errorType, duplicate.body], [409, 'ConflictException', { message: 'API Key already exists' }])
    const unknown = await callManagementApi(gw, 'GET', '/apikeys/nosuchkey')
    assert.deepEqual([unknown.status, unknown.errorType, unknown.body], [404, 'NotFoundException', { message: 'Invalid API Key identifier specified' }])
    const wrongType = await callManagementApi(gw, 'POST', '/apikeys', { enabled: 'yes' })
    assert.equal(wrongType.errorType, 'SerializationException')
  })

  it('ImportApiKeys: CSV with any header case and order, quoted plan lists, overwrite by value, failonwarnings (developer guide, API key file format)', async () => {
    const plan = await send(new CreateUsagePlanCommand({ name: 'import-plan', apiStages: [{ apiId: restApiId, stage: 'prod' }] }))
    const other = await send(new CreateUsagePlanCommand({ name: 'import-plan-2' }))
    const csv = [
      'Key,name,Description,Enabled,usageplanIds,Ignored',
      `importedkey1234567890abcd,First,An imported key,TRUE,${plan.id}`,
      `importedkey2234567890abcd,Second,,false,"${plan.id},${other.id}",x`,
      'importedkey3234567890abcd,Third,,,,',
    ].join('\r\n')
    const imported = await send(new ImportApiKeysCommand({ body: Buffer.from(csv), format: 'csv', failOnWarnings: true }))
    assert.equal(imported.ids!.length, 3)
    assert.equal(imported.warnings, undefined)
    const keys = await Promise.all(imported.ids!.map((apiKey) => send(new GetApiKeyCommand({ apiKey, includeValue: true }))))
    assert.deepEqual(keys.map((key) => [key.name, key.value, key.enabled, key.description]), [
      ['First', 'importedkey1234567890abcd', true, 'An imported key'],
      ['Second', 'importedkey2234567890abcd', false, undefined],
      ['Third', 'importedkey3234567890abcd', true, undefined],
    ])
    assert.deepEqual((await send(new GetUsagePlanKeysCommand({ usagePlanId: other.id! }))).items!.map((key) => key.name), ['Second'])
    assert.deepEqual((await send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id! }))).items!.map((key) => key.name).sort(), ['First', 'Second'])

    // The same value again overwrites the key and keeps its id.
    const again = await send(new ImportApiKeysCommand({ body: Buffer.from('name,key\nRenamed,importedkey1234567890abcd\n'), format: 'csv' }))
    assert.deepEqual(again.ids, [imported.ids![0]])
    assert.equal((await send(new GetApiKeyCommand({ apiKey: imported.ids![0] }))).name, 'Renamed')

    // A bad row is a warning; with failonwarnings nothing of the file is kept.
    const bad = 'name,key\nGood,importedgood234567890abcd\nShort,tooshort\n'
    const refused = await callManagementApi(gw, 'POST', '/apikeys?mode=import&format=csv&failonwarnings=true', bad, { 'content-type': 'text/csv' })
    assert.equal(refused.status, 400)
    assert.equal(refused.errorType, 'BadRequestException')
    assert.match(refused.body.message, /Line 3/)
    assert.equal(refused.text.includes('tooshort'), false, 'a refused value is not echoed')
    const values = async () => (await send(new GetApiKeysCommand({ includeValues: true, limit: 500 }))).items!.map((key) => key.value)
    assert.equal((await values()).includes('importedgood234567890abcd'), false)
    const lenient = await send(new ImportApiKeysCommand({ body: Buffer.from(bad), format: 'csv' }))
    assert.equal(lenient.ids!.length, 1)
    assert.equal(lenient.warnings!.length, 1)
    assert.equal((await values()).includes('importedgood234567890abcd'), true)

    const noKeyColumn = await callManagementApi(gw, 'POST', '/apikeys?mode=import&format=csv', 'name\nx\n', { 'content-type': 'text/csv' })
    assert.equal(noKeyColumn.status, 400)
    const notCsv = await callManagementApi(gw, 'POST', '/apikeys?mode=import&format=xml', 'name,key\n', { 'content-type': 'text/csv' })
    assert.equal(notCsv.errorType, 'ValidationException')
  })

  it('UpdateUsagePlan: per-method throttles under apiStages, quota and throttle removal, name and description (API reference, UpdateUsagePlan)', async () => {
    const plan = await send(new CreateUsagePlanCommand({
      name: 'methods', apiStages: [{ apiId: restApiId, stage: 'prod', throttle: { '/GET': { rateLimit: 5, burstLimit: 2 } } }],
      throttle: { rateLimit: 10, burstLimit: 5 }, quota: { limit: 100, period: 'WEEK', offset: 1 },
    }))
    assert.deepEqual(plan.apiStages![0].throttle, { '/GET': { rateLimit: 5, burstLimit: 2 } })
    const stage = `/apiStages/${restApiId}:prod/throttle`
    const updated = await send(new UpdateUsagePlanCommand({ usagePlanId: plan.id!, patchOperations: [
      { op: 'replace', path: `${stage}/~1pets~1{id}/GET/rateLimit`, value: '7.5' },
      { op: 'replace', path: `${stage}/~1pets~1{id}/GET/burstLimit`, value: '3' },
      { op: 'remove', path: `${stage}/~1/GET` },
      { op: 'remove', path: '/throttle' },
      { op: 'replace', path: '/quota/offset', value: '2' },
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'replace', path: '/description', value: 'now described' },
    ] }))
    assert.deepEqual(updated.apiStages, [{ apiId: restApiId, stage: 'prod', throttle: { '/pets/{id}/GET': { rateLimit: 7.5, burstLimit: 3 } } }])
    assert.equal(updated.throttle, undefined)
    assert.deepEqual(updated.quota, { limit: 100, period: 'WEEK', offset: 2 })
    assert.equal(updated.name, 'renamed')
    assert.equal(updated.description, 'now described')
    assert.deepEqual(updated.tags, {})

    // A refused operation anywhere in the patch leaves the whole plan as it was.
    const refused = await callManagementApi(gw, 'PATCH', `/usageplans/${plan.id}`, { patchOperations: [
      { op: 'replace', path: '/name', value: 'half-written' },
      { op: 'replace', path: '/quota/period', value: 'YEAR' },
    ] })
    assert.equal(refused.status, 400)
    assert.equal((await send(new GetUsagePlanCommand({ usagePlanId: plan.id! }))).name, 'renamed')
    const unknownPath = await callManagementApi(gw, 'PATCH', `/usageplans/${plan.id}`, { patchOperations: [{ op: 'replace', path: '/nothing', value: 'x' }] })
    assert.deepEqual([unknownPath.status, unknownPath.body], [400, { message: 'Invalid patch path /nothing' }])
    const created404 = await callManagementApi(gw, 'POST', '/usageplans', { name: 'bad', apiStages: [{ apiId: restApiId, stage: 'nope' }] })
    assert.equal(created404.status, 404)
    assert.match(created404.body.message, new RegExp(`^Invalid API Stage \\{api: ${restApiId}, stage: nope\\} specified for usageplan [a-z0-9]{6}$`))
    assert.equal((await send(new GetUsagePlansCommand({}))).items!.some((entry) => entry.name === 'bad'), false)
  })

  it('usage plan keys: get, keyId filter on GetUsagePlans, one plan per key and stage (409), remove, plan deletion', async () => {
    const key = await send(new CreateApiKeyCommand({ name: 'planned-key' }))
    const planA = await send(new CreateUsagePlanCommand({ name: 'a', apiStages: [{ apiId: restApiId, stage: 'dev' }] }))
    const planB = await send(new CreateUsagePlanCommand({ name: 'b', apiStages: [{ apiId: restApiId, stage: 'dev' }] }))
    const planC = await send(new CreateUsagePlanCommand({ name: 'c' }))
    await send(new CreateUsagePlanKeyCommand({ usagePlanId: planA.id!, keyId: key.id!, keyType: 'API_KEY' }))
    await send(new CreateUsagePlanKeyCommand({ usagePlanId: planC.id!, keyId: key.id!, keyType: 'API_KEY' }))
    const clash = await callManagementApi(gw, 'POST', `/usageplans/${planB.id}/keys`, { keyId: key.id, keyType: 'API_KEY' })
    assert.equal(clash.status, 409)
    assert.equal(clash.body.message,
      `Usage Plan ${planB.id} cannot be added because API Key ${key.id} cannot reference multiple Usage Plans with the same API Stage: ${restApiId}:dev`)
    // Nor can a plan holding the key take on a stage another of the key's plans covers.
    const widen = await callManagementApi(gw, 'PATCH', `/usageplans/${planC.id}`, { patchOperations: [{ op: 'add', path: '/apiStages', value: `${restApiId}:dev` }] })
    assert.deepEqual([widen.status, widen.errorType], [409, 'ConflictException'])
    assert.deepEqual((await send(new GetUsagePlanCommand({ usagePlanId: planC.id! }))).apiStages, [])
    const again = await callManagementApi(gw, 'POST', `/usageplans/${planA.id}/keys`, { keyId: key.id, keyType: 'API_KEY' })
    assert.equal(again.status, 409)
    const badType = await callManagementApi(gw, 'POST', `/usageplans/${planA.id}/keys`, { keyId: key.id, keyType: 'OAUTH' })
    assert.equal(badType.errorType, 'ValidationException')
    const unknownKey = await callManagementApi(gw, 'POST', `/usageplans/${planA.id}/keys`, { keyId: 'nosuchkey', keyType: 'API_KEY' })
    assert.deepEqual([unknownKey.status, unknownKey.body.message], [404, 'Invalid API Key identifier specified'])

    const got = await send(new GetUsagePlanKeyCommand({ usagePlanId: planA.id!, keyId: key.id! }))
    assert.deepEqual({ id: got.id, name: got.name, type: got.type, value: got.value }, { id: key.id, name: 'planned-key', type: 'API_KEY', value: key.value })
    assert.deepEqual((await send(new GetUsagePlansCommand({ keyId: key.id! }))).items!.map((plan) => plan.name), ['a', 'c'])

    await send(new DeleteUsagePlanKeyCommand({ usagePlanId: planA.id!, keyId: key.id! }))
    const gone = await callManagementApi(gw, 'GET', `/usageplans/${planA.id}/keys/${key.id}`)
    assert.deepEqual([gone.status, gone.body.message], [404, 'Invalid Usage Plan Key identifier specified'])
    await send(new CreateUsagePlanKeyCommand({ usagePlanId: planB.id!, keyId: key.id!, keyType: 'API_KEY' }))
    await send(new DeleteUsagePlanCommand({ usagePlanId: planB.id! }))
    assert.deepEqual((await send(new GetUsagePlansCommand({ keyId: key.id! }))).items!.map((plan) => plan.name), ['c'])
    const deleted = await callManagementApi(gw, 'GET', `/usageplans/${planB.id}`)
    assert.deepEqual([deleted.status, deleted.body.message], [404, 'Invalid Usage Plan ID specified'])
  })
})
