import assert from 'node:assert/strict'
import {
  APIGatewayClient, CreateApiKeyCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { pino } from 'pino'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { startGateway, type RunningGateway } from '../../../src/main.ts'

/**
 * API key values are secrets: with every log level on, refusing a wrong key,
 * admitting the right one, and creating keys never write a value to the log.
 */
describe('API key values never reach the logs', () => {
  const lines: string[] = []
  let gw: RunningGateway
  let client: APIGatewayClient
  before(async () => {
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) })
    gw = await startGateway({
      port: 0, host: '127.0.0.1', dataDir: '', inMemory: true, aws: DEFAULT_AWS_ENVIRONMENT, functions: {},
      baseDir: process.cwd(), pinnedApiIds: {}, logger,
    })
    client = new APIGatewayClient({
      endpoint: gw.adminUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1,
    })
  })
  after(async () => {
    client.destroy()
    await gw.close()
  })

  it('logs the refusal, never the key', async () => {
    const send = client.send.bind(client)
    const secret = 'SeCrEt-VaLuE-0123456789-abcdef'
    const near = 'SeCrEt-VaLuE-0123456789-abcdeX'
    const api = await send(new CreateRestApiCommand({ name: 'secrecy' }))
    const resourceId = (await send(new CreateResourceCommand({ restApiId: api.id!, parentId: api.rootResourceId!, pathPart: 'k' }))).id!
    await send(new PutMethodCommand({ restApiId: api.id!, resourceId, httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: true }))
    await send(new PutIntegrationCommand({ restApiId: api.id!, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await send(new PutMethodResponseCommand({ restApiId: api.id!, resourceId, httpMethod: 'GET', statusCode: '200' }))
    await send(new PutIntegrationResponseCommand({ restApiId: api.id!, resourceId, httpMethod: 'GET', statusCode: '200', selectionPattern: '' }))
    await send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }))
    const key = await send(new CreateApiKeyCommand({ name: 'secret', value: secret, enabled: true }))
    const plan = await send(new CreateUsagePlanCommand({ name: 'p', apiStages: [{ apiId: api.id!, stage: 'prod' }] }))
    await send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }))
    await assert.rejects(send(new CreateApiKeyCommand({ name: 'duplicate', value: secret })), /API Key already exists/)
    const url = `${gw.url}/_aws/execute-api/${api.id}/prod/k`
    assert.equal((await fetch(url, { headers: { 'x-api-key': near } })).status, 403)
    assert.equal((await fetch(url, { headers: { 'x-api-key': secret } })).status, 200)
    const log = lines.join('')
    assert.match(log, /API key refused/, 'the refusal is logged (so this test sees the log at all)')
    assert.ok(!log.includes(secret) && !log.includes(near), 'no key value in the log')
  })
})
