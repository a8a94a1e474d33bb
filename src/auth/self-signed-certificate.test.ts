import assert from 'node:assert/strict'
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { it } from 'node:test'
import { generateSelfSignedCertificate } from './self-signed-certificate.ts'

it('writes a certificate node:crypto reads back: self-signed, its dates and name, its key the private key\'s', async () => {
  const notBefore = new Date('2026-12-04T10:00:00Z')
  const notAfter = new Date('2027-12-04T10:00:00Z')
  const { certificatePem, privateKeyPem } = await generateSelfSignedCertificate('abc123', notBefore, notAfter)
  const certificate = new X509Certificate(certificatePem)
  assert.equal(certificate.subject, 'CN=abc123')
  assert.equal(certificate.issuer, 'CN=abc123')
  assert.equal(new Date(certificate.validFrom).toISOString(), notBefore.toISOString())
  assert.equal(new Date(certificate.validTo).toISOString(), notAfter.toISOString())
  assert.ok(certificate.verify(certificate.publicKey), 'signed by its own key')
  assert.ok(certificate.checkPrivateKey(createPrivateKey(privateKeyPem)))
  assert.ok(certificate.checkIssued(certificate))
  const later = await generateSelfSignedCertificate('abc123', notBefore, new Date('2051-01-01T00:00:00Z'))
  assert.equal(new Date(new X509Certificate(later.certificatePem).validTo).toISOString(), '2051-01-01T00:00:00.000Z')
  assert.notEqual(new X509Certificate(later.certificatePem).serialNumber, certificate.serialNumber)
})
