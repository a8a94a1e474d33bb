import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { presignWithSmithy, signWithAws4, signWithSmithy, type WireRequest } from '../../../test/helpers/sigv4-signers.ts'
import { canonicalUri } from './canonical-request.ts'
import { SignatureRejection } from './signature-rejection.ts'
import { signedRequest } from './signed-request.ts'
import { equalInConstantTime, verifySignature, type SigningCredential, type VerifyOptions } from './verify-signature.ts'

const ALICE = { accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice-secret-key-0123456789abcdefghijklm' }
const TEMP = { accessKeyId: 'ASIATEMP000000000001', secretAccessKey: 'temp-secret', sessionToken: 'FwoGZXIvYXdzE-session-token==' }
const SIGNED_AT = new Date(Date.UTC(2026, 0, 15, 12, 0, 0))
const NOW = SIGNED_AT.getTime() + 30_000

const KNOWN = new Map<string, SigningCredential>([
  [ALICE.accessKeyId, ALICE],
  [TEMP.accessKeyId, { ...TEMP, expiresAt: SIGNED_AT.getTime() + 3_600_000 }],
])

function options(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  return { credential: (id) => KNOWN.get(id), services: ['execute-api'], region: 'us-east-1', now: NOW, ...overrides }
}

/** What arrives at the server: the request target exactly as sent, every header, the body's bytes. */
function received(wire: WireRequest, changes: { body?: string; url?: string; headers?: Record<string, string> } = {}) {
  const url = new URL(changes.url ?? wire.url)
  const rawHeaders: string[] = []
  for (const [name, value] of Object.entries({ ...wire.headers, ...changes.headers })) rawHeaders.push(name, value)
  // The target is what precedes the fragment on the request line: path and query as the client wrote them.
  const target = (changes.url ?? wire.url).slice(url.origin.length)
  return signedRequest(wire.method, target, rawHeaders, Buffer.from(changes.body ?? wire.body ?? ''))
}

function rejection(fn: () => unknown): SignatureRejection {
  try {
    fn()
  } catch (error) {
    if (error instanceof SignatureRejection) return error
    throw error
  }
  assert.fail('expected a SignatureRejection')
}

const BASE = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'
const SIGNERS = {
  smithy: (url: string, init: { method?: string; body?: string; headers?: Record<string, string>; credentials?: typeof ALICE | typeof TEMP } = {}) =>
    signWithSmithy({ method: init.method ?? 'GET', url, body: init.body, headers: init.headers, credentials: init.credentials ?? ALICE, signingDate: SIGNED_AT }),
  aws4: async (url: string, init: { method?: string; body?: string; headers?: Record<string, string>; credentials?: typeof ALICE | typeof TEMP } = {}) =>
    signWithAws4({ method: init.method ?? 'GET', url, body: init.body, headers: init.headers, credentials: init.credentials ?? ALICE, signingDate: SIGNED_AT }),
}

for (const [name, sign] of Object.entries(SIGNERS)) {
  describe(`SigV4 verifier against ${name} (header form)`, () => {
    const accepted: [string, string, { method?: string; body?: string; headers?: Record<string, string> }?][] = [
      ['a plain GET', `${BASE}/prod/pets`],
      ['the stage root with a trailing slash', `${BASE}/prod/`],
      ['a query with repeated keys, spaces, unicode and reserved characters', `${BASE}/prod/pets?type=dog&type=cat&q=a%20b&name=J%C3%BCrgen&star=*&tilde=~&empty=`],
      ['a path with encoded spaces, unicode and an encoded slash', `${BASE}/prod/pets/a%20b/%C3%A9t%C3%A9/x%2Fy`],
      ['a path with reserved characters', `${BASE}/prod/it's(1)!`],
      ['a POST with a JSON body', `${BASE}/prod/pets`, { method: 'POST', body: '{"name":"Rex","tags":["a","b"]}', headers: { 'content-type': 'application/json' } }],
      ['a PUT with a header holding runs of spaces', `${BASE}/prod/pets/1`, { method: 'PUT', body: 'x', headers: { 'x-custom': '  a   b  ' } }],
    ]
    for (const [title, url, init] of accepted) {
      it(`accepts ${title}`, async () => {
        const verified = verifySignature(received(await sign(url, init)), options())
        assert.equal(verified.accessKeyId, ALICE.accessKeyId)
        assert.equal(verified.parameters.form, 'header')
      })
    }

    it('refuses a wrong secret with AWS text and the canonical string it expected', async () => {
      const wire = await sign(`${BASE}/prod/pets`, { credentials: { ...ALICE, secretAccessKey: 'not-the-secret' } })
      const error = rejection(() => verifySignature(received(wire), options()))
      assert.equal(error.reason, 'InvalidSignature')
      assert.match(error.message, /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'GET\n\/prod\/pets\n/)
      assert.match(error.message, /The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20260115T120000Z\n20260115\/us-east-1\/execute-api\/aws4_request\n[0-9a-f]{64}'\n$/)
      assert.ok(!error.message.includes(ALICE.secretAccessKey))
    })

    it('refuses a tampered body, path, query and signed header', async () => {
      const wire = await sign(`${BASE}/prod/pets?limit=1`, { method: 'POST', body: '{"amount":1}', headers: { 'x-custom': 'one' } })
      assert.equal(verifySignature(received(wire), options()).accessKeyId, ALICE.accessKeyId)
      for (const change of [
        { body: '{"amount":1000}' },
        { url: `${BASE}/prod/admin?limit=1` },
        { url: `${BASE}/prod/pets?limit=2` },
        { url: `${BASE}/prod/pets?limit=1&extra=1` },
        { headers: { 'x-custom': 'two' } },
      ]) {
        assert.equal(rejection(() => verifySignature(received(wire, change), options())).reason, 'InvalidSignature', JSON.stringify(change))
      }
    })

    it('refuses a signature older than five minutes and one more than five minutes ahead (injected clock)', async () => {
      const wire = await sign(`${BASE}/prod/pets`)
      assert.ok(verifySignature(received(wire), options({ now: SIGNED_AT.getTime() + 300_000 })))
      const late = rejection(() => verifySignature(received(wire), options({ now: SIGNED_AT.getTime() + 300_001 + 999 })))
      assert.equal(late.reason, 'InvalidSignature')
      assert.equal(late.message, 'Signature expired: 20260115T120000Z is now earlier than 20260115T120001Z (20260115T120501Z - 5 min.)')
      const early = rejection(() => verifySignature(received(wire), options({ now: SIGNED_AT.getTime() - 301_000 })))
      assert.equal(early.message, 'Signature not yet current: 20260115T120000Z is still later than 20260115T115959Z (20260115T115459Z + 5 min.)')
    })

    it('refuses an unknown access key as an unrecognized client', async () => {
      const wire = await sign(`${BASE}/prod/pets`, { credentials: { accessKeyId: 'AKIANOBODY0000000000', secretAccessKey: 'x' } })
      const error = rejection(() => verifySignature(received(wire), options()))
      assert.equal(error.reason, 'UnrecognizedClient')
      assert.equal(error.message, 'The security token included in the request is invalid.')
    })

    it('checks X-Amz-Security-Token: accepted while current, refused when wrong, missing or expired', async () => {
      const wire = await sign(`${BASE}/prod/pets`, { credentials: TEMP })
      assert.equal(verifySignature(received(wire), options()).accessKeyId, TEMP.accessKeyId)
      assert.equal(rejection(() => verifySignature(received(wire, { headers: { 'X-Amz-Security-Token': 'forged' } }), options())).reason, 'UnrecognizedClient')
      const expired = rejection(() => verifySignature(received(wire), options({ now: SIGNED_AT.getTime() + 3_600_000 })))
      assert.equal(expired.reason, 'ExpiredToken')
      assert.equal(expired.message, 'The security token included in the request is expired')
      const withoutToken = await sign(`${BASE}/prod/pets`, { credentials: { accessKeyId: TEMP.accessKeyId, secretAccessKey: TEMP.secretAccessKey } })
      assert.equal(rejection(() => verifySignature(received(withoutToken), options())).reason, 'UnrecognizedClient')
    })

    it('refuses a credential scoped to another service or region', async () => {
      const wire = await sign(`${BASE}/prod/pets`)
      assert.match(rejection(() => verifySignature(received(wire), options({ services: ['apigateway'] }))).message, /^Credential should be scoped to correct service: 'apigateway'\. $/)
      assert.match(rejection(() => verifySignature(received(wire), options({ region: 'eu-west-1' }))).message, /^Credential should be scoped to a valid region/)
    })
  })
}

describe('SigV4 verifier, query-string form', () => {
  it('accepts a @smithy/signature-v4 presigned URL and refuses it once X-Amz-Expires has passed', async () => {
    const wire = await presignWithSmithy({ method: 'GET', url: `${BASE}/prod/pets?type=dog`, credentials: ALICE, signingDate: SIGNED_AT, expiresIn: 60 })
    assert.match(wire.url, /X-Amz-Signature=/)
    assert.equal(verifySignature(received(wire), options()).parameters.form, 'query')
    const late = rejection(() => verifySignature(received(wire), options({ now: SIGNED_AT.getTime() + 61_000 })))
    assert.match(late.message, /^Signature expired: 20260115T120000Z is now earlier than/)
    assert.equal(rejection(() => verifySignature(received(wire, { url: wire.url.replace('type=dog', 'type=cat') }), options())).reason, 'InvalidSignature')
  })

  it('accepts an aws4 signQuery URL with a session token, and refuses a wrong secret', async () => {
    const wire = signWithAws4({ method: 'GET', url: `${BASE}/prod/pets?a=1`, credentials: TEMP, signingDate: SIGNED_AT, signQuery: true })
    assert.match(wire.url, /X-Amz-Security-Token=/)
    assert.equal(verifySignature(received(wire), options()).accessKeyId, TEMP.accessKeyId)
    const wrong = signWithAws4({ method: 'GET', url: `${BASE}/prod/pets?a=1`, credentials: { ...TEMP, secretAccessKey: 'nope' }, signingDate: SIGNED_AT, signQuery: true })
    assert.equal(rejection(() => verifySignature(received(wrong), options())).reason, 'InvalidSignature')
  })
})

describe('SigV4 verifier, payload hash', () => {
  it('accepts UNSIGNED-PAYLOAD declared in x-amz-content-sha256, whatever the body, where the endpoint takes it', async () => {
    const wire = await signWithSmithy({ method: 'POST', url: `${BASE}/prod/upload`, body: 'data', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, credentials: ALICE, signingDate: SIGNED_AT })
    assert.ok(verifySignature(received(wire, { body: 'other data' }), options({ unsignedPayload: 'accepted' })))
  })

  it('hashes the body anyway unless the endpoint takes UNSIGNED-PAYLOAD', async () => {
    const wire = await signWithSmithy({ method: 'POST', url: `${BASE}/prod/upload`, body: 'data', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, credentials: ALICE, signingDate: SIGNED_AT })
    assert.equal(rejection(() => verifySignature(received(wire), options())).reason, 'InvalidSignature')
    assert.equal(rejection(() => verifySignature(received(wire, { body: 'other data' }), options({ unsignedPayload: 'refused' }))).reason, 'InvalidSignature')
  })

  it('refuses a body that does not match the x-amz-content-sha256 the client signed', async () => {
    const wire = await signWithSmithy({ method: 'POST', url: `${BASE}/prod/upload`, body: 'data', headers: { 'x-amz-content-sha256': 'a'.repeat(64) }, credentials: ALICE, signingDate: SIGNED_AT })
    assert.equal(rejection(() => verifySignature(received(wire), options())).reason, 'InvalidSignature')
  })
})

describe('SigV4 verifier, malformed signatures', () => {
  const request = (headers: Record<string, string>, target = '/prod/pets') => {
    const raw: string[] = ['Host', 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com']
    for (const [name, value] of Object.entries(headers)) raw.push(name, value)
    return signedRequest('GET', target, raw, Buffer.alloc(0))
  }

  it('has no signature: Missing Authentication Token', () => {
    const error = rejection(() => verifySignature(request({}), options()))
    assert.equal(error.reason, 'MissingAuthenticationToken')
    assert.equal(error.message, 'Missing Authentication Token')
  })

  it("a bearer token in Authorization: AWS's missing equal-sign text", () => {
    const error = rejection(() => verifySignature(request({ Authorization: 'Bearer sometoken' }), options()))
    assert.equal(error.reason, 'IncompleteSignature')
    assert.equal(error.message, "'sometoken' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer sometoken'.")
  })

  it("a bare token: AWS's list of required parameters", () => {
    const error = rejection(() => verifySignature(request({ Authorization: 'eyJhbGciOi' }), options()))
    assert.equal(
      error.message,
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=eyJhbGciOi",
    )
  })

  it('requires Host among the signed headers', () => {
    const error = rejection(() => verifySignature(request({
      Authorization: `AWS4-HMAC-SHA256 Credential=${ALICE.accessKeyId}/20260115/us-east-1/execute-api/aws4_request, SignedHeaders=x-amz-date, Signature=00`,
      'X-Amz-Date': '20260115T120000Z',
    }), options()))
    assert.equal(error.message, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
  })

  it('refuses a credential scope dated another day than X-Amz-Date', () => {
    const error = rejection(() => verifySignature(request({
      Authorization: `AWS4-HMAC-SHA256 Credential=${ALICE.accessKeyId}/20260114/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
      'X-Amz-Date': '20260115T120000Z',
    }), options()))
    assert.match(error.message, /^Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260114' != '20260115'/)
  })
})

describe('SigV4 canonical URI and constant-time comparison', () => {
  it('normalises the path as AWS does for every service but S3', () => {
    assert.equal(canonicalUri('/prod//pets/./a/../b/'), '/prod/pets/b/')
    assert.equal(canonicalUri('/prod/a%20b'), '/prod/a%2520b')
    assert.equal(canonicalUri('/'), '/')
  })

  it('compares equal strings as equal and any difference, including length, as unequal', () => {
    assert.equal(equalInConstantTime('abc', 'abc'), true)
    assert.equal(equalInConstantTime('abc', 'abd'), false)
    assert.equal(equalInConstantTime('abc', 'abcd'), false)
    assert.equal(equalInConstantTime('', 'a'), false)
  })
})
