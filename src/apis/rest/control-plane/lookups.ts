import type { AwsEnvironment } from '../../../core/aws-environment.ts'
import { notFound } from '../../../core/management-error.ts'
import type { Integration, IntegrationResponse } from '../../../model/integration.ts'
import type { Method, MethodResponse } from '../../../model/method.ts'
import type { Resource } from '../../../model/resource.ts'
import type { RestApi } from '../../../model/rest-api.ts'
import { ACCOUNT_SCOPE, type StoreReader } from '../../../store/store.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * Finding the things a call addresses, with AWS's not-found texts (messages.ts). Resource-scoped
 * calls on an unknown API say `Invalid Resource identifier specified`, not the API message: the
 * resource is looked up under the API, so a missing API simply has no such resource.
 */

export const apiNotFound = (aws: AwsEnvironment, restApiId: string) =>
  notFound(REST_MESSAGES.apiNotFound(aws.accountId, restApiId))

export async function requireRestApi(reader: StoreReader, aws: AwsEnvironment, restApiId: string): Promise<RestApi> {
  const api = await reader.get('restapi', ACCOUNT_SCOPE, restApiId)
  if (api === undefined) throw apiNotFound(aws, restApiId)
  return api
}

export async function requireResource(reader: StoreReader, restApiId: string, resourceId: string): Promise<Resource> {
  const resource = await reader.get('resource', restApiId, resourceId)
  if (resource === undefined) throw notFound(REST_MESSAGES.resourceNotFound)
  return resource
}

export function requireMethod(resource: Resource, httpMethod: string): Method {
  const method = resource.resourceMethods?.[httpMethod]
  if (method === undefined) throw notFound(REST_MESSAGES.methodNotFound)
  return method
}

export function requireIntegration(method: Method): Integration {
  if (method.methodIntegration === undefined) throw notFound(REST_MESSAGES.integrationNotFound)
  return method.methodIntegration
}

export function requireMethodResponse(method: Method, statusCode: string): MethodResponse {
  const response = method.methodResponses?.[statusCode]
  if (response === undefined) throw notFound(REST_MESSAGES.responseStatusNotFound)
  return response
}

export function requireIntegrationResponse(integration: Integration, statusCode: string): IntegrationResponse {
  const response = integration.integrationResponses?.[statusCode]
  if (response === undefined) throw notFound(REST_MESSAGES.responseStatusNotFound)
  return response
}
