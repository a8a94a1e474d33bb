import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../src/core/clock.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { rawRequest, type RawResponse } from '../../helpers/raw-http.ts'
import { sampleEvent } from '../../helpers/recordings.ts'
import { presignWithSmithy, signWithAws4, signWithSmithy, type Credentials, type WireRequest } from '../../helpers/sigv4-signers.ts'
import { deployAccessApi, ECHO_FUNCTION, type AccessApi } from './access-api.ts'

/**
 * AWS_IAM methods on the data plane, signed by real signers (`@smithy/signature-v4`,
 * `aws4`) over real HTTP. AWS's outcomes follow the developer guide ("Control access to a REST API
 * with IAM permissions") and the recorded IAM event ([EV powertools-ts/apigw-rest/iam-auth.json]).
 */

const ACCOUNT = '000000000000'
const ALICE = { accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice-secret' }
const BOB = { accessKeyId: 'AKIABOB0000000000001', secretAccessKey: 'bob-secret' }
const CAROL = { accessKeyId: 'AKIACAROL00000000001', secretAccessKey: 'carol-secret' }
const TEMP = { accessKeyId: 'ASIATEMP000000000001', secretAccessKey: 'temp-secret', sessionToken: 'session-token-of-temp' }
const START = Date.UTC(2026, 0, 1, 12, 0, 0)

const allow = (...resources: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resources }] })

describe('AWS_IAM methods', () => {
  const clock = new ManualClock(START)
  let gw: TestGateway
  let api: AccessApi
  let port: number

  before(async () => {
    gw = await startTestGateway({
      clock,
      baseDir: REPO_ROOT,
      functions: ECHO_FUNCTION,
      principals: {
        alice: { ...ALICE, userId: 'AIDAALICEUSERID00001', policies: [allow(`arn:aws:execute-api:us-east-1:${ACCOUNT}:*/test/GET/*`)] },
        bob: { ...BOB },
        carol: {
          ...CAROL,
          policies: [
            allow('arn:aws:execute-api:us-east-1:*:*'),
            { Version: '2012-10-17', Statement: { Effect: 'Deny', Action: 'execute-api:*', Resource: `arn:aws:execute-api:us-east-1:${ACCOUNT}:*/*/GET/pets/secret` } },
          ],
        },
        temp: { ...TEMP, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/temp`, expiration: new Date(START + 3_600_000).toISOString(), policies: [allow('*')] },
      },
    })
    api = await deployAccessApi(gw)
    port = Number(new URL(gw.url).port)
  })
  after(() => gw?.close())

  const url = (path: string): string => `http://127.0.0.1:${port}${api.basePath}${path}`
  const send = (wire: WireRequest, changes: { body?: string } = {}): Promise<RawResponse> => {
    const target = new URL(wire.url)
    return rawRequest({ port, method: wire.method, path: `${target.pathname}${target.search}`, headers: wire.headers, body: changes.body ?? wire.body })
  }
  const smithy = (method: string, path: string, credentials: Credentials = ALICE, body?: string) =>
    signWithSmithy({ method, url: url(path), credentials, body, headers: body === undefined ? {} : { 'content-type': 'application/json' }, signingDate: new Date(clock.now()) })
  const json = (response: RawResponse): any => JSON.parse(response.body.toString('utf8'))

  it('lets a caller signed with @smithy/signature-v4 in, and fills $context.identity (EV powertools-ts/apigw-rest/iam-auth.json)', async () => {
    const response = await send(await smithy('GET', '/pets/1'))
    assert.equal(response.status, 200, response.body.toString())
    assert.deepEqual(json(response), {
      accessKey: ALICE.accessKeyId,
      accountId: ACCOUNT,
      caller: 'AIDAALICEUSERID00001',
      user: 'AIDAALICEUSERID00001',
      userArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      sourceIp: '127.0.0.1',
    })
  })

  it('hands the identity to a Lambda proxy in requestContext.identity, with no authorizer key (EV powertools-ts/apigw-rest/iam-auth.json)', async () => {
    const wire = signWithAws4({ method: 'GET', url: url('/pets?limit=2'), headers: { 'User-Agent': 'HTTPie/3.2.2' }, credentials: ALICE, signingDate: new Date(clock.now()) })
    const response = await send(wire)
    assert.equal(response.status, 200, response.body.toString())
    const { requestContext } = json(response)
    assert.equal(requestContext.authorizer, undefined)
    // The identity keys of AWS's recorded IAM event, and which of them AWS fills.
    const recorded = sampleEvent('powertools-ts/apigw-rest/iam-auth.json').requestContext
    assert.deepEqual(Object.keys(requestContext.identity).sort(), Object.keys(recorded.identity).sort())
    const filled = (identity: Record<string, unknown>) => Object.keys(identity).filter((key) => identity[key] !== null).sort()
    assert.deepEqual(filled(requestContext.identity), filled(recorded.identity))
    assert.equal('authorizer' in recorded, false)
    assert.equal(requestContext.identity.accessKey, ALICE.accessKeyId)
    assert.equal(requestContext.identity.userArn, `arn:aws:iam::${ACCOUNT}:user/alice`)
    assert.equal(requestContext.identity.cognitoIdentityId, null)
  })

  it('accepts query-string signatures from both signers', async () => {
    const presigned = await presignWithSmithy({ method: 'GET', url: url('/pets/7?x=1'), credentials: ALICE, signingDate: new Date(clock.now()), expiresIn: 300 })
    assert.equal((await send(presigned)).status, 200)
    const aws4Query = signWithAws4({ method: 'GET', url: url('/pets/7'), credentials: ALICE, signingDate: new Date(clock.now()), signQuery: true })
    assert.equal((await send(aws4Query)).status, 200)
  })

  it('answers an unsigned call with 403 Missing Authentication Token', async () => {
    const response = await rawRequest({ port, path: `${api.basePath}/pets/1` })
    assert.equal(response.status, 403)
    assert.equal(response.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException')
    assert.deepEqual(json(response), { message: 'Missing Authentication Token' })
  })

  it('answers a bearer token with AWS\'s IncompleteSignature text', async () => {
    const response = await rawRequest({ port, path: `${api.basePath}/pets/1`, headers: { Authorization: 'Bearer abc' } })
    assert.equal(response.status, 403)
    assert.equal(response.headers['x-amzn-errortype'], 'IncompleteSignatureException')
    assert.deepEqual(json(response), { message: "'abc' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer abc'." })
  })

  it('answers every malformed signature with a 403, never a 5xx or a pass', async () => {
    const credential = `${ALICE.accessKeyId}/20260101/us-east-1/execute-api/aws4_request`
    const malformed: Record<string, string>[] = [
      { Authorization: 'AWS4-HMAC-SHA256' },
      { Authorization: 'AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=', 'X-Amz-Date': '20260101T120000Z' },
      { Authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host, Signature=zz`, 'X-Amz-Date': 'yesterday' },
      { Authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`, 'X-Amz-Date': '20261399T250000Z' },
      { Authorization: `AWS4-HMAC-SHA256 Credential=${credential}/extra, SignedHeaders=host, Signature=00`, 'X-Amz-Date': '20260101T120000Z' },
      { Authorization: `AWS4-ECDSA-P256-SHA256 Credential=${credential}, SignedHeaders=host, Signature=00`, 'X-Amz-Date': '20260101T120000Z' },
      { Authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-missing, Signature=${'0'.repeat(64)}`, 'X-Amz-Date': '20260101T120000Z' },
      { Authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host, Signature=${'0'.repeat(64)}`, Date: 'Thu, 01 Jan 2026 12:00:00 GMT' },
      { Authorization: 'x'.repeat(8000) },
    ]
    for (const headers of malformed) {
      const response = await rawRequest({ port, path: `${api.basePath}/pets/1`, headers })
      assert.equal(response.status, 403, `${JSON.stringify(headers).slice(0, 120)} answered ${response.status} ${response.body}`)
    }
    const query = await rawRequest({ port, path: `${api.basePath}/pets/1?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(credential)}&X-Amz-Expires=99999999` })
    assert.equal(query.status, 403)
    assert.match(JSON.parse(query.body.toString()).message, /AWS query-string parameters must include 'X-Amz-Signature'/)
  })

  it('refuses a wrong secret: 403 INVALID_SIGNATURE with AWS\'s message', async () => {
    const response = await send(await smithy('GET', '/pets/1', { ...ALICE, secretAccessKey: 'wrong' }))
    assert.equal(response.status, 403)
    assert.equal(response.headers['x-amzn-errortype'], 'InvalidSignatureException')
    assert.match(json(response).message, /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'GET\n\/_aws\/execute-api\//)
    assert.ok(!response.body.toString().includes(ALICE.secretAccessKey))
  })

  it('refuses a tampered body', async () => {
    const wire = await smithy('POST', '/pets', CAROL, '{"amount":1}')
    assert.equal((await send(wire)).status, 200)
    const tampered = await send(wire, { body: '{"amount":9}' })
    assert.equal(tampered.status, 403)
    assert.equal(tampered.headers['x-amzn-errortype'], 'InvalidSignatureException')
  })

  it('refuses a signature more than five minutes old (injected clock)', async () => {
    const wire = await smithy('GET', '/pets/1')
    clock.advance(5 * 60_000 + 1_000)
    try {
      const response = await send(wire)
      assert.equal(response.status, 403)
      assert.equal(json(response).message, 'Signature expired: 20260101T120000Z is now earlier than 20260101T120001Z (20260101T120501Z - 5 min.)')
    } finally {
      clock.set(START)
    }
  })

  it('refuses an unknown access key as AWS does', async () => {
    const response = await send(await smithy('GET', '/pets/1', { accessKeyId: 'AKIANOBODY0000000001', secretAccessKey: 'x' }))
    assert.equal(response.status, 403)
    assert.equal(response.headers['x-amzn-errortype'], 'UnrecognizedClientException')
    assert.deepEqual(json(response), { message: 'The security token included in the request is invalid.' })
  })

  it('checks X-Amz-Security-Token and answers EXPIRED_TOKEN once the session has expired', async () => {
    assert.equal((await send(await smithy('GET', '/pets/1', TEMP))).status, 200)
    clock.set(START + 3_600_000)
    try {
      const response = await send(await smithy('GET', '/pets/1', TEMP))
      assert.equal(response.status, 403)
      assert.equal(response.headers['x-amzn-errortype'], 'ExpiredTokenException')
      assert.deepEqual(json(response), { message: 'The security token included in the request is expired' })
    } finally {
      clock.set(START)
    }
  })

  it('denies what the identity policy does not allow, in IAM\'s words', async () => {
    const response = await send(await smithy('POST', '/pets', ALICE, '{}'))
    assert.equal(response.status, 403)
    assert.equal(response.headers['x-amzn-errortype'], 'AccessDeniedException')
    assert.equal(
      response.body.toString(),
      JSON.stringify({ Message: `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:${ACCOUNT}:${api.restApiId}/test/POST/pets` }),
    )
    const nobody = await send(await smithy('GET', '/pets/1', BOB))
    assert.equal(nobody.status, 403)
    assert.match(json(nobody).Message, /^User: arn:aws:iam::000000000000:user\/bob is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:000000000000:\w+\/test\/GET\/pets\/1$/)
  })

  it('lets an explicit Deny in the identity policy win over its Allow', async () => {
    assert.equal((await send(await smithy('GET', '/pets/1', CAROL))).status, 200)
    const response = await send(await smithy('GET', '/pets/secret', CAROL))
    assert.equal(response.status, 403)
    assert.match(json(response).Message, /on resource: arn:aws:execute-api:us-east-1:000000000000:\w+\/test\/GET\/pets\/secret with an explicit deny$/)
  })

  it('leaves methods without AWS_IAM open, with empty identity fields', async () => {
    const response = await rawRequest({ port, path: `${api.basePath}/open` })
    assert.equal(response.status, 200)
    assert.equal(json(response).accessKey, '')
  })

  it('verifies signatures on the execute-api host form too', async () => {
    const host = `${api.restApiId}.execute-api.localhost:${port}`
    const wire = await signWithSmithy({ method: 'GET', url: `http://${host}/test/pets/3`, credentials: ALICE, signingDate: new Date(clock.now()) })
    const response = await rawRequest({ port, path: '/test/pets/3', headers: wire.headers })
    assert.equal(response.status, 200, response.body.toString())
    assert.equal(json(response).accessKey, ALICE.accessKeyId)
  })
})
