import type { Authorizer } from './authorizer.ts'
import type { GatewayResponse } from './gateway-response.ts'
import type { Model } from './model.ts'
import type { RequestValidator } from './request-validator.ts'
import type { Resource } from './resource.ts'
import type { RestApi } from './rest-api.ts'

/**
 * Everything a deployment freezes of a REST API. AWS deployments are immutable: edits to the API
 * are invisible to callers until the next CreateDeployment, so the snapshot is copied whole.
 */
export interface ApiSnapshot {
  restApi: RestApi
  resources: Resource[]
  /** Only the gateway responses the API customised (PutGatewayResponse); defaults are implied. */
  gatewayResponses: GatewayResponse[]
  models: Model[]
  /** Absent from deployments made before request validators were stored. */
  requestValidators?: RequestValidator[]
  /** Absent from deployments made before authorizers were stored; methods name them by id. */
  authorizers?: Authorizer[]
}
