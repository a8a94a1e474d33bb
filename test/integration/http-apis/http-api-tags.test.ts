import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  CreateApiCommand, CreateStageCommand, GetApiCommand, GetStageCommand, GetTagsCommand, NotFoundException, TagResourceCommand, UntagResourceCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { apiGatewayV2Client } from '../../helpers/apigatewayv2.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * Tags on HTTP APIs and their stages (developer guide, "Tagging your API Gateway resources"; API
 * reference v2, "Tags"): `Tags` on CreateApi and CreateStage, and TagResource, UntagResource and
 * GetTags by the resource's ARN.
 */
describe('HTTP API tags', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let ApiId: string
  const arn = (path: string) => `arn:aws:apigateway:${DEFAULT_AWS_ENVIRONMENT.region}::${path}`
  before(async () => {
    gw = await startTestGateway()
    v2 = apiGatewayV2Client(gw)
    ApiId = (await v2.send(new CreateApiCommand({ Name: 'tagged', ProtocolType: 'HTTP', Tags: { team: 'pets', env: 'dev' } }))).ApiId!
    await v2.send(new CreateStageCommand({ ApiId, StageName: 'live', Tags: { tier: 'gold' } }))
  })
  after(async () => {
    v2.destroy()
    await gw.close()
  })

  it('GetTags returns the tags given at creation, for the API and for a stage', async () => {
    assert.deepEqual((await v2.send(new GetTagsCommand({ ResourceArn: arn(`/apis/${ApiId}`) }))).Tags, { team: 'pets', env: 'dev' })
    assert.deepEqual((await v2.send(new GetTagsCommand({ ResourceArn: arn(`/apis/${ApiId}/stages/live`) }))).Tags, { tier: 'gold' })
  })

  it('TagResource adds and replaces, UntagResource removes, and GetApi/GetStage show the result', async () => {
    await v2.send(new TagResourceCommand({ ResourceArn: arn(`/apis/${ApiId}`), Tags: { env: 'prod', owner: 'ada' } }))
    assert.deepEqual((await v2.send(new GetTagsCommand({ ResourceArn: arn(`/apis/${ApiId}`) }))).Tags, { team: 'pets', env: 'prod', owner: 'ada' })
    await v2.send(new UntagResourceCommand({ ResourceArn: arn(`/apis/${ApiId}`), TagKeys: ['team', 'owner', 'never-set'] }))
    assert.deepEqual((await v2.send(new GetApiCommand({ ApiId }))).Tags, { env: 'prod' })

    await v2.send(new TagResourceCommand({ ResourceArn: arn(`/apis/${ApiId}/stages/live`), Tags: { cost: 'low' } }))
    await v2.send(new UntagResourceCommand({ ResourceArn: arn(`/apis/${ApiId}/stages/live`), TagKeys: ['tier'] }))
    assert.deepEqual((await v2.send(new GetStageCommand({ ApiId, StageName: 'live' }))).Tags, { cost: 'low' })
  })

  it('an unknown API or stage is NotFoundException; an ARN of no v2 resource is BadRequestException', async () => {
    // The exception names are the API reference v2's errors for these operations; which one AWS picks
    // for each case is not in a recording here, so these pin Gatehouse's choice.
    await assert.rejects(v2.send(new GetTagsCommand({ ResourceArn: arn('/apis/nosuchapi') })), NotFoundException)
    await assert.rejects(v2.send(new TagResourceCommand({ ResourceArn: arn(`/apis/${ApiId}/stages/nope`), Tags: { a: 'b' } })), NotFoundException)
    await assert.rejects(v2.send(new GetTagsCommand({ ResourceArn: arn('/restapis/abc') })), { name: 'BadRequestException' })
  })
})
