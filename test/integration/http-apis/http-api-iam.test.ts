import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { apiGatewayV2Client, functionArn, httpApiUrl } from '../../helpers/apigatewayv2.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { rawRequest, type RawResponse } from '../../helpers/raw-http.ts'
import { httpApiAnswers, sampleEvent } from '../../helpers/recordings.ts'
import { signWithAws4, signWithSmithy, type Credentials, type WireRequest } from '../../helpers/sigv4-signers.ts'

const HANDLERS = 'test/fixtures/functions/http-api/handlers'
const { accountId: ACCOUNT, region: REGION } = DEFAULT_AWS_ENVIRONMENT
const ALICE = { accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice-secret' }
const BOB = { accessKeyId: 'AKIABOB0000000000001', secretAccessKey: 'bob-secret' }
const CAROL = { accessKeyId: 'AKIACAROL00000000001', secretAccessKey: 'carol-secret' }
const allow = (...resources: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resources }] })

/**
 * AWS_IAM routes of an HTTP API (developer guide, "Using IAM authorization"): a SigV4 signature for
 * `execute-api` by a principal whose identity policies allow `execute-api:Invoke` on
 * `arn:aws:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD>/<path>`; the function sees the
 * caller under `requestContext.authorizer.iam` (sample event: powertools-ts/apigw-http/iam-auth.json).
 * Signed by real signers (`@smithy/signature-v4`, `aws4`) over real HTTP.
 */
describe('HTTP API AWS_IAM routes', () => {
  let gw: TestGateway
  let v2: ApiGatewayV2Client
  let port: number
  let base: string
  const answers = httpApiAnswers()

  before(async () => {
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: { echo: { handler: `${HANDLERS}.echoEvent` } },
      principals: {
        alice: { ...ALICE, userId: 'AIDAALICEUSERID00001', policies: [allow(`arn:aws:execute-api:${REGION}:${ACCOUNT}:*/live/GET/iam/*`)] },
        bob: { ...BOB },
        carol: {
          ...CAROL,
          policies: [
            allow(`arn:aws:execute-api:${REGION}:*:*`),
            { Version: '2012-10-17', Statement: { Effect: 'Deny', Action: 'execute-api:*', Resource: `arn:aws:execute-api:${REGION}:${ACCOUNT}:*/*/POST/iam/secret` } },
          ],
        },
      },
    })
    v2 = apiGatewayV2Client(gw)
    const ApiId = (await v2.send(new CreateApiCommand({ Name: 'iam', ProtocolType: 'HTTP' }))).ApiId!
    const IntegrationId = (await v2.send(new CreateIntegrationCommand({ ApiId, IntegrationType: 'AWS_PROXY', IntegrationUri: functionArn('echo'), PayloadFormatVersion: '2.0' }))).IntegrationId!
    const Target = `integrations/${IntegrationId}`
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'ANY /iam/{name}', Target, AuthorizationType: 'AWS_IAM' }))
    await v2.send(new CreateRouteCommand({ ApiId, RouteKey: 'GET /open', Target }))
    await v2.send(new CreateStageCommand({ ApiId, StageName: 'live', AutoDeploy: true }))
    port = Number(new URL(gw.url).port)
    base = `http://127.0.0.1:${port}${new URL(httpApiUrl(gw, ApiId)).pathname}/live`
  })
  after(async () => {
    v2.destroy()
    await gw.close()
  })

  const send = (wire: WireRequest, body?: string): Promise<RawResponse> => {
    const target = new URL(wire.url)
    return rawRequest({ port, method: wire.method, path: `${target.pathname}${target.search}`, headers: wire.headers, body: body ?? wire.body })
  }
  const smithy = (method: string, path: string, credentials: Credentials = ALICE, body?: string) =>
    signWithSmithy({ method, url: `${base}${path}`, credentials, body, headers: body === undefined ? {} : { 'content-type': 'application/json' } })
  const forbidden = (response: RawResponse, why: string): void => {
    assert.equal(response.status, 403, why)
    assert.equal(response.body.toString(), '{"message":"Forbidden"}', why)
  }

  it('lets a caller through whose policy allows the route, with the caller where the capture has it', async () => {
    for (const wire of [await smithy('GET', '/iam/a?x=1'), signWithAws4({ method: 'GET', url: `${base}/iam/b`, credentials: ALICE })]) {
      const response = await send(wire)
      assert.equal(response.status, 200, response.body.toString())
      const event = JSON.parse(response.body.toString()) as { requestContext: { authorizer: { iam: Record<string, unknown> } } }
      const iam = event.requestContext.authorizer.iam
      const captured = (sampleEvent('powertools-ts/apigw-http/iam-auth.json') as { requestContext: { authorizer: { iam: Record<string, unknown> } } }).requestContext.authorizer.iam
      assert.deepEqual(Object.keys(iam).sort(), Object.keys(captured).sort())
      assert.equal(iam.accessKey, ALICE.accessKeyId)
      assert.equal(iam.accountId, ACCOUNT)
      assert.equal(iam.userId, 'AIDAALICEUSERID00001')
      assert.equal(iam.cognitoIdentity, null)
    }
  })

  it('answers 403 Forbidden when unsigned, signed with the wrong secret, tampered with, or not allowed', async () => {
    forbidden(await rawRequest({ port, path: `${new URL(base).pathname}/iam/a` }), 'unsigned')
    forbidden(await send(await smithy('GET', '/iam/a', { ...ALICE, secretAccessKey: 'wrong' })), 'wrong secret')
    forbidden(await send(await smithy('POST', '/iam/a', CAROL, '{"n":1}'), '{"n":2}'), 'body changed after signing')
    forbidden(await send(await smithy('GET', '/iam/a', { accessKeyId: 'AKIANOBODY0000000001', secretAccessKey: 'x' })), 'unknown key')
    forbidden(await send(await smithy('GET', '/iam/a', BOB)), 'a principal without policies')
    forbidden(await send(await smithy('POST', '/iam/a')), 'alice may only GET')
    forbidden(await send(await smithy('POST', '/iam/secret', CAROL, '{}')), 'an explicit Deny wins')
    assert.equal((await send(await smithy('POST', '/iam/public', CAROL, '{}'))).status, 200)
  })

  it('leaves routes without AWS_IAM to anyone, and still answers an unknown route 404', async () => {
    assert.equal((await rawRequest({ port, path: `${new URL(base).pathname}/open` })).status, 200)
    const missing = await send(await smithy('GET', '/nowhere'))
    assert.equal(missing.status, answers.notFound.status)
    assert.equal(missing.body.toString(), answers.notFound.body)
  })
})
