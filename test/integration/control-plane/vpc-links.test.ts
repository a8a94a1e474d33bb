import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import {
  CreateVpcLinkCommand, DeleteVpcLinkCommand, GetResourcesCommand, GetTagsCommand, GetVpcLinkCommand, GetVpcLinksCommand, TagResourceCommand,
  TestInvokeMethodCommand, UpdateVpcLinkCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { gatewayForSuite } from '../../helpers/gateway.ts'
import { RecordingMatcher } from '../../helpers/openapi-recording.ts'
import { recording } from '../../helpers/recordings.ts'
import { assertRecordedError, assertRecordedOutput } from '../../helpers/sdk-recording.ts'
import { buildRestApi } from '../../helpers/rest-api-builder.ts'

/**
 * REST's VpcLinks through the real SDK, as `[LS test_apigateway_api > TestApiGatewayVpcLink::*]`
 * recorded them, and private integrations (`connectionType: VPC_LINK`) that reach the URL
 * gatehouse.yaml's `vpcLinks` gives for the link's load balancer (Gatehouse's own configuration;
 * the Host and path the backend sees follow the API reference, Integration.uri).
 */
const recorded = (test: string) => recording('test_apigateway_api', `TestApiGatewayVpcLink::${test}`)
const NLB = `arn:aws:elasticloadbalancing:${DEFAULT_AWS_ENVIRONMENT.region}:${DEFAULT_AWS_ENVIRONMENT.accountId}:loadbalancer/net/orders/50dc6c495c0c9188`

describe('VPC links', () => {
  let backend: Server
  let backendUrl = 'http://127.0.0.1:1'
  before(async () => {
    backend = createServer((request, response) => {
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ host: request.headers.host, url: request.url }))
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    backendUrl = `http://127.0.0.1:${(backend.address() as { port: number }).port}`
  })
  after(() => new Promise<void>((resolve) => backend.close(() => resolve())))
  // The gateway reads `backendUrl` when it starts, after the backend's before() hook.
  const options = { get vpcLinks() { return { [NLB]: backendUrl } } }
  const { send, gateway } = gatewayForSuite(options)

  it('lifecycle: create 202 PENDING, then AVAILABLE on get, list, update; delete 202 [LS test_vpc_link_lifecycle]', async () => {
    const rec = recorded('test_vpc_link_lifecycle')
    const m = new RecordingMatcher()
    const created = await send(new CreateVpcLinkCommand({ name: 'orders-link', targetArns: [NLB] }))
    assertRecordedOutput(m, created, rec.create_vpc_link, 'create_vpc_link')
    const vpcLinkId = created.id!
    assertRecordedOutput(m, await send(new GetVpcLinkCommand({ vpcLinkId })), rec.get_vpc_link, 'get_vpc_link')
    const listed = await send(new GetVpcLinksCommand({}))
    const mine = { $metadata: listed.$metadata, items: listed.items!.filter((item) => item.id === vpcLinkId) }
    assertRecordedOutput(m, mine, rec.get_vpc_links, 'get_vpc_links')
    assertRecordedOutput(m, await send(new UpdateVpcLinkCommand({
      vpcLinkId, patchOperations: [{ op: 'replace', path: '/name', value: 'orders-link-updated' }],
    })), rec.update_vpc_link, 'update_vpc_link')
    const resourceArn = `arn:aws:apigateway:${DEFAULT_AWS_ENVIRONMENT.region}::/vpclinks/${vpcLinkId}`
    await send(new TagResourceCommand({ resourceArn, tags: { team: 'orders' } }))
    assert.deepEqual((await send(new GetTagsCommand({ resourceArn }))).tags, { team: 'orders' })
    assertRecordedOutput(m, await send(new DeleteVpcLinkCommand({ vpcLinkId })), rec.delete_vpc_link, 'delete_vpc_link')
    await assertRecordedError(send(new GetVpcLinkCommand({ vpcLinkId })), recorded('test_get_vpc_link_invalid_id').get_vpc_link_invalid_id, 'get after delete')
  })

  it('bad input and unknown ids answer the recorded texts, and write nothing [LS test_create_vpc_link_invalid_parameters, test_*_vpc_link_invalid_id]', async () => {
    const before = (await send(new GetVpcLinksCommand({}))).items!.length
    const invalid = recorded('test_create_vpc_link_invalid_parameters')
    await assertRecordedError(send(new CreateVpcLinkCommand({ name: 'x', targetArns: ['invalid-arn'] })), invalid.create_vpc_link_invalid_target_arn, 'invalid-arn')
    await assertRecordedError(send(new CreateVpcLinkCommand({ name: '', targetArns: [NLB] })), invalid.create_vpc_link_empty_name, 'empty-name')
    assert.equal((await send(new GetVpcLinksCommand({}))).items!.length, before)
    await assertRecordedError(send(new GetVpcLinkCommand({ vpcLinkId: 'nope' })), recorded('test_get_vpc_link_invalid_id').get_vpc_link_invalid_id, 'get')
    await assertRecordedError(send(new DeleteVpcLinkCommand({ vpcLinkId: 'nope' })), recorded('test_delete_vpc_link_invalid_id').delete_vpc_link_invalid_id, 'delete')
    await assertRecordedError(send(new UpdateVpcLinkCommand({
      vpcLinkId: 'nope', patchOperations: [{ op: 'replace', path: '/name', value: 'n' }],
    })), recorded('test_update_vpc_link_invalid_id').update_vpc_link_invalid_id, 'update')
  })

  it('a VPC_LINK integration reaches the load balancer gatehouse.yaml places, with the URI\'s Host and path; connectionId may be a stage variable', async () => {
    const gw = gateway()
    const placed = (await send(new CreateVpcLinkCommand({ name: 'placed', targetArns: [NLB] }))).id!
    const unplaced = (await send(new CreateVpcLinkCommand({ name: 'elsewhere', targetArns: [`${NLB}-other`] }))).id!
    const privately = (connectionId: string) => ({
      type: 'HTTP_PROXY' as const, integrationHttpMethod: 'GET', uri: 'http://orders.internal.example:8080/orders/list?from=uri',
      connectionType: 'VPC_LINK' as const, connectionId,
    })
    const restApiId = await buildRestApi(gw, {
      name: 'private', stage: 'prod', variables: { link: placed },
      methods: [
        { path: 'direct', httpMethod: 'GET', integration: privately(placed) },
        { path: 'variable', httpMethod: 'GET', integration: privately('${stageVariables.link}') },
        { path: 'unplaced', httpMethod: 'GET', integration: privately(unplaced) },
        { path: 'hostile', httpMethod: 'GET', integration: privately('${stageVariables.constructor}') },
      ],
    })
    for (const path of ['direct', 'variable']) {
      const response = await fetch(`${gw.stageUrl(restApiId, 'prod')}/${path}?q=1`)
      assert.equal(response.status, 200, path)
      assert.deepEqual(await response.json(), { host: 'orders.internal.example:8080', url: '/orders/list?from=uri&q=1' }, path)
    }
    // TestInvokeMethod reaches the same load balancer, without a deployment.
    const { items } = await send(new GetResourcesCommand({ restApiId }))
    const tested = await send(new TestInvokeMethodCommand({
      restApiId, resourceId: items!.find((item) => item.path === '/variable')!.id!, httpMethod: 'GET', stageVariables: { link: placed },
    }))
    assert.deepEqual(JSON.parse(tested.body!), { host: 'orders.internal.example:8080', url: '/orders/list?from=uri' })
    for (const path of ['unplaced', 'hostile']) {
      const response = await fetch(`${gw.stageUrl(restApiId, 'prod')}/${path}`)
      assert.equal(response.status, 500, path)
      assert.deepEqual(await response.json(), { message: 'Internal server error' })
    }
  })
})
