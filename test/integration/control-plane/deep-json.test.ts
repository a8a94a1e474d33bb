import assert from 'node:assert/strict'
import { CreateModelCommand, CreateRestApiCommand, GetModelsCommand, UpdateModelCommand } from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { rawRequest } from '../../helpers/raw-http.ts'

/**
 * JSON nested far deeper than any API needs — a model schema of a thousand levels, a management
 * body, an OpenAPI document — is refused with a 400 when it is written, never a 500 from a stack
 * overflow in whatever walks it next, and the gateway keeps serving.
 */
// Built as text: JSON.stringify itself recurses.
const nestedSchema = (levels: number): string =>
  `${'{"type": "object", "properties": {"a": '.repeat(levels)}{"type": "string"}${'}}'.repeat(levels)}`

describe('deeply nested JSON at the management API', () => {
  let gw: TestGateway
  let port: number
  let restApiId: string

  before(async () => {
    gw = await startTestGateway()
    port = Number(new URL(gw.adminUrl).port)
    restApiId = (await gw.apigateway.send(new CreateRestApiCommand({ name: 'deep' }))).id!
  })
  after(() => gw.close())

  const assertBadRequest = async (call: Promise<unknown>, name = 'BadRequestException'): Promise<void> => {
    await assert.rejects(call, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(error.name, name, error.message)
      assert.equal(error.$metadata?.httpStatusCode, 400)
      return true
    })
  }

  it('CreateModel refuses a schema a thousand levels deep with BadRequestException', async () => {
    for (const levels of [1000, 5000]) {
      await assertBadRequest(gw.apigateway.send(new CreateModelCommand({ restApiId, name: `Deep${levels}`, contentType: 'application/json', schema: nestedSchema(levels) })))
    }
    const models = await gw.apigateway.send(new GetModelsCommand({ restApiId }))
    assert.ok(!models.items?.some((model) => model.name?.startsWith('Deep')))
  })

  it('UpdateModel refuses one too, and keeps the schema it had', async () => {
    await gw.apigateway.send(new CreateModelCommand({ restApiId, name: 'Shallow', contentType: 'application/json', schema: nestedSchema(20) }))
    await assertBadRequest(gw.apigateway.send(new UpdateModelCommand({
      restApiId, modelName: 'Shallow', patchOperations: [{ op: 'replace', path: '/schema', value: nestedSchema(1000) }],
    })))
  })

  it('a management body nested past the bound is a 400, not a crash', async () => {
    // A member the operation does not read: accepted as it is when shallow, refused when this deep.
    const body = `{"name": "deep-body", "unread": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`
    const res = await rawRequest({ port, method: 'POST', path: '/restapis', headers: { 'content-type': 'application/json' }, body })
    assert.equal(res.status, 400, res.body.toString())
    assert.equal(res.headers['x-amzn-errortype'], 'SerializationException')
  })

  it('an OpenAPI document nested past the bound is Invalid OpenAPI input.', async () => {
    const deep = `${'{"x": '.repeat(5000)}1${'}'.repeat(5000)}`
    const document = `{"openapi": "3.0.1", "info": {"title": "deep", "version": "1"}, "paths": {}, "x-deep": ${deep}}`
    const res = await rawRequest({ port, method: 'POST', path: '/restapis?mode=import', headers: { 'content-type': 'application/json' }, body: document })
    assert.equal(res.status, 400, res.body.toString())
    // AWS's text, and Gatehouse's own `detail` saying what is wrong (AWS's SDKs read only `message`).
    const body = JSON.parse(res.body.toString()) as { message: string; detail?: string }
    assert.equal(body.message, 'Invalid OpenAPI input.')
    assert.match(body.detail ?? '', /nested too deeply/)
  })

  it('an imported model too deep to compile is left out with a warning, as CreateModel refuses it', async () => {
    const document = JSON.stringify({
      openapi: '3.0.1', info: { title: 'deep-model', version: '1' }, paths: {},
      components: { schemas: { Deep: JSON.parse(nestedSchema(200)), Fine: JSON.parse(nestedSchema(3)) } },
    })
    const refused = await rawRequest({ port, method: 'POST', path: '/restapis?mode=import&failonwarnings=true', headers: { 'content-type': 'application/json' }, body: document })
    assert.equal(refused.status, 400, refused.body.toString())
    assert.match(refused.body.toString(), /Unable to create model for 'Deep'/)
  })
})
