import assert from 'node:assert/strict'
import { X509Certificate } from 'node:crypto'
import { createServer, type Server } from 'node:https'
import type { TLSSocket } from 'node:tls'
import {
  DeleteClientCertificateCommand, GenerateClientCertificateCommand, GetClientCertificateCommand, GetClientCertificatesCommand,
  GetStageCommand, GetTagsCommand, TagResourceCommand, UpdateClientCertificateCommand, UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { generateSelfSignedCertificate } from '../../../src/auth/self-signed-certificate.ts'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { gatewayForSuite } from '../../helpers/gateway.ts'
import { buildRestApi } from '../../helpers/rest-api-builder.ts'

/**
 * ClientCertificates (API reference, ClientCertificate and its operations) and what a stage does
 * with one (developer guide, "Generate and configure an SSL certificate for backend authentication
 * in API Gateway"): its HTTP and HTTP_PROXY integrations present it to a backend that asks for a
 * client certificate. No recording calls these operations; the shapes are the API reference's.
 */
describe('client certificates', () => {
  const { send, gateway } = gatewayForSuite()
  let backend: Server
  let backendUrl = ''

  before(async () => {
    // A TLS backend that asks every client for a certificate and says which one it was shown.
    const now = Date.now()
    const { certificatePem, privateKeyPem } = await generateSelfSignedCertificate('backend', new Date(now - 60_000), new Date(now + 86_400_000))
    backend = createServer({ cert: certificatePem, key: privateKeyPem, requestCert: true, rejectUnauthorized: false }, (request, response) => {
      const peer = (request.socket as TLSSocket).getPeerCertificate()
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ fingerprint256: peer?.fingerprint256 ?? null }))
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    backendUrl = `https://127.0.0.1:${(backend.address() as { port: number }).port}/`
  })
  after(() => new Promise<void>((resolve) => {
    backend.closeAllConnections()
    backend.close(() => resolve())
  }))

  it('generate, get, list, update /description, tag, delete (202); the private key never leaves the gateway', async () => {
    const created = await send(new GenerateClientCertificateCommand({ description: 'backend auth', tags: { team: 'api' } }))
    assert.equal(created.$metadata.httpStatusCode, 201)
    const clientCertificateId = created.clientCertificateId!
    const certificate = new X509Certificate(created.pemEncodedCertificate!)
    assert.ok(certificate.verify(certificate.publicKey), 'self-signed')
    assert.equal(created.description, 'backend auth')
    assert.deepEqual(created.tags, { team: 'api' })
    assert.equal(created.expirationDate!.getTime() - created.createdDate!.getTime(), 365 * 86_400_000)
    assert.equal(new Date(certificate.validTo).getTime(), created.expirationDate!.getTime())

    const raw = await (await fetch(`${gateway().adminUrl}/clientcertificates/${clientCertificateId}`)).text()
    assert.doesNotMatch(raw, /PRIVATE KEY|privateKey/)
    const got = await send(new GetClientCertificateCommand({ clientCertificateId }))
    assert.equal(got.pemEncodedCertificate, created.pemEncodedCertificate)
    assert.ok((await send(new GetClientCertificatesCommand({}))).items!.some((item) => item.clientCertificateId === clientCertificateId))

    const updated = await send(new UpdateClientCertificateCommand({
      clientCertificateId, patchOperations: [{ op: 'replace', path: '/description', value: 'rotated' }],
    }))
    assert.equal(updated.description, 'rotated')
    await assert.rejects(send(new UpdateClientCertificateCommand({
      clientCertificateId, patchOperations: [{ op: 'replace', path: '/pemEncodedCertificate', value: 'x' }],
    })), { name: 'BadRequestException' })

    const resourceArn = `arn:aws:apigateway:${DEFAULT_AWS_ENVIRONMENT.region}::/clientcertificates/${clientCertificateId}`
    await send(new TagResourceCommand({ resourceArn, tags: { env: 'dev' } }))
    assert.deepEqual((await send(new GetTagsCommand({ resourceArn }))).tags, { team: 'api', env: 'dev' })

    assert.equal((await send(new DeleteClientCertificateCommand({ clientCertificateId }))).$metadata.httpStatusCode, 202)
    await assert.rejects(send(new GetClientCertificateCommand({ clientCertificateId })), {
      name: 'NotFoundException', message: 'Invalid Client Certificate identifier specified',
    })
  })

  it('a stage\'s HTTP and HTTP_PROXY integrations present its certificate to a backend that asks for one', async () => {
    const gw = gateway()
    const tlsConfig = { insecureSkipVerification: true }
    const restApiId = await buildRestApi(gw, {
      name: 'mtls',
      stage: 'prod',
      methods: [
        { path: 'proxy', httpMethod: 'GET', integration: { type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: backendUrl, tlsConfig } },
        {
          path: 'mapped', httpMethod: 'GET',
          integration: { type: 'HTTP', integrationHttpMethod: 'GET', uri: backendUrl, tlsConfig, requestTemplates: { 'application/json': '' } },
          responses: [{ statusCode: '200' }],
        },
      ],
    })
    const shown = async (path: string) => {
      const response = await fetch(`${gw.stageUrl(restApiId, 'prod')}/${path}`)
      assert.equal(response.status, 200, `${path}: ${response.status}`)
      return ((await response.json()) as { fingerprint256: string | null }).fingerprint256
    }
    assert.equal(await shown('proxy'), null, 'no certificate before the stage names one')

    await assert.rejects(send(new UpdateStageCommand({
      restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/clientCertificateId', value: 'nope' }],
    })), { name: 'NotFoundException' })
    const { clientCertificateId, pemEncodedCertificate } = await send(new GenerateClientCertificateCommand({}))
    await send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/clientCertificateId', value: clientCertificateId }] }))
    assert.equal((await send(new GetStageCommand({ restApiId, stageName: 'prod' }))).clientCertificateId, clientCertificateId)

    const expected = new X509Certificate(pemEncodedCertificate!).fingerprint256
    assert.equal(await shown('proxy'), expected)
    assert.equal(await shown('mapped'), expected)

    await send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'remove', path: '/clientCertificateId' }] }))
    assert.equal(await shown('proxy'), null)
  })

  it('a backend whose certificate no known authority signed is refused unless tlsConfig.insecureSkipVerification', async () => {
    const gw = gateway()
    const restApiId = await buildRestApi(gw, {
      name: 'strict', stage: 'prod',
      methods: [{ path: 'proxy', httpMethod: 'GET', integration: { type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: backendUrl } }],
    })
    assert.equal((await fetch(`${gw.stageUrl(restApiId, 'prod')}/proxy`)).status, 500)
  })
})
