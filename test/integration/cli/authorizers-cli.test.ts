import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import {
  CreateDeploymentCommand, CreateRestApiCommand, GetAuthorizerCommand, GetAuthorizersCommand, PutIntegrationCommand, PutMethodCommand, UpdateMethodCommand,
} from '@aws-sdk/client-api-gateway'
import { after, before, describe, it } from 'node:test'
import { AWS_CLI_ENV, awsCliInstalled } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * Authorizer writes and FlushStageAuthorizersCache driven by the `aws` CLI, as users script them (the
 * SDK sets the rest up and reads back, since each CLI call costs a Python start).
 */
describe('aws apigateway *-authorizer(s) against Gatehouse', { skip: awsCliInstalled() ? false : 'aws CLI not installed' }, () => {
  let gw: TestGateway
  before(async () => {
    gw = await startTestGateway()
  })
  after(() => gw.close())

  // Asynchronous: the gateway answers from this same process.
  const aws = async (...args: string[]): Promise<any> => {
    const { stdout } = await promisify(execFile)('aws', ['apigateway', ...args, '--endpoint-url', gw.adminUrl, '--output', 'json'], { env: { ...process.env, ...AWS_CLI_ENV } })
    return stdout.trim() === '' ? undefined : JSON.parse(stdout)
  }

  it('create, get, list, update, flush a stage\'s cache, refuse to delete while used, delete', async () => {
    const send = gw.apigateway.send.bind(gw.apigateway)
    const api = await send(new CreateRestApiCommand({ name: 'cli-authorizers' }))
    const restApiId = api.id!
    const resourceId = api.rootResourceId!
    const authorizer = await aws('create-authorizer', '--rest-api-id', restApiId, '--name', 'tok', '--type', 'TOKEN',
      '--authorizer-uri', 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations',
      '--identity-source', 'method.request.header.Authorization', '--authorizer-result-ttl-in-seconds', '60')
    assert.deepEqual({ ...authorizer, id: undefined }, {
      id: undefined, name: 'tok', type: 'TOKEN', authType: 'custom', identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 60,
      authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations',
    })
    assert.deepEqual((await send(new GetAuthorizersCommand({ restApiId }))).items?.map((item) => item.id), [authorizer.id])
    const updated = await aws('update-authorizer', '--rest-api-id', restApiId, '--authorizer-id', authorizer.id,
      '--patch-operations', 'op=replace,path=/identityValidationExpression,value=^Bearer .+$')
    assert.equal(updated.identityValidationExpression, '^Bearer .+$')
    assert.equal((await send(new GetAuthorizerCommand({ restApiId, authorizerId: authorizer.id }))).identityValidationExpression, '^Bearer .+$')

    await send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: authorizer.id }))
    await send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK' }))
    await send(new CreateDeploymentCommand({ restApiId, stageName: 'dev' }))
    assert.equal(await aws('flush-stage-authorizers-cache', '--rest-api-id', restApiId, '--stage-name', 'dev'), undefined)

    await assert.rejects(aws('delete-authorizer', '--rest-api-id', restApiId, '--authorizer-id', authorizer.id),
      (error: Error & { stderr: string }) => /ConflictException.*Cannot delete authorizer 'tok', is referenced in method: GET\/\//.test(error.stderr))
    await send(new UpdateMethodCommand({ restApiId, resourceId, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/authorizationType', value: 'NONE' }] }))
    await aws('delete-authorizer', '--rest-api-id', restApiId, '--authorizer-id', authorizer.id)
    assert.deepEqual((await send(new GetAuthorizersCommand({ restApiId }))).items, [])
  })
})
