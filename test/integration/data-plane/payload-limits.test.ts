import assert from 'node:assert/strict'
import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand,
} from '@aws-sdk/client-api-gateway'
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { rawRequest, type RawResponse } from '../../helpers/raw-http.ts'

/**
 * API Gateway's payload limit (developer guide, "Quotas": 10 MB): a bigger body is answered
 * 413 with an AWS-shaped JSON error before any integration runs, whether its size is declared or only
 * found out while streaming, and the gateway goes on serving. A body of exactly 10 MB reaches the
 * backend whole.
 */
const LIMIT = 10 * 1024 * 1024
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

describe('data plane payload limit', () => {
  let gw: TestGateway
  let backend: Server
  let calls = 0
  let port: number
  let restApiId: string

  before(async () => {
    // Answers with the size and hash of what it received.
    backend = createServer((req, res) => {
      calls++
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const body = Buffer.concat(chunks)
        const reply = JSON.stringify({ bytes: body.length, sha256: sha256(body) })
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(reply) }).end(reply)
      })
    })
    await new Promise<void>((done) => backend.listen(0, '127.0.0.1', done))
    const backendPort = (backend.address() as AddressInfo).port
    gw = await startTestGateway()
    port = Number(new URL(gw.url).port)
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'payload-limits' }))
    restApiId = api.id!
    const upload = await send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId!, pathPart: 'upload' }))
    await send(new PutMethodCommand({ restApiId, resourceId: upload.id!, httpMethod: 'POST', authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({
      restApiId, resourceId: upload.id!, httpMethod: 'POST', type: 'HTTP_PROXY', integrationHttpMethod: 'POST',
      uri: `http://127.0.0.1:${backendPort}/upload`,
    }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }))
  })
  after(async () => {
    await gw.close()
    backend.closeAllConnections()
    await new Promise((done) => backend.close(done))
  })

  const upload = (body: Buffer, chunked = false): Promise<RawResponse> => rawRequest({
    port,
    method: 'POST',
    path: `/_aws/execute-api/${restApiId}/prod/upload`,
    headers: { 'Content-Type': 'application/octet-stream' },
    body,
    chunked,
  })

  function assertTooLarge(res: RawResponse): void {
    assert.equal(res.status, 413)
    assert.equal(res.headers['content-type'], 'application/json')
    const body = JSON.parse(res.body.toString('utf8'))
    assert.deepEqual(Object.keys(body), ['message'])
    assert.equal(typeof body.message, 'string')
    assert.equal(res.headers['x-amzn-errortype'], 'RequestTooLargeException')
    assert.equal(typeof res.headers['x-amzn-requestid'], 'string')
  }

  it('a body over 10 MB with a declared Content-Length is a 413, and the backend is never called', async () => {
    const before = calls
    assertTooLarge(await upload(Buffer.alloc(LIMIT + 1, 0x61)))
    assert.equal(calls, before)
  })

  it('a chunked body that grows past 10 MB is a 413 too', async () => {
    const before = calls
    assertTooLarge(await upload(Buffer.alloc(LIMIT + 64 * 1024, 0x62), true))
    assert.equal(calls, before)
  })

  it('the gateway keeps serving after refusing a large body', async () => {
    const res = await upload(Buffer.from('small'))
    assert.equal(res.status, 200)
    assert.deepEqual(JSON.parse(res.body.toString()), { bytes: 5, sha256: sha256(Buffer.from('small')) })
  })

  it('a body of exactly 10 MB passes, byte for byte, declared or chunked', async () => {
    const body = Buffer.alloc(LIMIT)
    for (let i = 0; i < body.length; i += 4096) body[i] = i % 251
    for (const chunked of [false, true]) {
      const res = await upload(body, chunked)
      assert.equal(res.status, 200, res.body.toString())
      assert.deepEqual(JSON.parse(res.body.toString()), { bytes: LIMIT, sha256: sha256(body) })
    }
  })
})
