import assert from 'node:assert/strict'
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { describe, it } from 'node:test'
import { SignatureV4 } from '@smithy/signature-v4'
import { signRequest } from './sigv4-signer.ts'

/** The SDK's Checksum contract over node:crypto: a Hash, or an HMAC when given a secret. */
class NodeSha256 {
  readonly #hash: Hash | Hmac
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(bytes(data))
  }
  async digest(): Promise<Uint8Array> {
    return this.#hash.digest()
  }
  reset(): void {}
}

const bytes = (data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength)

describe('signRequest (SigV4, checked against @smithy/signature-v4)', () => {
  for (const [label, functionName, qualifier, sessionToken] of [
    ['a plain name', 'orders', undefined, undefined],
    ['an ARN (colons escaped twice in the canonical path) and a qualifier', 'arn:aws:lambda:eu-west-1:123456789012:function:orders', 'live', undefined],
    ['temporary credentials', 'orders', '$LATEST', 'session-token'],
  ] as const) {
    it(`signs an Invoke call with ${label} as the SDK does`, async () => {
      const now = new Date(Date.UTC(2026, 2, 4, 5, 6, 7))
      const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken }
      const url = new URL(`https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`)
      if (qualifier !== undefined) url.searchParams.set('Qualifier', qualifier)
      const headers = { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse', 'x-amz-log-type': 'None' }
      const body = '{"hello":"world"}'
      const ours = signRequest({ method: 'POST', url, headers, body, service: 'lambda', region: 'eu-west-1', credentials, now })

      const oracle = new SignatureV4({ service: 'lambda', region: 'eu-west-1', credentials, sha256: NodeSha256 })
      const signed = await oracle.sign({
        method: 'POST',
        protocol: 'https:',
        hostname: url.hostname,
        path: url.pathname,
        query: qualifier === undefined ? {} : { Qualifier: qualifier },
        headers: { ...headers, host: url.host, 'x-amz-content-sha256': ours['x-amz-content-sha256'] },
        body,
      }, { signingDate: now })
      assert.equal(ours.authorization, signed.headers.authorization)
      assert.equal(ours['x-amz-date'], signed.headers['x-amz-date'])
      assert.equal(ours['x-amz-security-token'], signed.headers['x-amz-security-token'])
    })
  }
})
