import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import {
  CreateApiKeyCommand, CreateDeploymentCommand, CreateRestApiCommand, CreateUsagePlanCommand, GetApiKeyCommand, GetRestApiCommand,
  GetStageCommand, GetTagsCommand, GetUsagePlanCommand, PutIntegrationCommand, PutMethodCommand, TagResourceCommand, UntagResourceCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { AWS_CLI_ENV, awsCliInstalled } from '../../helpers/cli.ts'
import { callManagementApi } from '../../helpers/control-plane.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * TagResource, UntagResource and GetTags (API reference) on the taggable REST resources, addressed by
 * the ARNs of the developer guide's "API Gateway Amazon Resource Name (ARN) reference"
 * (`arn:aws:apigateway:{region}::/restapis/{id}` and so on), with the real SDK and the AWS CLI. No
 * recording calls these operations: the error texts are the catalogue's (messages/tag-messages.ts).
 */
describe('tags on REST resources: management API', () => {
  let gw: TestGateway
  let send: TestGateway['apigateway']['send']
  let restApiId: string
  const arn = (path: string) => `arn:aws:apigateway:us-east-1::${path}`
  before(async () => {
    gw = await startTestGateway()
    send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'tagged' }))
    restApiId = api.id!
    await send(new PutMethodCommand({ restApiId, resourceId: api.rootResourceId!, httpMethod: 'GET', authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({ restApiId, resourceId: api.rootResourceId!, httpMethod: 'GET', type: 'MOCK' }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
  })
  after(() => gw.close())

  it('tags, lists and untags a REST API; GetRestApi shows the tags', async () => {
    const resourceArn = arn(`/restapis/${restApiId}`)
    await send(new TagResourceCommand({ resourceArn, tags: { team: 'payments', env: 'prod' } }))
    await send(new TagResourceCommand({ resourceArn, tags: { env: 'dev' } }))
    assert.deepEqual((await send(new GetTagsCommand({ resourceArn }))).tags, { team: 'payments', env: 'dev' })
    assert.deepEqual((await send(new GetRestApiCommand({ restApiId }))).tags, { team: 'payments', env: 'dev' })
    await send(new UntagResourceCommand({ resourceArn, tagKeys: ['env', 'not-there'] }))
    assert.deepEqual((await send(new GetTagsCommand({ resourceArn }))).tags, { team: 'payments' })
    await send(new UntagResourceCommand({ resourceArn, tagKeys: ['team'] }))
    assert.deepEqual((await send(new GetTagsCommand({ resourceArn }))).tags, {})
    assert.deepEqual((await send(new GetRestApiCommand({ restApiId }))).tags, {})
  })

  it('tags a stage, an API key and a usage plan, each shown by its Get', async () => {
    const stageArn = arn(`/restapis/${restApiId}/stages/prod`)
    await send(new TagResourceCommand({ resourceArn: stageArn, tags: { tier: 'gold' } }))
    assert.deepEqual((await send(new GetStageCommand({ restApiId, stageName: 'prod' }))).tags, { tier: 'gold' })
    assert.deepEqual((await send(new GetTagsCommand({ resourceArn: stageArn }))).tags, { tier: 'gold' })

    const key = await send(new CreateApiKeyCommand({ name: 'tagged-key', tags: { owner: 'a' } }))
    const keyArn = arn(`/apikeys/${key.id}`)
    await send(new TagResourceCommand({ resourceArn: keyArn, tags: { owner: 'b', cost: 'c1' } }))
    assert.deepEqual((await send(new GetApiKeyCommand({ apiKey: key.id! }))).tags, { owner: 'b', cost: 'c1' })

    const plan = await send(new CreateUsagePlanCommand({ name: 'tagged-plan' }))
    const planArn = arn(`/usageplans/${plan.id}`)
    await send(new TagResourceCommand({ resourceArn: planArn, tags: { plan: 'basic' } }))
    assert.deepEqual((await send(new GetUsagePlanCommand({ usagePlanId: plan.id! }))).tags, { plan: 'basic' })
    await send(new UntagResourceCommand({ resourceArn: planArn, tagKeys: ['plan'] }))
    assert.deepEqual((await send(new GetTagsCommand({ resourceArn: planArn }))).tags, {})
  })

  it('answers the resource\'s own 404 for an unknown one, and 400 for an ARN that names nothing taggable', async () => {
    const refused = async (resourceArn: string, name: string, message: string | RegExp) => {
      await assert.rejects(send(new GetTagsCommand({ resourceArn })), (error: any) => {
        assert.equal(error.name, name, resourceArn)
        if (typeof message === 'string') assert.equal(error.message, message)
        else assert.match(error.message, message)
        return true
      })
    }
    await refused(arn('/restapis/nope123'), 'NotFoundException', 'Invalid API identifier specified 000000000000:nope123')
    await refused(arn(`/restapis/${restApiId}/stages/nope`), 'NotFoundException', 'Invalid stage identifier specified')
    await refused(arn('/apikeys/nope'), 'NotFoundException', 'Invalid API Key identifier specified')
    await refused(arn('/usageplans/nope'), 'NotFoundException', 'Invalid Usage Plan ID specified')
    await refused(arn('/clientcertificates/abc'), 'NotFoundException', 'Invalid Client Certificate identifier specified')
    await refused(arn('/domainnames/api.example.com'), 'NotFoundException', 'Invalid domain name identifier specified')
    await refused(arn('/vpclinks/abc'), 'NotFoundException', 'Invalid Vpc Link identifier specified')
    await refused(arn(`/restapis/${restApiId}/resources/abc`), 'BadRequestException', /cannot be tagged/)
    await refused('not-an-arn', 'BadRequestException', 'Invalid resource ARN specified: not-an-arn')
    await refused(`arn:aws:apigateway:eu-west-1::/restapis/${restApiId}`, 'BadRequestException', /eu-west-1/)
  })

  it('refuses bad tags and a missing body or tagKeys, writing nothing', async () => {
    const resourceArn = arn(`/restapis/${restApiId}`)
    const path = `/tags/${encodeURIComponent(resourceArn)}`
    const bad: Record<string, string>[] = [{ 'aws:owner': 'x' }, { ['k'.repeat(129)]: 'x' }, { ok: 'v'.repeat(257) }, { 'bad key!': 'x' }]
    for (const tags of bad) {
      await assert.rejects(send(new TagResourceCommand({ resourceArn, tags })), { name: 'BadRequestException' })
    }
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))
    await assert.rejects(send(new TagResourceCommand({ resourceArn, tags: many })), { name: 'BadRequestException', message: 'A resource can have at most 50 tags' })
    const noTags = await callManagementApi(gw, 'PUT', path, {})
    assert.equal(noTags.status, 400)
    assert.equal(noTags.errorType, 'ValidationException')
    const noKeys = await callManagementApi(gw, 'DELETE', path)
    assert.equal(noKeys.status, 400)
    assert.equal(noKeys.body.message, "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null")
    assert.deepEqual((await send(new GetTagsCommand({ resourceArn }))).tags, {})
  })
})

describe('tags with the AWS CLI', { skip: !awsCliInstalled() && 'the aws CLI is not installed' }, () => {
  let gw: TestGateway
  before(async () => {
    gw = await startTestGateway()
  })
  after(() => gw.close())

  const aws = (...args: string[]): Promise<any> =>
    new Promise((done, fail) => {
      execFile('aws', ['apigateway', ...args, '--endpoint-url', gw.adminUrl, '--output', 'json'], { env: { ...process.env, ...AWS_CLI_ENV } }, (error, stdout, stderr) => {
        if (error !== null) fail(new Error(`aws apigateway ${args[0]} failed: ${stderr}`))
        else done(stdout.trim() === '' ? undefined : JSON.parse(stdout))
      })
    })

  it('tag-resource, get-tags, untag-resource on a REST API', async () => {
    const api = await aws('create-rest-api', '--name', 'cli-tagged')
    const resourceArn = `arn:aws:apigateway:us-east-1::/restapis/${api.id}`
    await aws('tag-resource', '--resource-arn', resourceArn, '--tags', 'team=web,env=test')
    assert.deepEqual((await aws('get-tags', '--resource-arn', resourceArn)).tags, { team: 'web', env: 'test' })
    await aws('untag-resource', '--resource-arn', resourceArn, '--tag-keys', 'env')
    assert.deepEqual((await aws('get-rest-api', '--rest-api-id', api.id)).tags, { team: 'web' })
  })
})
