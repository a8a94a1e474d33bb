import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import {
  CreateDeploymentCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/core/clock.ts'
import { AWS_CLI_ENV, awsCliInstalled } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * Stage throttling, the account and the response cache with the AWS CLI (`aws apigateway ...`), the way
 * users script them: get-account/update-account, update-stage with method-setting patch paths
 * (`/~1/GET/...`, `/*\/*\/...`, `/cacheClusterEnabled`), flush-stage-cache.
 */
describe('throttling and caching with the AWS CLI', { skip: !awsCliInstalled() && 'the aws CLI is not installed' }, () => {
  const clock = new ManualClock()
  let gw: TestGateway
  let restApiId: string
  before(async () => {
    gw = await startTestGateway({ clock })
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'cli-traffic' }))
    restApiId = api.id!
    const where = { restApiId, resourceId: api.rootResourceId!, httpMethod: 'GET' }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE' }))
    await send(new PutMethodResponseCommand({ ...where, statusCode: '200' }))
    await send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await send(new PutIntegrationResponseCommand({ ...where, statusCode: '200', responseTemplates: { 'application/json': '{"ok":true}' } }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
  })
  after(() => gw.close())

  const aws = (...args: string[]): Promise<any> =>
    new Promise((done, fail) => {
      execFile('aws', ['apigateway', ...args, '--endpoint-url', gw.adminUrl, '--output', 'json'], { env: { ...process.env, ...AWS_CLI_ENV } }, (error, stdout, stderr) => {
        if (error !== null) fail(new Error(`aws apigateway ${args[0]} failed: ${stderr}`))
        else done(stdout.trim() === '' ? undefined : JSON.parse(stdout))
      })
    })
  const statuses = async (count: number) => {
    const seen = []
    for (let i = 0; i < count; i++) seen.push((await fetch(gw.stageUrl(restApiId, 'prod') + '/')).status)
    return seen
  }

  it('get-account, then update-stage throttles the root GET (`/~1/GET/throttling/...`) and caching is set through `/*/*/caching/...`', async () => {
    const account = await aws('get-account')
    assert.deepEqual(account.throttleSettings, { burstLimit: 5000, rateLimit: 10000.0 })
    const stage = await aws('update-stage', '--rest-api-id', restApiId, '--stage-name', 'prod', '--patch-operations',
      'op=replace,path=/~1/GET/throttling/burstLimit,value=2',
      'op=replace,path=/~1/GET/throttling/rateLimit,value=1',
      'op=replace,path=/cacheClusterEnabled,value=true',
      'op=replace,path=/*/*/caching/enabled,value=true',
      'op=replace,path=/*/*/caching/ttlInSeconds,value=60')
    assert.equal(stage.methodSettings['/GET'].throttlingBurstLimit, 2)
    assert.equal(stage.methodSettings['*/*'].cacheTtlInSeconds, 60)
    assert.equal(stage.cacheClusterEnabled, true)
    assert.equal(stage.cacheClusterSize, '0.5')
    assert.deepEqual(await statuses(3), [200, 200, 429])
    clock.advance(1000)
    assert.deepEqual(await statuses(2), [200, 429])
  })

  it('update-account raises the account throttle; flush-stage-cache answers nothing (202)', async () => {
    const account = await aws('update-account', '--patch-operations', 'op=replace,path=/throttle/rateLimit,value=20000')
    assert.equal(account.throttleSettings.rateLimit, 20000)
    assert.equal(await aws('flush-stage-cache', '--rest-api-id', restApiId, '--stage-name', 'prod'), undefined)
    await assert.rejects(aws('flush-stage-cache', '--rest-api-id', restApiId, '--stage-name', 'nope'), /NotFoundException/)
  })
})
