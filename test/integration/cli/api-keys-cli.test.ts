import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CreateDeploymentCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { AWS_CLI_ENV, awsCliInstalled } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * API keys and usage plans with the AWS CLI (`aws apigateway ...`), the way users script them:
 * create a key, import more from a CSV file, put them in a plan for a stage, patch the plan, and
 * call the keyed method with the key.
 */
describe('API keys and usage plans with the AWS CLI', { skip: !awsCliInstalled() && 'the aws CLI is not installed' }, () => {
  let gw: TestGateway
  let restApiId: string
  let dir: string
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-keys-'))
    gw = await startTestGateway()
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'cli-keys' }))
    restApiId = api.id!
    const where = { restApiId, resourceId: api.rootResourceId!, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE', apiKeyRequired: true }))
    await send(new PutMethodResponseCommand({ ...where, statusCode: '200' }))
    await send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await send(new PutIntegrationResponseCommand({ ...where, statusCode: '200', responseTemplates: { 'application/json': '{"id":"$context.identity.apiKeyId"}' } }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
  })
  after(async () => {
    await gw.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const aws = (...args: string[]): Promise<any> =>
    new Promise((done, fail) => {
      execFile('aws', ['apigateway', ...args, '--endpoint-url', gw.adminUrl, '--output', 'json'], { env: { ...process.env, ...AWS_CLI_ENV } }, (error, stdout, stderr) => {
        if (error !== null) fail(new Error(`aws apigateway ${args[0]} failed: ${stderr}`))
        else done(stdout.trim() === '' ? undefined : JSON.parse(stdout))
      })
    })

  it('create-api-key, import-api-keys, create-usage-plan(-key), update-usage-plan, then the key opens the method', async () => {
    const key = await aws('create-api-key', '--name', 'cli-key', '--enabled', '--customer-id', 'c-1')
    assert.equal(key.enabled, true)
    assert.equal(key.value.length, 40)
    const csv = join(dir, 'keys.csv')
    writeFileSync(csv, 'Name,Key,Enabled\ncli-imported,cliimportedkey0123456789,true\n')
    const imported = await aws('import-api-keys', '--body', `fileb://${csv}`, '--format', 'csv', '--fail-on-warnings')
    assert.equal(imported.ids.length, 1)
    const listed = await aws('get-api-keys', '--name-query', 'cli-', '--include-values')
    assert.deepEqual(listed.items.map((item: any) => item.name).sort(), ['cli-imported', 'cli-key'])
    assert.ok(listed.items.every((item: any) => typeof item.value === 'string'))

    const plan = await aws('create-usage-plan', '--name', 'cli-plan', '--api-stages', `apiId=${restApiId},stage=prod`,
      '--throttle', 'burstLimit=1,rateLimit=2', '--quota', 'limit=10,offset=0,period=DAY')
    assert.deepEqual([plan.throttle, plan.quota], [{ burstLimit: 1, rateLimit: 2 }, { limit: 10, offset: 0, period: 'DAY' }])
    await aws('create-usage-plan-key', '--usage-plan-id', plan.id, '--key-id', key.id, '--key-type', 'API_KEY')
    await aws('create-usage-plan-key', '--usage-plan-id', plan.id, '--key-id', imported.ids[0], '--key-type', 'API_KEY')
    const patched = await aws('update-usage-plan', '--usage-plan-id', plan.id, '--patch-operations', 'op=replace,path=/quota/limit,value=20')
    assert.equal(patched.quota.limit, 20)
    const keys = await aws('get-usage-plan-keys', '--usage-plan-id', plan.id)
    assert.deepEqual(keys.items.map((item: any) => item.name).sort(), ['cli-imported', 'cli-key'])

    const url = gw.stageUrl(restApiId, 'prod') + '/'
    assert.equal((await fetch(url)).status, 403)
    const ok = await fetch(url, { headers: { 'x-api-key': 'cliimportedkey0123456789' } })
    assert.equal(ok.status, 200)
    assert.deepEqual(await ok.json(), { id: imported.ids[0] })

    await aws('delete-usage-plan-key', '--usage-plan-id', plan.id, '--key-id', imported.ids[0])
    assert.equal((await fetch(url, { headers: { 'x-api-key': 'cliimportedkey0123456789' } })).status, 403)
    assert.equal((await fetch(url, { headers: { 'x-api-key': key.value } })).status, 200)
  })
})
