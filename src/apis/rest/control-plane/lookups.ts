import type { AwsEnvironment } from '../../../core/aws-environment.ts'
import { notFound } from '../../../core/management-error.ts'
import type { Integration, IntegrationResponse } from '../../../model/integration.ts'
import type { Method, MethodResponse } from '../../../model/method.ts'
import type { Resource } from '../../../model/resource.ts'
import type { RestApi } from '../../../model/rest-api.ts'
import { ACCOUNT_SCOPE, type StoreReader } from '../../../store/store.ts'

/**
 * Finding the things a call addresses, with AWS's not-found texts (recorded throughout test_apigateway_api). Resource-scoped
 * calls on an unknown API say `Invalid Resource identifier specified`, not the API message: the
 * resource is looked up under the API, so a missing API simply has no such resource.
 */

export const NOT_FOUND = {
  resource: 'Invalid Resource identifier specified',
  method: 'Invalid Method identifier specified',
  integration: 'Invalid Integration identifier specified',
  responseStatus: 'Invalid Response status code specified',
  gatewayResponse: 'Gateway response type not defined on api',
  // No recording has these; the texts moto and LocalStack use, and the lower-case "stage" matches
  // what AWS SDK users report for DeleteStage (`Invalid stage identifier specified`, 404).
  deployment: 'Invalid Deployment identifier specified',
  stage: 'Invalid stage identifier specified',
} as const

export const apiNotFound = (aws: AwsEnvironment, restApiId: string) =>
  notFound(`Invalid API identifier specified ${aws.accountId}:${restApiId}`)

export async function requireRestApi(reader: StoreReader, aws: AwsEnvironment, restApiId: string): Promise<RestApi> {
  const api = await reader.get('restapi', ACCOUNT_SCOPE, restApiId)
  if (api === undefined) throw apiNotFound(aws, restApiId)
  return api
}

export async function requireResource(reader: StoreReader, restApiId: string, resourceId: string): Promise<Resource> {
  const resource = await reader.get('resource', restApiId, resourceId)
  if (resource === undefined) throw notFound(NOT_FOUND.resource)
  return resource
}

export function requireMethod(resource: Resource, httpMethod: string): Method {
  const method = resource.resourceMethods?.[httpMethod]
  if (method === undefined) throw notFound(NOT_FOUND.method)
  return method
}

export function requireIntegration(method: Method): Integration {
  if (method.methodIntegration === undefined) throw notFound(NOT_FOUND.integration)
  return method.methodIntegration
}

export function requireMethodResponse(method: Method, statusCode: string): MethodResponse {
  const response = method.methodResponses?.[statusCode]
  if (response === undefined) throw notFound(NOT_FOUND.responseStatus)
  return response
}

export function requireIntegrationResponse(integration: Integration, statusCode: string): IntegrationResponse {
  const response = integration.integrationResponses?.[statusCode]
  if (response === undefined) throw notFound(NOT_FOUND.responseStatus)
  return response
}
