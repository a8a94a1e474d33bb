import type { HttpAuthorizer } from './authorizer.ts'
import type { CorsConfiguration } from './cors-configuration.ts'
import type { HttpIntegration } from './integration.ts'
import type { HttpRoute } from './route.ts'
import type { WebSocketModel } from './websocket-model.ts'

/** A v2 deployment (API reference v2, "Deployment"). */
export interface HttpDeployment {
  deploymentId: string
  deploymentStatus: 'PENDING' | 'FAILED' | 'DEPLOYED'
  autoDeployed: boolean
  createdDate: string
  description?: string
}

/** What a deployment froze of its API: the routes, integrations, authorizers and CORS settings a stage then serves, unchanged by later edits. */
export interface HttpDeploymentSnapshot {
  readonly apiId: string
  readonly routes: readonly HttpRoute[]
  readonly integrations: readonly HttpIntegration[]
  /** Absent from deployments made before authorizers were stored. */
  readonly authorizers?: readonly HttpAuthorizer[]
  readonly corsConfiguration?: CorsConfiguration
  /** A WebSocket API's models, which its routes' `requestModels` validate messages against; absent from older deployments. */
  readonly models?: readonly WebSocketModel[]
}
