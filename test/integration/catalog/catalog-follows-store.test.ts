import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  APIGatewayClient, BadRequestException, CreateApiKeyCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand,
  CreateStageCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, DeleteRestApiCommand, DeleteStageCommand, PutIntegrationCommand,
  PutMethodCommand, UpdateAccountCommand, UpdateApiKeyCommand, UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { REST_API_KIND } from '../../../src/apis/rest/rest-api-kind.ts'
import { STAGE_LOADING } from '../../../src/apis/rest/stage-registry.ts'
import { Catalog } from '../../../src/catalog/catalog.ts'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { ManualClock } from '../../../src/core/clock.ts'
import { silentLogger } from '../../../src/core/logger.ts'
import { createControlPlane } from '../../../src/control-plane/server.ts'
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts'

/**
 * The catalog is the data plane's only reader of configuration, and it learns of changes from the
 * store's change feed alone: no call from the control plane reaches it. In one process a change is
 * visible as soon as the management call that made it has answered; a refused call changes nothing.
 */
describe('the catalog follows the store', () => {
  const store = new SqliteStore({ filename: ':memory:' })
  let catalog: Catalog
  let server: Server
  let client: APIGatewayClient
  let restApiId: string
  before(async () => {
    catalog = await Catalog.open({ store, logger: silentLogger, kinds: [REST_API_KIND] })
    const controlPlane = createControlPlane({ store, clock: new ManualClock(), logger: silentLogger, aws: DEFAULT_AWS_ENVIRONMENT, pinnedApiIds: {} })
    server = createServer((req, res) => void controlPlane.handle(req, res))
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    client = new APIGatewayClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1,
    })
    const api = await client.send(new CreateRestApiCommand({ name: 'catalog' }))
    restApiId = api.id!
    const resource = await client.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId, pathPart: 'x' }))
    await client.send(new PutMethodCommand({ restApiId, resourceId: resource.id, httpMethod: 'GET', authorizationType: 'NONE' }))
    await client.send(new PutIntegrationCommand({ restApiId, resourceId: resource.id, httpMethod: 'GET', type: 'MOCK' }))
  })
  after(async () => {
    client.destroy()
    catalog.close()
    await new Promise((done) => server.close(done))
    await store.close()
  })

  it('serves a stage once deployed, its new variables and deployment once updated, nothing once deleted', async () => {
    assert.equal(await catalog.stagesOf(REST_API_KIND).find(restApiId, 'dev'), undefined, 'nothing deployed yet')
    const first = await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }))
    assert.equal((await catalog.stagesOf(REST_API_KIND).find(restApiId, 'dev'))?.deployment.deploymentId, first.id)

    await client.send(new UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/variables/a', value: 'b' }] }))
    assert.deepEqual((await catalog.stagesOf(REST_API_KIND).find(restApiId, 'dev'))?.stageVariables, { a: 'b' })

    const second = await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }))
    assert.equal((await catalog.stagesOf(REST_API_KIND).find(restApiId, 'dev'))?.deployment.deploymentId, second.id)
    await client.send(new CreateStageCommand({ restApiId, stageName: 'qa', deploymentId: first.id }))
    assert.equal((await catalog.stagesOf(REST_API_KIND).find(restApiId, 'qa'))?.deployment.deploymentId, first.id)
    await client.send(new DeleteStageCommand({ restApiId, stageName: 'qa' }))
    assert.equal(await catalog.stagesOf(REST_API_KIND).find(restApiId, 'qa'), undefined)
  })

  it('what a stage serves is read without waiting once loaded, and only until a change names its API (the data plane reads it so)', async () => {
    const stages = catalog.stagesOf(REST_API_KIND)
    await client.send(new UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/variables/c', value: 'd' }] }))
    assert.equal(stages.findLoaded(restApiId, 'dev'), STAGE_LOADING, 'a change: the stage must be loaded again')
    const found = await stages.find(restApiId, 'dev')
    const loaded = stages.findLoaded(restApiId, 'dev')
    assert.notEqual(loaded, STAGE_LOADING)
    assert.deepEqual(loaded === STAGE_LOADING ? undefined : loaded?.stageVariables, { a: 'b', c: 'd' })
    assert.equal(loaded === STAGE_LOADING ? undefined : loaded?.deployment, found?.deployment, 'the same compiled deployment find answers')
    assert.equal(stages.findLoaded(restApiId, 'nostage'), STAGE_LOADING, 'a stage never asked for is loaded by find')
    assert.equal(await stages.find(restApiId, 'nostage'), undefined)
    assert.equal(stages.findLoaded(restApiId, 'nostage'), undefined, 'and then known to serve nothing')
  })

  it('a refused write moves no revision and changes nothing served', async () => {
    const before = catalog.revision
    await assert.rejects(
      client.send(new UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/deploymentId', value: 'nope00' }] })),
      BadRequestException,
    )
    assert.equal(await store.revision(), before)
    assert.equal(catalog.revision, before)
  })

  it('API keys and usage plans apply without a redeploy; the account too', async () => {
    const plan = await client.send(new CreateUsagePlanCommand({ name: 'p', apiStages: [{ apiId: restApiId, stage: 'dev' }] }))
    const key = await client.send(new CreateApiKeyCommand({ name: 'k', enabled: true }))
    assert.deepEqual(await catalog.apiKeys.check(key.value!, restApiId, 'dev'), { ok: false, reason: 'no-usage-plan' })
    await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }))
    assert.equal((await catalog.apiKeys.check(key.value!, restApiId, 'dev')).ok, true)
    await client.send(new UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }))
    assert.deepEqual(await catalog.apiKeys.check(key.value!, restApiId, 'dev'), { ok: false, reason: 'disabled' })

    await catalog.account.get()
    assert.notEqual(catalog.account.loaded(), undefined, 'read once, the settings are at hand without waiting')
    await client.send(new UpdateAccountCommand({ patchOperations: [{ op: 'replace', path: '/throttle/rateLimit', value: '42' }] }))
    assert.equal(catalog.account.loaded(), undefined, 'a change drops them')
    assert.equal((await catalog.account.get()).throttleSettings?.rateLimit, 42)
    assert.equal(catalog.account.loaded()?.throttleSettings?.rateLimit, 42)
  })

  it('a deleted API is served no more', async () => {
    assert.notEqual(await catalog.stagesOf(REST_API_KIND).find(restApiId, 'dev'), undefined)
    await client.send(new DeleteRestApiCommand({ restApiId }))
    assert.equal(await catalog.stagesOf(REST_API_KIND).find(restApiId, 'dev'), undefined)
  })
})
