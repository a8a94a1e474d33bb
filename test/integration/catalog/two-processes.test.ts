import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  APIGatewayClient, CreateApiKeyCommand, CreateDeploymentCommand, CreateRestApiCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand,
  PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, UpdateAccountCommand, UpdateApiKeyCommand,
  UpdateMethodCommand, UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { spawnServe, type ServeProcess } from '../../helpers/cli.ts'

/** What "served by the other process within one second" allows: the feed's poll runs well inside it. */
const WITHIN_MS = 1_000

/**
 * Two `gatehouse serve` processes on one data directory share nothing but the SQLite file. A change
 * made through the first reaches the second through the store's change feed (the catalog follows
 * it): a deployment, a rollback, a stage variable, an API key disabled and enabled, the account's
 * throttle — each served by the second within a second, without a restart.
 */
describe('two gateway processes on one data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-two-'))
  const gateways: ServeProcess[] = []
  let management: APIGatewayClient
  let send: APIGatewayClient['send']
  let restApiId: string
  let keyId: string
  let keyValue: string
  const deployments: string[] = []

  const other = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${gateways[1].url}/_aws/execute-api/${restApiId}/prod${path}`, { headers })

  /** The body `other` answers, polled until it equals `expected` or the second is up; returns how long that took. */
  async function servedWithin(path: string, expected: (status: number, body: string) => boolean, headers: Record<string, string> = {}): Promise<number> {
    const started = performance.now()
    let last = ''
    while (performance.now() - started < WITHIN_MS) {
      const response = await other(path, headers)
      const body = await response.text()
      if (expected(response.status, body)) return performance.now() - started
      last = `${response.status} ${body}`
    }
    assert.fail(`not served by the other process within ${WITHIN_MS} ms; it still answers ${last}`)
  }

  /** A MOCK method on `/` whose answer names the deployment's version and the stage variable `v`. */
  async function deployVersion(version: string): Promise<string> {
    const where = { restApiId, resourceId: rootId, httpMethod: 'GET' }
    await send(new PutIntegrationResponseCommand({
      ...where, statusCode: '200', selectionPattern: '',
      responseTemplates: { 'application/json': `{"version": "${version}", "v": "$stageVariables.v"}` },
    }))
    const deployment = await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
    deployments.push(deployment.id!)
    return deployment.id!
  }
  let rootId: string

  before(async () => {
    const serve = () => spawnServe(['--port', '0', '--data-dir', dataDir])
    gateways.push(await serve(), await serve())
    management = new APIGatewayClient({ endpoint: gateways[0].url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
    send = management.send.bind(management)
    const api = await send(new CreateRestApiCommand({ name: 'two-processes' }))
    restApiId = api.id!
    rootId = api.rootResourceId!
    const where = { restApiId, resourceId: rootId, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE' }))
    await send(new PutMethodResponseCommand({ ...where, statusCode: '200' }))
    await send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
  })

  after(async () => {
    management?.destroy()
    for (const gateway of gateways) gateway.child.kill('SIGTERM')
    await Promise.all(gateways.map((gateway) => gateway.exited))
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('a deployment through the first is served by the second', async () => {
    await deployVersion('one')
    await servedWithin('/', (status, body) => status === 200 && JSON.parse(body).version === 'one')
    await deployVersion('two')
    await servedWithin('/', (status, body) => status === 200 && JSON.parse(body).version === 'two')
  })

  it('a rollback (UpdateStage /deploymentId) and a stage variable change are served by the second', async () => {
    await send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/deploymentId', value: deployments[0] }] }))
    await servedWithin('/', (status, body) => status === 200 && JSON.parse(body).version === 'one')
    await send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/variables/v', value: 'blue' }] }))
    await servedWithin('/', (status, body) => status === 200 && JSON.parse(body).v === 'blue')
  })

  it('an API key disabled and enabled through the first is refused, then accepted, by the second', async () => {
    const where = { restApiId, resourceId: rootId, httpMethod: 'GET' }
    await send(new UpdateMethodCommand({ ...where, patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: 'true' }] }))
    await deployVersion('keyed')
    const plan = await send(new CreateUsagePlanCommand({ name: 'two', apiStages: [{ apiId: restApiId, stage: 'prod' }] }))
    const key = await send(new CreateApiKeyCommand({ name: 'two', enabled: true }))
    keyId = key.id!
    keyValue = key.value!
    await send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId, keyType: 'API_KEY' }))
    const withKey = { 'x-api-key': keyValue }
    await servedWithin('/', (status, body) => status === 200 && JSON.parse(body).version === 'keyed', withKey)

    await send(new UpdateApiKeyCommand({ apiKey: keyId, patchOperations: [{ op: 'replace', path: '/enabled', value: 'false' }] }))
    await servedWithin('/', (status) => status === 403, withKey)
    await send(new UpdateApiKeyCommand({ apiKey: keyId, patchOperations: [{ op: 'replace', path: '/enabled', value: 'true' }] }))
    await servedWithin('/', (status) => status === 200, withKey)
  })

  it("the account's throttle changed through the first limits the second", async () => {
    // A burst of 1 and a rate of 1 per second: of two requests back to back, the second is throttled.
    await send(new UpdateAccountCommand({ patchOperations: [
      { op: 'replace', path: '/throttle/burstLimit', value: '1' },
      { op: 'replace', path: '/throttle/rateLimit', value: '1' },
    ] }))
    const withKey = { 'x-api-key': keyValue }
    const started = performance.now()
    let throttled = false
    while (!throttled && performance.now() - started < WITHIN_MS) {
      const [first, second] = [await other('/', withKey), await other('/', withKey)]
      throttled = first.status === 429 || second.status === 429
    }
    assert.ok(throttled, 'the second process throttles at the account limit set through the first')
    await send(new UpdateAccountCommand({ patchOperations: [
      { op: 'replace', path: '/throttle/burstLimit', value: '5000' },
      { op: 'replace', path: '/throttle/rateLimit', value: '10000' },
    ] }))
    await servedWithin('/', (status) => status === 200, withKey)
  })

  it('ten redeploys through the first while the second serves load fail no request', async () => {
    const withKey = { 'x-api-key': keyValue }
    let stop = false
    const answers: number[] = []
    const load = (async () => {
      while (!stop) {
        const batch = await Promise.all(Array.from({ length: 8 }, () => other('/', withKey).then(async (response) => {
          await response.arrayBuffer()
          return response.status
        })))
        answers.push(...batch)
      }
    })()
    for (let n = 0; n < 10; n++) await deployVersion(`load-${n}`)
    await servedWithin('/', (status, body) => status === 200 && JSON.parse(body).version === 'load-9', withKey)
    stop = true
    await load
    assert.ok(answers.length > 0)
    assert.deepEqual([...new Set(answers)], [200], `every request during the redeploys answered 200 (${answers.length} requests)`)
  })
})
