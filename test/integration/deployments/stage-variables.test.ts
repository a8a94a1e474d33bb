import assert from 'node:assert/strict'
import {
  BadRequestException, CreateDeploymentCommand, CreateStageCommand, GetStageCommand, UpdateStageCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { buildRestApi } from '../../helpers/rest-api-builder.ts'

/**
 * Stage variables, substituted everywhere the developer guide says AWS substitutes them ("Use stage
 * variables for a REST API in API Gateway"): HTTP integration URIs (host, path and query), the Lambda
 * function name and alias in an integration ARN, mapping templates, and parameter mappings. One
 * deployment serves two stages whose variables differ, so every answer shows which stage's values
 * were used. Then AWS's name and value rules on CreateStage, CreateDeployment and UpdateStage.
 */
const lambdaUri = (target: string): string =>
  `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${target}/invocations`

describe('stage variables', () => {
  let gw: TestGateway
  let backend: EchoBackend
  let restApiId: string
  let deploymentId: string

  before(async () => {
    backend = await startEchoBackend()
    const probe = { handler: 'test/fixtures/functions/release-probe.handler' }
    gw = await startTestGateway({ baseDir: REPO_ROOT, functions: { blueFn: probe, greenFn: probe } })
    const host = `127.0.0.1:${backend.port}`
    restApiId = await buildRestApi(gw, {
      name: 'stage-variables',
      stage: 'blue',
      variables: { host, base: 'blue-base', src: 'blue', fn: 'blueFn', alias: 'live', who: 'blue-team' },
      methods: [
        {
          path: 'proxy/{p}',
          httpMethod: 'GET',
          requestParameters: { 'method.request.path.p': true },
          integration: {
            type: 'HTTP_PROXY', integrationHttpMethod: 'GET',
            uri: 'http://${stageVariables.host}/${stageVariables.base}/{p}?src=${stageVariables.src}',
            requestParameters: { 'integration.request.path.p': 'method.request.path.p' },
          },
        },
        {
          path: 'fn',
          httpMethod: 'GET',
          integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaUri('${stageVariables.fn}:${stageVariables.alias}') },
        },
        {
          path: 'tpl',
          httpMethod: 'GET',
          integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
          responses: [{
            statusCode: '200',
            responseTemplates: { 'application/json': '{"who": "$stageVariables.who", "missing": "$stageVariables.nothing"}' },
            responseParameters: { 'method.response.header.x-who': 'stageVariables.who' },
          }],
        },
        {
          path: 'mapped',
          httpMethod: 'POST',
          integration: {
            type: 'HTTP', integrationHttpMethod: 'POST', uri: 'http://${stageVariables.host}/mapped',
            requestParameters: {
              'integration.request.querystring.who': 'stageVariables.who',
              'integration.request.header.X-Who': 'stageVariables.who',
            },
            requestTemplates: { 'application/json': '{"fromTemplate": "$stageVariables.who", "src": "${stageVariables.src}"}' },
          },
          responses: [{ statusCode: '200' }],
        },
      ],
    })
    deploymentId = (await gw.apigateway.send(new GetStageCommand({ restApiId, stageName: 'blue' }))).deploymentId!
    await gw.apigateway.send(new CreateStageCommand({
      restApiId, stageName: 'green', deploymentId,
      variables: { host, base: 'green-base', src: 'green', fn: 'greenFn', alias: 'v2', who: 'green-team' },
    }))
  })
  after(async () => {
    await gw.close()
    await backend.close()
  })

  const get = async (stage: string, path: string, init?: RequestInit) => {
    const response = await fetch(`${gw.stageUrl(restApiId, stage)}/${path}`, init)
    return { status: response.status, headers: response.headers, json: await response.json() as Record<string, any> }
  }

  for (const stage of ['blue', 'green']) {
    it(`${stage}: HTTP_PROXY URI host, path and query take the stage's values`, async () => {
      const { status, json } = await get(stage, 'proxy/item-7')
      assert.equal(status, 200)
      assert.equal(json.url, `/${stage}-base/item-7?src=${stage}`)
    })

    it(`${stage}: the Lambda function name and alias in the integration ARN take the stage's values`, async () => {
      const { status, json } = await get(stage, 'fn')
      assert.equal(status, 200)
      assert.equal(json.functionName, `${stage}Fn`)
      assert.equal(json.invokedFunctionArn, `arn:aws:lambda:us-east-1:000000000000:function:${stage}Fn:${stage === 'blue' ? 'live' : 'v2'}`)
      assert.equal(json.stageVariables.who, `${stage}-team`)
      assert.equal(json.deploymentId, deploymentId)
    })

    it(`${stage}: templates and response parameter mappings read $stageVariables (undefined → "", LS test_apigateway_canary > test_invoking_canary_deployment)`, async () => {
      const { status, headers, json } = await get(stage, 'tpl')
      assert.equal(status, 200)
      assert.deepEqual(json, { who: `${stage}-team`, missing: '' })
      assert.equal(headers.get('x-who'), `${stage}-team`)
    })

    it(`${stage}: request parameter mappings and request templates read stage variables`, async () => {
      const { status, json } = await get(stage, 'mapped', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      assert.equal(status, 200)
      assert.equal(json.url, `/mapped?who=${stage}-team`)
      assert.equal(json.headers['x-who'], `${stage}-team`)
      assert.deepEqual(JSON.parse(json.body), { fromTemplate: `${stage}-team`, src: stage })
    })
  }

  it('a changed variable is served at once, without a new deployment', async () => {
    await gw.apigateway.send(new UpdateStageCommand({
      restApiId, stageName: 'green', patchOperations: [{ op: 'replace', path: '/variables/who', value: 'new-green' }],
    }))
    assert.equal((await get('green', 'tpl')).json.who, 'new-green')
    assert.equal((await get('blue', 'tpl')).json.who, 'blue-team')
  })

  describe("AWS's name and value rules", () => {
    const refused = async (action: Promise<unknown>, message: string): Promise<void> => {
      await assert.rejects(action, (error: unknown) => {
        assert.ok(error instanceof BadRequestException, String(error))
        assert.equal(error.message, message)
        return true
      })
    }
    const BAD_VALUE = (value: string) =>
      `Invalid stage variable value: ${value}.  Please use values with alphanumeric characters and the symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','.`

    it('CreateStage refuses a name that is not word characters, with AWS\'s text', async () => {
      await refused(
        gw.apigateway.send(new CreateStageCommand({ restApiId, stageName: 'bad1', deploymentId, variables: { 'owner:app': 'x' } })),
        'Invalid stage variable name: owner:app.  Please use names with only word characters.',
      )
    })

    it('CreateStage refuses an empty value and one with other characters', async () => {
      await refused(gw.apigateway.send(new CreateStageCommand({ restApiId, stageName: 'bad2', deploymentId, variables: { pass: '' } })), BAD_VALUE(''))
      await refused(
        gw.apigateway.send(new CreateStageCommand({ restApiId, stageName: 'bad3', deploymentId, variables: { v: 'a"b' } })),
        BAD_VALUE('a"b'),
      )
    })

    it('accepts every character AWS lists, and nothing was stored by the refused calls', async () => {
      const value = 'Az09 -._~:/?#&=,'
      await gw.apigateway.send(new CreateStageCommand({ restApiId, stageName: 'good', deploymentId, variables: { all_chars_1: value } }))
      assert.deepEqual((await gw.apigateway.send(new GetStageCommand({ restApiId, stageName: 'good' }))).variables, { all_chars_1: value })
      await assert.rejects(gw.apigateway.send(new GetStageCommand({ restApiId, stageName: 'bad1' })), { name: 'NotFoundException' })
    })

    it('UpdateStage checks /variables/<name> values and names; the stage stays as it was', async () => {
      await refused(
        gw.apigateway.send(new UpdateStageCommand({ restApiId, stageName: 'blue', patchOperations: [{ op: 'replace', path: '/variables/who', value: '{x}' }] })),
        BAD_VALUE('{x}'),
      )
      await refused(
        gw.apigateway.send(new UpdateStageCommand({ restApiId, stageName: 'blue', patchOperations: [{ op: 'replace', path: '/variables/a-b', value: 'x' }] })),
        'Invalid stage variable name: a-b.  Please use names with only word characters.',
      )
      assert.equal((await gw.apigateway.send(new GetStageCommand({ restApiId, stageName: 'blue' }))).variables?.who, 'blue-team')
    })

    it('CreateDeployment checks its variables before writing anything', async () => {
      await refused(
        gw.apigateway.send(new CreateDeploymentCommand({ restApiId, stageName: 'blue', variables: { who: 'semi;colon' } })),
        BAD_VALUE('semi;colon'),
      )
      assert.equal((await gw.apigateway.send(new GetStageCommand({ restApiId, stageName: 'blue' }))).deploymentId, deploymentId)
    })

    it('limits: names up to 64 characters, values up to 512, 100 variables per stage (developer guide quotas)', async () => {
      await gw.apigateway.send(new CreateStageCommand({
        restApiId, stageName: 'limits', deploymentId, variables: { ['n'.repeat(64)]: 'v'.repeat(512) },
      }))
      await assert.rejects(
        gw.apigateway.send(new CreateStageCommand({ restApiId, stageName: 'long1', deploymentId, variables: { ['n'.repeat(65)]: 'v' } })),
        BadRequestException,
      )
      await assert.rejects(
        gw.apigateway.send(new CreateStageCommand({ restApiId, stageName: 'long2', deploymentId, variables: { n: 'v'.repeat(513) } })),
        BadRequestException,
      )
      const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`v${i}`, 'x']))
      await assert.rejects(gw.apigateway.send(new CreateStageCommand({ restApiId, stageName: 'many', deploymentId, variables: many })), BadRequestException)
    })
  })
})
