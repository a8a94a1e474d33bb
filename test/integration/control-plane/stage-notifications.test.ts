import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand, CreateStageCommand, DeleteRestApiCommand, DeleteStageCommand,
  PutIntegrationCommand, PutMethodCommand, UpdateStageCommand, CreateResourceCommand, BadRequestException,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { ManualClock } from '../../../src/core/clock.ts'
import { silentLogger } from '../../../src/core/logger.ts'
import { createControlPlane } from '../../../src/control-plane/server.ts'
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts'

/**
 * `onStagesChanged` is how the data plane learns that what a stage serves changed: after every
 * committed stage create/update/delete, deployment create and API delete — and not after a write
 * that failed and stored nothing.
 */
describe('control plane tells the data plane when stages change', () => {
  const changed: string[] = []
  const store = new SqliteStore({ filename: ':memory:' })
  let server: Server
  let client: APIGatewayClient
  before(async () => {
    const controlPlane = createControlPlane({
      store, clock: new ManualClock(), logger: silentLogger, aws: DEFAULT_AWS_ENVIRONMENT, pinnedApiIds: {},
      onStagesChanged: (restApiId) => changed.push(restApiId),
    })
    server = createServer((req, res) => void controlPlane.handle(req, res))
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    client = new APIGatewayClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1,
    })
  })
  after(async () => {
    client.destroy()
    await new Promise((done) => server.close(done))
    await store.close()
  })

  it('calls onStagesChanged once per committed stage-affecting write', async () => {
    const api = await client.send(new CreateRestApiCommand({ name: 'notify' }))
    const restApiId = api.id!
    const resource = await client.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId, pathPart: 'x' }))
    await client.send(new PutMethodCommand({ restApiId, resourceId: resource.id, httpMethod: 'GET', authorizationType: 'NONE' }))
    await client.send(new PutIntegrationCommand({ restApiId, resourceId: resource.id, httpMethod: 'GET', type: 'MOCK' }))
    assert.deepEqual(changed, [], 'building the API changes no stage')

    const deployment = await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }))
    await client.send(new CreateStageCommand({ restApiId, stageName: 'qa', deploymentId: deployment.id }))
    await client.send(new UpdateStageCommand({ restApiId, stageName: 'qa', patchOperations: [{ op: 'replace', path: '/variables/a', value: 'b' }] }))
    await client.send(new DeleteStageCommand({ restApiId, stageName: 'qa' }))
    assert.deepEqual(changed, [restApiId, restApiId, restApiId, restApiId])

    // A failed write notifies nobody.
    await assert.rejects(
      client.send(new UpdateStageCommand({ restApiId, stageName: 'dev', patchOperations: [{ op: 'replace', path: '/deploymentId', value: 'nope00' }] })),
      BadRequestException,
    )
    assert.equal(changed.length, 4)

    await client.send(new DeleteRestApiCommand({ restApiId }))
    assert.deepEqual(changed, [restApiId, restApiId, restApiId, restApiId, restApiId])
  })
})
