import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  APIGatewayClient, CreateAuthorizerCommand, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, GetRestApiCommand,
  PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand, UpdateRestApiCommand,
} from '@aws-sdk/client-api-gateway'
import { DEFAULT_AWS_ENVIRONMENT } from '../../../src/core/aws-environment.ts'
import { ManualClock } from '../../../src/core/clock.ts'
import { startGateway } from '../../../src/main.ts'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { rawRequest, type RawResponse } from '../../helpers/raw-http.ts'
import { signWithSmithy, type Credentials } from '../../helpers/sigv4-signers.ts'
import { deployAccessApi, ECHO_FUNCTION, type AccessApi } from './access-api.ts'

/**
 * Resource policies on a real gateway: saved with the `execute-api:/` shorthand
 * expanded, compiled into the deployment (effective on redeploy), evaluated with AWS's conditions
 * and combined with IAM and authorizers per the developer guide's "How API Gateway resource
 * policies affect authorization workflow" (Tables A and B).
 */

const ACCOUNT = '000000000000'
const BOB = { accessKeyId: 'AKIABOB0000000000001', secretAccessKey: 'bob-secret' }
const ALICE = { accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice-secret' }
const DAVE = { accessKeyId: 'AKIADAVE000000000001', secretAccessKey: 'dave-secret' }
const START = Date.UTC(2026, 5, 15, 12, 0, 0)
const allowEverything = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] }
const policy = (...Statement: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement })
const ALLOW_ALL = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }

describe('resource policies', () => {
  const clock = new ManualClock(START)
  let gw: TestGateway
  let proxied: TestGateway
  let api: AccessApi
  let port: number

  const json = (response: RawResponse): any => JSON.parse(response.body.toString('utf8'))
  const arn = (path: string, verb = 'GET'): string => `arn:aws:execute-api:us-east-1:${ACCOUNT}:${api.restApiId}/test/${verb}${path}`
  /** UpdateRestApi `/policy`, then a new deployment to the stage: a policy acts only once deployed. */
  const setPolicy = async (text: string | undefined, target: TestGateway = gw, restApiId = api.restApiId): Promise<void> => {
    await target.apigateway.send(new UpdateRestApiCommand({
      restApiId, patchOperations: [text === undefined ? { op: 'remove', path: '/policy' } : { op: 'replace', path: '/policy', value: text }],
    }))
    await target.apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }))
  }
  const get = (path: string, headers: Record<string, string> = {}, on = port, base = api.basePath) => rawRequest({ port: on, path: `${base}${path}`, headers })
  const signed = async (path: string, credentials: Credentials, method = 'GET') => {
    const wire = await signWithSmithy({ method, url: `http://127.0.0.1:${port}${api.basePath}${path}`, credentials, signingDate: new Date(clock.now()) })
    return rawRequest({ port, method, path: `${api.basePath}${path}`, headers: wire.headers })
  }

  before(async () => {
    gw = await startTestGateway({
      clock,
      baseDir: REPO_ROOT,
      functions: { ...ECHO_FUNCTION, token: { handler: 'test/fixtures/functions/authorizers.token', reservedConcurrency: 1 } },
      principals: {
        alice: { ...ALICE, policies: [allowEverything] },
        bob: { ...BOB },
        dave: { ...DAVE, accountId: '111111111111', policies: [allowEverything] },
      },
    })
    api = await deployAccessApi(gw)
    port = Number(new URL(gw.url).port)
  })
  after(async () => {
    await gw?.close()
    await proxied?.close()
  })

  it('expands the execute-api:/ shorthand on save (CreateRestApi and UpdateRestApi)', async () => {
    const created = await gw.apigateway.send(new CreateRestApiCommand({ name: 'shorthand', policy: policy({ ...ALLOW_ALL, Resource: ['execute-api:/prod/GET/pets'] }) }))
    assert.deepEqual(JSON.parse(created.policy!).Statement[0].Resource, [`arn:aws:execute-api:us-east-1:${ACCOUNT}:${created.id}/prod/GET/pets`])
    await gw.apigateway.send(new UpdateRestApiCommand({ restApiId: created.id, patchOperations: [{ op: 'replace', path: '/policy', value: policy(ALLOW_ALL) }] }))
    const fetched = await gw.apigateway.send(new GetRestApiCommand({ restApiId: created.id }))
    assert.equal(JSON.parse(fetched.policy!).Statement[0].Resource, `arn:aws:execute-api:us-east-1:${ACCOUNT}:${created.id}/*`)
  })

  it('refuses a policy it cannot evaluate with a 400, keeping the stored one', async () => {
    const bad = gw.apigateway.send(new UpdateRestApiCommand({
      restApiId: api.restApiId, patchOperations: [{ op: 'replace', path: '/policy', value: policy({ ...ALLOW_ALL, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/99' } } }) }],
    }))
    await assert.rejects(bad, (error: Error) => error.name === 'BadRequestException' && /^Invalid policy document\. Please check the policy syntax and try again\./.test(error.message))
    await assert.rejects(gw.apigateway.send(new UpdateRestApiCommand({ restApiId: api.restApiId, patchOperations: [{ op: 'replace', path: '/policy', value: '{not json' }] })), { name: 'BadRequestException' })
    assert.equal((await gw.apigateway.send(new GetRestApiCommand({ restApiId: api.restApiId }))).policy, undefined)
  })

  it('takes effect only after a redeploy', async () => {
    assert.equal((await get('/open')).status, 200)
    await gw.apigateway.send(new UpdateRestApiCommand({
      restApiId: api.restApiId, patchOperations: [{ op: 'replace', path: '/policy', value: policy({ ...ALLOW_ALL, Effect: 'Deny' }) }],
    }))
    assert.equal((await get('/open')).status, 200, 'not deployed yet')
    await gw.apigateway.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: 'test' }))
    const denied = await get('/open')
    assert.equal(denied.status, 403)
    assert.equal(denied.headers['x-amzn-errortype'], 'AccessDeniedException')
    assert.equal(denied.body.toString(), JSON.stringify({ Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${arn('/open')} with an explicit deny` }))
    await setPolicy(undefined)
    assert.equal((await get('/open')).status, 200)
  })

  it('needs an explicit Allow for open methods: IpAddress on the socket address, IPv4 CIDR', async () => {
    await setPolicy(policy({ ...ALLOW_ALL, Condition: { IpAddress: { 'aws:SourceIp': ['127.0.0.0/8'] } } }))
    assert.equal((await get('/open')).status, 200)
    await setPolicy(policy({ ...ALLOW_ALL, Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } } }))
    const denied = await get('/open')
    assert.equal(denied.status, 403)
    assert.equal(json(denied).Message, `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${arn('/open')}`)
  })

  it('does not believe X-Forwarded-For from a client that is not a trusted proxy (IP spoofing)', async () => {
    await setPolicy(policy({ ...ALLOW_ALL, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }))
    const spoofed = await get('/open', { 'X-Forwarded-For': '203.0.113.7' })
    assert.equal(spoofed.status, 403)
    await setPolicy(policy({ ...ALLOW_ALL, Effect: 'Deny', Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.1/32' } } }, ALLOW_ALL))
    assert.equal((await get('/open', { 'X-Forwarded-For': '198.51.100.1' })).status, 403, 'a blocked client cannot hide behind X-Forwarded-For')
  })

  it('believes X-Forwarded-For and X-Forwarded-Proto from a configured trusted proxy (IPv4 and IPv6 clients)', async () => {
    proxied = await startTestGateway({ clock, trustedProxies: ['127.0.0.1/32'] })
    const other = await deployAccessApi(proxied, {
      policy: policy(
        { ...ALLOW_ALL, Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } } },
        { ...ALLOW_ALL, Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ),
    })
    const proxiedPort = Number(new URL(proxied.url).port)
    const through = (forwardedFor: string, proto = 'https') => get('/open', { 'X-Forwarded-For': forwardedFor, 'X-Forwarded-Proto': proto }, proxiedPort, other.basePath)
    const v4 = await through('198.51.100.9, 203.0.113.7')
    assert.equal(v4.status, 200, v4.body.toString())
    assert.equal(json(v4).sourceIp, '203.0.113.7')
    assert.equal((await through('2001:db8:5::1')).status, 200)
    assert.equal((await through('2001:db9::1')).status, 403)
    assert.equal((await through('203.0.113.7', 'http')).status, 403, 'aws:SecureTransport false is denied')
  })

  it('evaluates StringLike on aws:UserAgent and StringEquals on aws:Referer', async () => {
    await setPolicy(policy(ALLOW_ALL, { ...ALLOW_ALL, Effect: 'Deny', Condition: { StringLike: { 'aws:UserAgent': '*BadBot*' } } }))
    assert.equal((await get('/open', { 'User-Agent': 'Mozilla/5.0 BadBot/1.0' })).status, 403)
    assert.equal((await get('/open', { 'User-Agent': 'curl/8.5.0' })).status, 200)
    await setPolicy(policy({ ...ALLOW_ALL, Condition: { StringEquals: { 'aws:Referer': 'https://app.example.com/' } } }))
    assert.equal((await get('/open', { Referer: 'https://app.example.com/' })).status, 200)
    assert.equal((await get('/open', { Referer: 'https://evil.example/' })).status, 403)
    assert.equal((await get('/open')).status, 403, 'no Referer, no match')
  })

  it('evaluates DateGreaterThan/DateLessThan on aws:CurrentTime with the injected clock', async () => {
    await setPolicy(policy({ ...ALLOW_ALL, Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-06-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2026-07-01T00:00:00Z' } } }))
    assert.equal((await get('/open')).status, 200)
    clock.set(Date.UTC(2026, 6, 1, 0, 0, 1))
    try {
      assert.equal((await get('/open')).status, 403)
    } finally {
      clock.set(START)
    }
  })

  it('combines with IAM as Table A (same account): either side may Allow, a Deny on either side wins', async () => {
    await setPolicy(policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/bob` }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }))
    assert.equal((await signed('/pets/1', BOB)).status, 200, 'resource policy Allow, identity silent')
    assert.equal((await signed('/pets/1', ALICE)).status, 200, 'identity Allow, resource policy silent')
    await setPolicy(policy(ALLOW_ALL, { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*/POST/*' }))
    const denied = await signed('/pets', ALICE, 'POST')
    assert.equal(denied.status, 403)
    assert.equal(json(denied).Message, `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: execute-api:Invoke on resource: ${arn('/pets', 'POST')} with an explicit deny`)
  })

  it('combines with IAM as Table B (another account): both sides must Allow', async () => {
    await setPolicy(policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }))
    const silent = await signed('/pets/1', DAVE)
    assert.equal(silent.status, 403, 'identity Allow, resource policy silent: implicit deny across accounts')
    assert.equal(json(silent).Message, `User: arn:aws:iam::111111111111:user/dave is not authorized to perform: execute-api:Invoke on resource: ${arn('/pets/1')}`)
    await setPolicy(policy({ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }))
    assert.equal((await signed('/pets/1', DAVE)).status, 200)
  })

  it('refuses an explicit Deny before a Lambda authorizer runs, whose Allow is then enough (Table A)', async () => {
    const send = gw.apigateway.send.bind(gw.apigateway)
    const restApi = await send(new CreateRestApiCommand({ name: 'authorized' }))
    const restApiId = restApi.id!
    const authorizer = await send(new CreateAuthorizerCommand({
      restApiId, name: 'token', type: 'TOKEN', identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 0,
      authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:token/invocations',
    }))
    const resourceId = (await send(new CreateResourceCommand({ restApiId, parentId: restApi.rootResourceId!, pathPart: 'guarded' }))).id!
    await send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: authorizer.id }))
    await send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }))
    await send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"calls":"$context.authorizer.calls"}' } }))
    await setPolicy(policy(ALLOW_ALL, { ...ALLOW_ALL, Effect: 'Deny', Condition: { StringLike: { 'aws:UserAgent': 'blocked*' } } }), gw, restApiId)
    const base = `/_aws/execute-api/${restApiId}/test`
    const blocked = await get('/guarded', { Authorization: 'Bearer allow', 'User-Agent': 'blocked-client' }, port, base)
    assert.equal(blocked.status, 403)
    assert.match(json(blocked).Message, /^User: anonymous is not authorized to perform: execute-api:Invoke on resource: .*\/test\/GET\/guarded with an explicit deny$/)
    const allowed = await get('/guarded', { Authorization: 'Bearer allow', 'User-Agent': 'fine' }, port, base)
    assert.equal(allowed.status, 200, allowed.body.toString())
    assert.deepEqual(json(allowed), { calls: '1' }, 'the denied request never reached the authorizer')
  })
})

describe('resource policies over a real IPv6 socket', () => {
  it('matches aws:SourceIp against the IPv6 peer address (::1)', async () => {
    const gw = await startGateway({
      port: 0, host: '::1', dataDir: '', inMemory: true, aws: DEFAULT_AWS_ENVIRONMENT, functions: {}, baseDir: REPO_ROOT, pinnedApiIds: {},
    })
    const apigateway = new APIGatewayClient({ endpoint: gw.adminUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
    try {
      const test = { ...gw, apigateway, stageUrl: (id: string, stage: string) => `${gw.url}/_aws/execute-api/${id}/${stage}` }
      const api = await deployAccessApi(test, { policy: policy({ ...ALLOW_ALL, Condition: { IpAddress: { 'aws:SourceIp': '::1/128' } } }) })
      const open = await fetch(`${gw.url}${api.basePath}/open`)
      assert.equal(open.status, 200)
      assert.equal(((await open.json()) as { sourceIp: string }).sourceIp, '::1')
      await apigateway.send(new UpdateRestApiCommand({
        restApiId: api.restApiId, patchOperations: [{ op: 'replace', path: '/policy', value: policy({ ...ALLOW_ALL, Condition: { NotIpAddress: { 'aws:SourceIp': '8000::/1' } } }) }],
      }))
      await apigateway.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: 'test' }))
      assert.equal((await fetch(`${gw.url}${api.basePath}/open`)).status, 200, '::1 is outside 8000::/1')
      await apigateway.send(new UpdateRestApiCommand({
        restApiId: api.restApiId, patchOperations: [{ op: 'replace', path: '/policy', value: policy({ ...ALLOW_ALL, Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } } }) }],
      }))
      await apigateway.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: 'test' }))
      assert.equal((await fetch(`${gw.url}${api.basePath}/open`)).status, 403)
    } finally {
      apigateway.destroy()
      await gw.close()
    }
  })
})
