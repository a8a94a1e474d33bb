import assert from 'node:assert/strict'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { openServerCertificate, issueServerCertificate } from './local-certificate-authority.ts'

describe('the local certificate authority', () => {
  it('issues a server certificate for every {apiId}.execute-api.localhost and the loopback, signed by its CA', () => {
    const issued = issueServerCertificate(new Date())
    const server = new X509Certificate(issued.certificate)
    const ca = new X509Certificate(issued.caCertificate)
    assert.ok(ca.ca)
    assert.ok(!server.ca)
    assert.ok(server.checkIssued(ca) && server.verify(ca.publicKey))
    assert.equal(server.checkHost('abc123.execute-api.localhost'), '*.execute-api.localhost')
    assert.equal(server.checkHost('localhost'), 'localhost')
    assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1')
    // Names it must not cover: AWS's own and deeper or other ones.
    for (const name of ['abc.execute-api.us-east-1.amazonaws.com', 'a.b.execute-api.localhost', 'example.com']) assert.equal(server.checkHost(name), undefined, name)
    assert.match(server.keyUsage?.join() ?? '', /1\.3\.6\.1\.5\.5\.7\.3\.1/)
  })

  it('keeps them in the data directory and reuses them; a damaged or expiring set is issued again', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-tls-'))
    try {
      const now = new Date()
      const first = openServerCertificate(dataDir, now)
      assert.equal(readFileSync(join(dataDir, 'tls', 'ca.pem'), 'utf8'), first.caCertificate)
      assert.equal(statSync(join(dataDir, 'tls', 'server-key.pem')).mode & 0o077, 0)
      assert.deepEqual(openServerCertificate(dataDir, now), first)
      // 800 days on, the 825-day certificate is within its renewal month.
      const later = openServerCertificate(dataDir, new Date(now.getTime() + 800 * 24 * 60 * 60 * 1000))
      assert.notEqual(later.certificate, first.certificate)
      writeFileSync(join(dataDir, 'tls', 'server.pem'), 'not a certificate')
      const again = openServerCertificate(dataDir, now)
      assert.ok(new X509Certificate(again.certificate).checkIssued(new X509Certificate(again.caCertificate)))
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
