import type { HttpAuthorizer } from '../../../model/v2/authorizer.ts'
import type { HttpApi } from '../../../model/v2/http-api.ts'
import type { HttpIntegration } from '../../../model/v2/integration.ts'
import type { HttpRoute } from '../../../model/v2/route.ts'
import type { HttpStage } from '../../../model/v2/stage.ts'
import { ACCOUNT_SCOPE, type StoreReader } from '../../../store/store.ts'
import type { ManagementDeps } from '../../operations/operation.ts'
import { V2_MESSAGES } from './messages.ts'

/** The API an operation names, or AWS's NotFoundException. WebSocket APIs are not Gatehouse's yet, so only HTTP ones are found. */
export async function requireHttpApi(reader: StoreReader, deps: ManagementDeps, apiId: string): Promise<HttpApi> {
  const api = await reader.get('v2-api', ACCOUNT_SCOPE, apiId)
  if (api === undefined) throw V2_MESSAGES.apiNotFound(deps.aws.accountId, apiId)
  return api
}

export async function requireRoute(reader: StoreReader, deps: ManagementDeps, apiId: string, routeId: string): Promise<HttpRoute> {
  const route = await reader.get('v2-route', apiId, routeId)
  if (route === undefined) throw V2_MESSAGES.routeNotFound(deps.aws.accountId, routeId)
  return route
}

export async function requireIntegration(reader: StoreReader, deps: ManagementDeps, apiId: string, integrationId: string): Promise<HttpIntegration> {
  const integration = await reader.get('v2-integration', apiId, integrationId)
  if (integration === undefined) throw V2_MESSAGES.integrationNotFound(deps.aws.accountId, integrationId)
  return integration
}

export async function requireStage(reader: StoreReader, deps: ManagementDeps, apiId: string, stageName: string): Promise<HttpStage> {
  const stage = await reader.get('v2-stage', apiId, stageName)
  if (stage === undefined) throw V2_MESSAGES.stageNotFound(deps.aws.accountId, stageName)
  return stage
}

export async function requireAuthorizer(reader: StoreReader, deps: ManagementDeps, apiId: string, authorizerId: string): Promise<HttpAuthorizer> {
  const authorizer = await reader.get('v2-authorizer', apiId, authorizerId)
  if (authorizer === undefined) throw V2_MESSAGES.authorizerNotFound(deps.aws.accountId, authorizerId)
  return authorizer
}

/** `__timestampIso8601` members (API reference v2). */
export const isoNow = (deps: ManagementDeps): string => new Date(deps.clock.now()).toISOString()
