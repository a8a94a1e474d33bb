import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand, CreateStageCommand, PutIntegrationCommand,
  PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, it } from 'node:test'
import { spawnServe, type ServeProcess } from '../../helpers/cli.ts'
import { describeWithPostgres } from '../../helpers/postgres-server.ts'

/** What "served by the other process within one second" allows: a notification arrives well inside it. */
const WITHIN_MS = 1_000

/**
 * Two `gatehouse serve` processes on one PostgreSQL database share nothing but the database. A
 * change made through the first reaches the second through LISTEN/NOTIFY and the change log (the
 * catalog follows the store's feed): a deployment and a stage variable, each served by the second
 * within a second; two creations of one stage, one through each, give one of them a ConflictException.
 */
describeWithPostgres('two gateway processes on one PostgreSQL database', (postgres) => {
  const dataDirs: string[] = []
  const gateways: ServeProcess[] = []
  const clients: APIGatewayClient[] = []
  let restApiId: string
  let rootId: string

  const client = (n: number): APIGatewayClient => clients[n]
  const other = (path: string, stage = 'prod'): Promise<Response> => fetch(`${gateways[1].url}/_aws/execute-api/${restApiId}/${stage}${path}`)

  /** Polls the second process until it answers as `expected`; fails after WITHIN_MS. */
  async function servedWithin(path: string, expected: (status: number, body: string) => boolean): Promise<void> {
    const started = performance.now()
    let last = ''
    while (performance.now() - started < WITHIN_MS) {
      const response = await other(path)
      const body = await response.text()
      if (expected(response.status, body)) return
      last = `${response.status} ${body}`
    }
    assert.fail(`not served by the other process within ${WITHIN_MS} ms; it still answers ${last}`)
  }

  /** A MOCK method on `/` whose answer names the deployment's version and the stage variable `v`. */
  async function deployVersion(version: string, stageName = 'prod'): Promise<string> {
    const send = client(0).send.bind(client(0))
    await send(new PutIntegrationResponseCommand({
      restApiId, resourceId: rootId, httpMethod: 'GET', statusCode: '200', selectionPattern: '',
      responseTemplates: { 'application/json': `{"version": "${version}", "v": "$stageVariables.v"}` },
    }))
    return (await send(new CreateDeploymentCommand({ restApiId, stageName }))).id!
  }

  before(async () => {
    for (let n = 0; n < 2; n++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-two-pg-'))
      dataDirs.push(dataDir)
      const gateway = await spawnServe(['--port', '0', '--data-dir', dataDir, '--database-url', postgres.url])
      gateways.push(gateway)
      clients.push(new APIGatewayClient({ endpoint: gateway.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 }))
    }
    const send = client(0).send.bind(client(0))
    const api = await send(new CreateRestApiCommand({ name: 'two-processes-postgres' }))
    restApiId = api.id!
    rootId = api.rootResourceId!
    const where = { restApiId, resourceId: rootId, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE' }))
    await send(new PutMethodResponseCommand({ ...where, statusCode: '200' }))
    await send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
  })

  after(async () => {
    for (const each of clients) each.destroy()
    for (const gateway of gateways) gateway.child.kill('SIGTERM')
    await Promise.all(gateways.map((gateway) => gateway.exited))
    for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true })
  })

  it('says at start which store it uses, naming host:port/database and never the password', () => {
    const line = gateways[0].output.find((text) => text.startsWith('Store:'))
    assert.match(line ?? '', /^Store: PostgreSQL at 127\.0\.0\.1:\d+\/gatehouse_test_\w+$/)
  })

  it('a deployment through the first is served by the second', async () => {
    await deployVersion('one')
    await servedWithin('/', (status, body) => status === 200 && JSON.parse(body).version === 'one')
    await deployVersion('two')
    await servedWithin('/', (status, body) => status === 200 && JSON.parse(body).version === 'two')
  })

  it('a stage variable changed through the first is served by the second', async () => {
    const send = client(0).send.bind(client(0))
    await send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/variables/v', value: 'blue' }] }))
    await servedWithin('/', (status, body) => status === 200 && JSON.parse(body).v === 'blue')
    await send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/variables/v', value: 'green' }] }))
    await servedWithin('/', (status, body) => status === 200 && JSON.parse(body).v === 'green')
  })

  it('one stage created through both at once: one is created, the other gets ConflictException', async () => {
    const deploymentId = await deployVersion('three')
    for (const stageName of ['race1', 'race2', 'race3']) {
      const outcomes = await Promise.allSettled([0, 1].map((n) =>
        client(n).send(new CreateStageCommand({ restApiId, stageName, deploymentId, variables: { by: String(n) } }))))
      const created = outcomes.filter((outcome) => outcome.status === 'fulfilled')
      const refused = outcomes.filter((outcome) => outcome.status === 'rejected')
      assert.equal(created.length, 1, `${stageName}: exactly one creation succeeds`)
      assert.equal(refused.length, 1)
      assert.equal((refused[0].reason as Error).name, 'ConflictException')
    }
  })
})
