import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand,
  PutMethodCommand, PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import type { TestGateway } from '../../helpers/gateway.ts'

/** `$context.identity` as a MOCK method renders it: what AWS_IAM filled in. */
export const IDENTITY_TEMPLATE = JSON.stringify({
  accessKey: '$context.identity.accessKey',
  accountId: '$context.identity.accountId',
  caller: '$context.identity.caller',
  user: '$context.identity.user',
  userArn: '$context.identity.userArn',
  sourceIp: '$context.identity.sourceIp',
})

export interface AccessApi {
  readonly restApiId: string
  readonly stage: string
  /** `/_aws/execute-api/{id}/{stage}` */
  readonly basePath: string
}

/**
 * A REST API for access-control tests, built and deployed with the real SDK:
 *   GET  /pets       AWS_IAM → AWS_PROXY `echo` (the whole proxy event back)
 *   GET  /pets/{id}  AWS_IAM → MOCK rendering $context.identity
 *   POST /pets       AWS_IAM → MOCK
 *   GET  /open       NONE    → MOCK
 */
export async function deployAccessApi(gw: TestGateway, options: { policy?: string; stage?: string } = {}): Promise<AccessApi> {
  const send = gw.apigateway.send.bind(gw.apigateway)
  const api = await send(new CreateRestApiCommand({ name: 'access', policy: options.policy }))
  const restApiId = api.id!
  const resource = async (parentId: string, pathPart: string): Promise<string> =>
    (await send(new CreateResourceCommand({ restApiId, parentId, pathPart }))).id!
  const pets = await resource(api.rootResourceId!, 'pets')
  const pet = await resource(pets, '{id}')
  const open = await resource(api.rootResourceId!, 'open')
  const mock = async (resourceId: string, httpMethod: string, authorizationType: string, template: string): Promise<void> => {
    await send(new PutMethodCommand({ restApiId, resourceId, httpMethod, authorizationType }))
    await send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }))
    await send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod, statusCode: '200' }))
    await send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod, statusCode: '200', responseTemplates: { 'application/json': template } }))
  }
  await send(new PutMethodCommand({ restApiId, resourceId: pets, httpMethod: 'GET', authorizationType: 'AWS_IAM' }))
  await send(new PutIntegrationCommand({
    restApiId, resourceId: pets, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST',
    uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:echo/invocations',
  }))
  await mock(pet, 'GET', 'AWS_IAM', IDENTITY_TEMPLATE)
  await mock(pets, 'POST', 'AWS_IAM', '{"created":true}')
  await mock(open, 'GET', 'NONE', IDENTITY_TEMPLATE)
  const stage = options.stage ?? 'test'
  await send(new CreateDeploymentCommand({ restApiId, stageName: stage }))
  return { restApiId, stage, basePath: `/_aws/execute-api/${restApiId}/${stage}` }
}

export const ECHO_FUNCTION = { echo: { handler: 'test/fixtures/functions/proxy-parity.echoEvent' } }
