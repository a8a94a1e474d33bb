import assert from 'node:assert/strict'
import {
  BadRequestException, CreateRestApiCommand, GetIntegrationCommand, GetIntegrationResponseCommand, PutIntegrationCommand,
  PutIntegrationResponseCommand, PutMethodCommand, UpdateIntegrationCommand, UpdateIntegrationResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * A mapping template that does not parse is refused when it is written —
 * PutIntegration, PutIntegrationResponse, UpdateIntegration and UpdateIntegrationResponse (patch
 * paths `/requestTemplates/{type}` and `/responseTemplates/{type}`) — with a 400
 * BadRequestException naming the line and column, and nothing is stored. The wording is ours (AWS's
 * is not recorded); the position is what the test pins.
 */
const GOOD = '{"statusCode": 200}'
/** `#end` on line 3 closes nothing: the #if on line 1 was closed on line 2. */
const UNBALANCED_END = '#if($input.path(\'$.a\'))\n{"a": 1}#end\n#end'
/** An expression cut short on line 2. */
const BAD_EXPRESSION = '{\n  #set($x = )\n}'

describe('mapping templates are parsed when written', () => {
  let gw: TestGateway
  let send: TestGateway['apigateway']['send']
  let where: { restApiId: string; resourceId: string; httpMethod: string }

  before(async () => {
    gw = await startTestGateway()
    send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'template refusal' }))
    where = { restApiId: api.id!, resourceId: api.rootResourceId!, httpMethod: 'POST' }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'application/json': GOOD } }))
    await send(new PutIntegrationResponseCommand({ ...where, statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } }))
  })
  after(async () => gw.close())

  /** The SDK call fails with BadRequestException whose message names `line L, column C`. */
  async function assertRefused(call: Promise<unknown>, contentType: string, line: number, column: number): Promise<void> {
    await assert.rejects(call, (error: unknown) => {
      assert.ok(error instanceof BadRequestException, `BadRequestException, got ${String(error)}`)
      assert.equal(error.$metadata.httpStatusCode, 400)
      assert.match(error.message, new RegExp(`^Invalid mapping template specified for content type ${contentType.replace('/', '\\/')}: `))
      assert.match(error.message, new RegExp(`at line ${line}, column ${column}$`))
      return true
    })
  }

  it('PutIntegration refuses it and keeps the integration it had', async () => {
    await assertRefused(send(new PutIntegrationCommand({
      ...where, type: 'MOCK', requestTemplates: { 'application/json': GOOD, 'application/xml': UNBALANCED_END },
    })), 'application/xml', 3, 1)
    await assertRefused(send(new PutIntegrationCommand({ ...where, type: 'MOCK', requestTemplates: { 'text/plain': BAD_EXPRESSION } })), 'text/plain', 2, 13)
    const stored = await send(new GetIntegrationCommand(where))
    assert.deepEqual(stored.requestTemplates, { 'application/json': GOOD })
    // Its integration response survived too: a refused Put replaces nothing.
    assert.ok(stored.integrationResponses?.['200'] !== undefined)
  })

  it('PutIntegrationResponse refuses it and keeps the response it had', async () => {
    await assertRefused(send(new PutIntegrationResponseCommand({
      ...where, statusCode: '200', responseTemplates: { 'application/json': UNBALANCED_END },
    })), 'application/json', 3, 1)
    const stored = await send(new GetIntegrationResponseCommand({ ...where, statusCode: '200' }))
    assert.deepEqual(stored.responseTemplates, { 'application/json': '{"ok": true}' })
  })

  it('UpdateIntegration refuses add and replace on /requestTemplates/{type}, and applies none of the batch', async () => {
    await assertRefused(send(new UpdateIntegrationCommand({
      ...where,
      patchOperations: [
        { op: 'replace', path: '/timeoutInMillis', value: '1000' },
        { op: 'add', path: '/requestTemplates/text~1plain', value: BAD_EXPRESSION },
      ],
    })), 'text/plain', 2, 13)
    await assertRefused(send(new UpdateIntegrationCommand({
      ...where, patchOperations: [{ op: 'replace', path: '/requestTemplates/application~1json', value: UNBALANCED_END }],
    })), 'application/json', 3, 1)
    const stored = await send(new GetIntegrationCommand(where))
    assert.deepEqual(stored.requestTemplates, { 'application/json': GOOD })
    assert.equal(stored.timeoutInMillis, 29000)
  })

  it('UpdateIntegrationResponse refuses add and replace on /responseTemplates/{type}', async () => {
    await assertRefused(send(new UpdateIntegrationResponseCommand({
      ...where, statusCode: '200', patchOperations: [{ op: 'add', path: '/responseTemplates/application~1xml', value: UNBALANCED_END }],
    })), 'application/xml', 3, 1)
    await assertRefused(send(new UpdateIntegrationResponseCommand({
      ...where, statusCode: '200', patchOperations: [{ op: 'replace', path: '/responseTemplates/application~1json', value: BAD_EXPRESSION }],
    })), 'application/json', 2, 13)
    const stored = await send(new GetIntegrationResponseCommand({ ...where, statusCode: '200' }))
    assert.deepEqual(stored.responseTemplates, { 'application/json': '{"ok": true}' })
  })

  it('accepts templates that parse, empty ones (stored as null) and removals', async () => {
    const template = '#set($body = $input.path(\'$\'))\n{"name": "$body.name"}'
    await send(new UpdateIntegrationCommand({ ...where, patchOperations: [{ op: 'add', path: '/requestTemplates/text~1plain', value: template }] }))
    await send(new UpdateIntegrationResponseCommand({
      ...where, statusCode: '200', patchOperations: [{ op: 'add', path: '/responseTemplates/application~1xml', value: '' }],
    }))
    assert.deepEqual((await send(new GetIntegrationCommand(where))).requestTemplates, { 'application/json': GOOD, 'text/plain': template })
    await send(new UpdateIntegrationCommand({ ...where, patchOperations: [{ op: 'remove', path: '/requestTemplates/text~1plain' }] }))
    assert.deepEqual((await send(new GetIntegrationCommand(where))).requestTemplates, { 'application/json': GOOD })
  })
})
