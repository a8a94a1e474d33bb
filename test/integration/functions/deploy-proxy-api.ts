import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutMethodCommand,
} from '@aws-sdk/client-api-gateway'
import type { TestGateway } from '../../helpers/gateway.ts'

/**
 * Creates and deploys a REST API whose routes are Lambda proxy (AWS_PROXY) integrations, through the
 * real SDK: `{ 'express/{proxy+}': 'expressApp' }` puts `ANY /express/{proxy+}` in front of the
 * function `expressApp`. Returns the stage URL.
 */
export async function deployProxyApi(
  gw: TestGateway,
  routes: Readonly<Record<string, string>>,
  options: { binaryMediaTypes?: string[]; stage?: string; timeoutInMillis?: number } = {},
): Promise<string> {
  const send = gw.apigateway.send.bind(gw.apigateway)
  const api = await send(new CreateRestApiCommand({ name: 'functions', binaryMediaTypes: options.binaryMediaTypes }))
  const restApiId = api.id!
  const ids = new Map<string, string>([['', api.rootResourceId!]])
  for (const [path, functionName] of Object.entries(routes)) {
    let parent = ''
    for (const part of path.split('/')) {
      const here = parent === '' ? part : `${parent}/${part}`
      if (!ids.has(here)) {
        const created = await send(new CreateResourceCommand({ restApiId, parentId: ids.get(parent)!, pathPart: part }))
        ids.set(here, created.id!)
      }
      parent = here
    }
    const resourceId = ids.get(path)!
    await send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'ANY', authorizationType: 'NONE' }))
    await send(new PutIntegrationCommand({
      restApiId, resourceId, httpMethod: 'ANY', type: 'AWS_PROXY', integrationHttpMethod: 'POST', timeoutInMillis: options.timeoutInMillis,
      uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${functionName}/invocations`,
    }))
  }
  const stage = options.stage ?? 'test'
  await send(new CreateDeploymentCommand({ restApiId, stageName: stage }))
  return gw.stageUrl(restApiId, stage)
}
