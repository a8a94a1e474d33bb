import assert from 'node:assert/strict'
import { get, createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import tls from 'node:tls'
import { issueServerCertificate } from '../data-plane/tls/local-certificate-authority.ts'
import { routeExecuteApiToGateway } from './execute-api-endpoint.ts'

/**
 * The redirect a function's runtime installs before its handler loads. Run here in the test's own
 * process (each test file has one), as the runtime runs it in the function's.
 */
describe('routeExecuteApiToGateway', () => {
  const certificate = issueServerCertificate(new Date())
  const server = createServer({ key: certificate.privateKey, cert: certificate.certificate }, (req, res) => res.end(`${req.headers.host} ${req.url}`))
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    routeExecuteApiToGateway({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, caCertificate: certificate.caCertificate })
  })
  after(() => {
    server.closeAllConnections()
    server.close()
  })

  it('sends https://{apiId}.execute-api.localhost (port 443) to the gateway, which it trusts by its CA, keeping the Host', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      get('https://abc123.execute-api.localhost/dev/@connections/x', (res) => {
        let body = ''
        res.on('data', (chunk) => (body += chunk))
        res.on('end', () => resolve(body))
      }).on('error', reject)
    })
    assert.equal(answer, 'abc123.execute-api.localhost /dev/@connections/x')
    const response = await fetch('https://abc123.execute-api.localhost/dev/ping')
    assert.equal(await response.text(), 'abc123.execute-api.localhost /dev/ping')
  })

  /** The host name a connection looked up: a redirected one looks none up (it goes to an address). */
  function lookedUp(options: tls.ConnectionOptions): Promise<string> {
    return new Promise((resolve) => {
      const socket = tls.connect({
        ...options,
        lookup: (hostname, _options, callback) => {
          resolve(hostname)
          ;(callback as (error: Error) => void)(Object.assign(new Error('not looked up in tests'), { code: 'ENOTFOUND' }))
        },
      })
      socket.on('error', () => {})
      socket.on('secureConnect', () => {
        socket.destroy()
        resolve('(connected to the gateway)')
      })
    })
  }

  it('leaves every other host and port alone: AWS\'s own execute-api names, other .localhost names, look-alikes, other ports', async () => {
    for (const [host, port] of [
      ['abc123.execute-api.us-east-1.amazonaws.com', 443],
      ['abc123.execute-api.localhost.example.com', 443],
      ['other.localhost', 443],
      ['execute-api.localhost', 443],
      ['abc123.execute-api.localhost', 8443],
    ] as const) {
      assert.equal(await lookedUp({ host, port }), host, `${host}:${port}`)
    }
    assert.equal(await lookedUp({ host: 'abc123.execute-api.localhost', port: 443 }), '(connected to the gateway)')
  })

  it('trusts the local CA for the redirected connections only', async () => {
    const other = await new Promise<string>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, servername: 'abc123.execute-api.localhost' })
      socket.on('secureConnect', () => {
        socket.destroy()
        resolve('trusted')
      })
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
    })
    assert.equal(other, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')
  })
})
