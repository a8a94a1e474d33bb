import type { ApiSnapshot } from './api-snapshot.ts'

/** Deployment as AWS returns it: `{id, description?, createdDate}` (recorded: test_apigateway_common > test_create_delete_deployments). */
export interface Deployment {
  id: string
  description?: string
  createdDate: number
}

/** What the store keeps beside a deployment: the immutable snapshot the data plane compiles. */
export interface DeploymentSnapshot {
  deploymentId: string
  snapshot: ApiSnapshot
}
