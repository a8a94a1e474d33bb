import {
  CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand,
  PutMethodCommand, PutMethodResponseCommand, type PutIntegrationCommandInput, type PutIntegrationResponseCommandInput,
} from '@aws-sdk/client-api-gateway'
import type { TestGateway } from './gateway.ts'

type IntegrationSettings = Omit<PutIntegrationCommandInput, 'restApiId' | 'resourceId' | 'httpMethod'>
type IntegrationResponseSettings = Omit<PutIntegrationResponseCommandInput, 'restApiId' | 'resourceId' | 'httpMethod'>

/** One method of a REST API, as the AWS SDK configures it: method, integration, method and integration responses. */
export interface MethodSpec {
  /** Below the root, `/`-separated, e.g. `items/{id}`; `''` for the root. */
  readonly path: string
  readonly httpMethod: string
  /** `method.request.*` declarations of PutMethod. */
  readonly requestParameters?: Record<string, boolean>
  readonly integration: IntegrationSettings
  /** Each becomes a method response (declaring its `method.response.header.*`) and an integration response. */
  readonly responses?: readonly IntegrationResponseSettings[]
}

/**
 * Creates a REST API through the real SDK, puts every method, and deploys it to `stage` with
 * `variables`. Returns the API id.
 */
export async function buildRestApi(gw: TestGateway, options: {
  name: string
  methods: readonly MethodSpec[]
  stage?: string
  variables?: Record<string, string>
  binaryMediaTypes?: string[]
}): Promise<string> {
  const send = gw.apigateway.send.bind(gw.apigateway)
  const api = await send(new CreateRestApiCommand({
    name: options.name, endpointConfiguration: { types: ['REGIONAL'] }, binaryMediaTypes: options.binaryMediaTypes,
  }))
  const restApiId = api.id!
  const ids = new Map<string, string>([['', api.rootResourceId!]])
  const resourceId = async (path: string): Promise<string> => {
    let parent = ''
    for (const part of path === '' ? [] : path.split('/')) {
      const here = parent === '' ? part : `${parent}/${part}`
      if (!ids.has(here)) ids.set(here, (await send(new CreateResourceCommand({ restApiId, parentId: ids.get(parent)!, pathPart: part }))).id!)
      parent = here
    }
    return ids.get(parent)!
  }
  for (const spec of options.methods) {
    const id = await resourceId(spec.path)
    const where = { restApiId, resourceId: id, httpMethod: spec.httpMethod }
    await send(new PutMethodCommand({ ...where, authorizationType: 'NONE', requestParameters: spec.requestParameters }))
    await send(new PutIntegrationCommand({ ...where, ...spec.integration }))
    for (const response of spec.responses ?? []) {
      const declared = Object.fromEntries(Object.keys(response.responseParameters ?? {}).map((name) => [name, false]))
      await send(new PutMethodResponseCommand({ ...where, statusCode: response.statusCode, responseParameters: declared }))
      await send(new PutIntegrationResponseCommand({ ...where, ...response }))
    }
  }
  await send(new CreateDeploymentCommand({ restApiId, stageName: options.stage ?? 'test', variables: options.variables }))
  return restApiId
}
