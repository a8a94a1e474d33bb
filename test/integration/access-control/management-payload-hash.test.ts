import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { GetRestApisCommand } from '@aws-sdk/client-api-gateway'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { presignWithSmithy, signWithSmithy, type WireRequest } from '../../helpers/sigv4-signers.ts'

/**
 * A management call's signature covers its body. AWS's JSON and REST-JSON services hash the body
 * they receive; `x-amz-content-sha256: UNSIGNED-PAYLOAD` is S3's, so a signature captured once
 * cannot be replayed with another body: the replay is AWS's 403 InvalidSignatureException.
 */
const ADMIN = { accessKeyId: 'AKIAADMIN00000000002', secretAccessKey: 'admin-secret-payload-0123456789' }

describe('management API: the body is always signed', () => {
  let gw: TestGateway

  before(async () => {
    gw = await startTestGateway({ adminKeys: [ADMIN] })
  })
  after(() => gw.close())

  const send = (wire: WireRequest, body: string): Promise<Response> => {
    const { host: _, ...headers } = wire.headers
    return fetch(wire.url, { method: wire.method, headers, body })
  }
  const sign = (body: string, headers: Record<string, string> = {}): Promise<WireRequest> => signWithSmithy({
    method: 'POST', url: `${gw.adminUrl}/restapis`, body, service: 'apigateway', credentials: ADMIN,
    headers: { 'content-type': 'application/json', ...headers },
  })

  const assertInvalidSignature = async (res: Response): Promise<void> => {
    const text = await res.text()
    assert.equal(res.status, 403, text)
    assert.equal(res.headers.get('x-amzn-errortype'), 'InvalidSignatureException')
    assert.match(JSON.parse(text).message, /^The request signature we calculated does not match the signature you provided\./)
  }

  it('refuses a signature made with UNSIGNED-PAYLOAD, even with the body it was made for', async () => {
    const wire = await sign('{"name": "signed"}', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' })
    await assertInvalidSignature(await send(wire, '{"name": "signed"}'))
  })

  it('refuses a captured UNSIGNED-PAYLOAD signature replayed with another body, and creates nothing', async () => {
    const wire = await sign('{"name": "harmless"}', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' })
    await assertInvalidSignature(await send(wire, '{"name": "replayed"}'))
    const apis = await gw.apigateway.send(new GetRestApisCommand({}))
    assert.ok(!apis.items?.some((api) => api.name === 'replayed'))
  })

  it('refuses a presigned management call too (the signer hashed no body)', async () => {
    const wire = await presignWithSmithy({
      method: 'POST', url: `${gw.adminUrl}/restapis`, service: 'apigateway', credentials: ADMIN,
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    })
    await assertInvalidSignature(await send(wire, '{"name": "presigned"}'))
  })

  it('still accepts a call whose signature hashed its body', async () => {
    const wire = await sign('{"name": "hashed"}')
    const res = await send(wire, '{"name": "hashed"}')
    assert.equal(res.status, 201, await res.text())
    await assertInvalidSignature(await send(wire, '{"name": "tampered"}'))
  })
})
