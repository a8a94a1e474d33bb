import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, UpdateIntegrationCommand, type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2'
import { apiGatewayV2Client, httpApiUrl } from '../../helpers/apigatewayv2.ts'
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { httpApiAnswers } from '../../helpers/recordings.ts'

/**
 * HTTP API parameter mapping (developer guide, "Transforming API requests and responses for HTTP
 * APIs"): request parameters change what an HTTP_PROXY backend receives, response parameters what
 * the client gets back for the integration's status code, and reserved headers are refused when
 * the integration is written.
 */
describe('HTTP API parameter mapping', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let backend: EchoBackend
  let ApiId: string
  let url: string
  const answers = httpApiAnswers()
  before(async () => {
    gw = await startTestGateway()
    v2 = apiGatewayV2Client(gw)
    backend = await startEchoBackend()
    ApiId = (await v2.send(new CreateApiCommand({ Name: 'mapping', ProtocolType: 'HTTP' }))).ApiId!
    const http = async (uri: string, requestParameters?: Record<string, string>, responseParameters?: Record<string, Record<string, string>>) =>
      (await v2.send(new CreateIntegrationCommand({
        ApiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: uri, IntegrationMethod: 'ANY', PayloadFormatVersion: '1.0',
        RequestParameters: requestParameters, ResponseParameters: responseParameters,
      }))).IntegrationId!
    const routes: Record<string, string> = {
      'GET /pets/{id}': await http(`${backend.origin}/pets/{id}`, {
        'append:header.x-pet': '$request.path.id',
        'overwrite:header.x-replaced': 'static',
        'remove:header.x-secret': '',
        'append:header.x-both': '${request.header.x-first} and ${request.querystring.q}',
        'append:header.x-from-context': '$context.routeKey|$context.stage|$context.httpMethod',
        'append:header.x-stage-variable': '$stageVariables.color',
        'append:header.x-absent': '$request.header.x-not-sent',
        'append:querystring.added': '$request.header.x-first',
        'overwrite:querystring.q': 'forced',
        'remove:querystring.drop': '',
      }),
      'POST /orders': await http(`${backend.origin}/orders`, {
        'append:header.x-customer': '$request.body.customer.name',
        'append:header.x-first-item': '$request.body.items[0].sku',
        'append:header.x-items': '$request.body.items',
        'append:header.x-count': '$request.body.count',
        'append:header.x-gift': '$request.body.gift',
        'append:header.x-absent-field': '$request.body.customer.phone',
        'append:header.x-templated': 'order for ${request.body.customer.name} of ${request.body.count} items',
        'append:querystring.sku': '$request.body.items[1].sku',
      }),
      'GET /rewrite/{proxy+}': await http(`${backend.origin}/ignored`, { 'overwrite:path': '/v2/$request.path.proxy' }),
      'ANY /status/{code}': await http(`${backend.origin}/status/{code}`, undefined, {
        404: { 'overwrite:statuscode': '410', 'append:header.x-mapped': 'gone at $context.stage' },
        500: { 'remove:header.x-backend': '', 'overwrite:header.server': 'mapped', 'append:header.x-echoed': '$response.header.x-backend' },
      }),
    }
    for (const [RouteKey, id] of Object.entries(routes)) await v2.send(new CreateRouteCommand({ ApiId, RouteKey, Target: `integrations/${id}` }))
    await v2.send(new CreateStageCommand({ ApiId, StageName: 'live', AutoDeploy: true, StageVariables: { color: 'green' } }))
    url = `${httpApiUrl(gw, ApiId)}/live`
  })
  after(async () => {
    v2.destroy()
    await gw.close()
    await backend.close()
  })

  it('appends, overwrites and removes headers and query strings with values of the request, $context and $stageVariables', async () => {
    const res = await fetch(`${url}/pets/7?q=asked&drop=me&keep=1`, {
      headers: { 'X-First': 'one', 'X-Replaced': 'from client', 'X-Secret': 'hidden' },
    })
    assert.equal(res.status, 200)
    const seen = await res.json() as { url: string; headers: Record<string, string> }
    const query = new URL(seen.url, 'http://backend').searchParams
    assert.equal(new URL(seen.url, 'http://backend').pathname, '/pets/7')
    assert.deepEqual([...query], [['q', 'forced'], ['keep', '1'], ['added', 'one']])
    assert.equal(seen.headers['x-pet'], '7')
    assert.equal(seen.headers['x-replaced'], 'static')
    assert.equal(seen.headers['x-secret'], undefined)
    assert.equal(seen.headers['x-both'], 'one and asked')
    assert.equal(seen.headers['x-from-context'], 'GET /pets/{id}|live|GET')
    assert.equal(seen.headers['x-stage-variable'], 'green')
    assert.equal(seen.headers['x-absent'], undefined)
    assert.equal(seen.headers['x-first'], 'one')
  })

  it('reads $request.body.<JSONPath> from a JSON body: names, array indexes, objects as JSON, absent values left out', async () => {
    const order = { customer: { name: 'Ada' }, items: [{ sku: 'a-1' }, { sku: 'b-2' }], count: 2, gift: false }
    const res = await fetch(`${url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) })
    assert.equal(res.status, 200)
    const seen = await res.json() as { url: string; headers: Record<string, string>; body: string }
    assert.equal(seen.headers['x-customer'], 'Ada')
    assert.equal(seen.headers['x-first-item'], 'a-1')
    assert.equal(seen.headers['x-items'], '[{"sku":"a-1"},{"sku":"b-2"}]')
    assert.equal(seen.headers['x-count'], '2')
    assert.equal(seen.headers['x-gift'], 'false')
    assert.equal(seen.headers['x-absent-field'], undefined)
    assert.equal(seen.headers['x-templated'], 'order for Ada of 2 items')
    assert.equal(seen.url, '/orders?sku=b-2')
    assert.deepEqual(JSON.parse(seen.body), order)

    const text = await (await fetch(`${url}/orders`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not json' })).json() as { headers: Record<string, string> }
    assert.equal(text.headers['x-customer'], undefined)
    assert.equal(text.headers['x-templated'], 'order for  of  items')
  })

  it('overwrites the integration request\'s path', async () => {
    const seen = await (await fetch(`${url}/rewrite/a/b?x=1`)).json() as { url: string }
    assert.equal(seen.url, '/v2/a/b?x=1')
  })

  it('maps a response by the integration\'s status code only', async () => {
    const gone = await fetch(`${url}/status/404`)
    assert.equal(gone.status, 410)
    assert.equal(gone.headers.get('x-mapped'), 'gone at live')
    assert.equal(gone.headers.get('x-backend'), 'echo')
    await gone.arrayBuffer()
    const failed = await fetch(`${url}/status/500`)
    assert.equal(failed.status, 500)
    assert.equal(failed.headers.get('x-backend'), null)
    assert.equal(failed.headers.get('server'), 'mapped')
    assert.equal(failed.headers.get('x-echoed'), 'echo')
    await failed.arrayBuffer()
    const fine = await fetch(`${url}/status/200`)
    assert.equal(fine.status, 200)
    assert.equal(fine.headers.get('x-mapped'), null)
    assert.equal(fine.headers.get('x-backend'), 'echo')
    await fine.arrayBuffer()
  })

  it('refuses every reserved header in request and response mappings when the integration is written', async () => {
    const integrationId = (await v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: `${backend.origin}/`, IntegrationMethod: 'ANY', PayloadFormatVersion: '1.0' }))).IntegrationId!
    const { prefix, status, errorType } = answers.mappingRefusal
    for (const reserved of answers.reservedHeaders.headers as string[]) {
      const header = reserved.replace('*', 'thing')
      for (const [members, text] of [
        [{ RequestParameters: { [`append:header.${header}`]: 'x' } }, `${prefix}Operations on header ${header} are restricted]`],
        [{ ResponseParameters: { 200: { [`overwrite:header.${header}`]: 'x' } } }, `${prefix}Operations on header ${header} are restricted]`],
      ] as const) {
        for (const write of [
          () => v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: `${backend.origin}/`, IntegrationMethod: 'ANY', PayloadFormatVersion: '1.0', ...members })),
          () => v2.send(new UpdateIntegrationCommand({ ApiId, IntegrationId: integrationId, ...members })),
        ]) {
          await assert.rejects(write(), (error: any) => {
            assert.equal(error.name, errorType)
            assert.equal(error.$metadata.httpStatusCode, status)
            assert.equal(error.message, text)
            return true
          }, header)
        }
      }
    }
  })

  it('refuses keys it does not know and a remove with a value, naming them', async () => {
    const { prefix } = answers.mappingRefusal
    const refusals: [Record<string, unknown>, string][] = [
      [{ RequestParameters: { 'append:body.x': 'y' } }, 'Invalid mapping key append:body.x'],
      [{ RequestParameters: { 'remove:header.x-a': 'y' } }, 'remove:header.x-a takes "" as its value'],
      [{ ResponseParameters: { 200: { 'append:querystring.a': 'y' } } }, 'Invalid Response Actioned Parameter append:querystring.a'],
      [{ ResponseParameters: { 999: { 'append:header.a': 'y' } } }, 'Invalid status code 999'],
    ]
    for (const [members, start] of refusals) {
      await assert.rejects(
        v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: `${backend.origin}/`, IntegrationMethod: 'ANY', PayloadFormatVersion: '1.0', ...members })),
        (error: any) => error.name === 'BadRequestException' && error.message.startsWith(`${prefix}${start}`),
      )
    }
  })
})
