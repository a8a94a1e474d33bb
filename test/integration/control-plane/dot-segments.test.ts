import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { CreateRestApiCommand } from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { rawRequest } from '../../helpers/raw-http.ts'

/**
 * The management API routes the path it was sent. A dot segment is an identifier like any other
 * (and never names a resource), so `/restapis/{id}/resources/..` is not the RestApi and
 * `/restapis/.` is not the list of APIs: both are NotFoundException, AWS's 404 with
 * `x-amzn-ErrorType` and `{"message"}`. A CONNECT gets an answer, not a closed socket.
 */
describe('management API paths are routed as sent', () => {
  let gw: TestGateway
  let port: number
  let restApiId: string

  before(async () => {
    gw = await startTestGateway()
    port = Number(new URL(gw.adminUrl).port)
    restApiId = (await gw.apigateway.send(new CreateRestApiCommand({ name: 'dots' }))).id!
  })
  after(() => gw.close())

  const assertNotFound = async (path: string, errorType = 'NotFoundException'): Promise<void> => {
    const res = await rawRequest({ port, path })
    assert.equal(res.status, 404, `${path}: ${res.body.toString()}`)
    assert.equal(res.headers['x-amzn-errortype'], errorType, path)
    const body = JSON.parse(res.body.toString()) as { message?: unknown }
    assert.equal(typeof body.message, 'string', path)
    assert.ok(!('id' in body) && !('item' in body), `${path} answered a resource: ${res.body.toString()}`)
  }

  it('`..` after a resource collection is not the RestApi', async () => {
    await assertNotFound(`/restapis/${restApiId}/resources/..`)
    await assertNotFound(`/restapis/${restApiId}/resources/%2e%2e`)
    await assertNotFound(`/restapis/${restApiId}/stages/..`)
  })

  it('`/restapis/.` is not the list of APIs', async () => {
    await assertNotFound('/restapis/.')
    await assertNotFound('/restapis/%2E')
    // No operation has that many segments.
    await assertNotFound(`/restapis/./../restapis/${restApiId}`, 'UnknownOperationException')
  })

  it('still routes the plain paths', async () => {
    assert.equal((await rawRequest({ port, path: `/restapis/${restApiId}` })).status, 200)
    assert.equal((await rawRequest({ port, path: '/restapis' })).status, 200)
  })

  it('answers CONNECT with a 4xx instead of closing the socket', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('CONNECT /restapis HTTP/1.1\r\nHost: localhost\r\n\r\n'))
      let received = ''
      socket.on('data', (chunk) => (received += chunk.toString('latin1')))
      socket.on('end', () => resolve(received))
      socket.on('error', reject)
      socket.setTimeout(5000, () => socket.destroy(new Error(`no answer; got ${JSON.stringify(received)}`)))
    })
    assert.match(answer, /^HTTP\/1\.1 4\d\d /)
  })
})
