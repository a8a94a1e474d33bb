import type { ApiSnapshot } from '../../../model/api-snapshot.ts'
import type { StoreReader } from '../../../store/store.ts'

/**
 * Freezes a REST API for CreateDeployment: the API, its resources (with methods, integrations and
 * responses), customised gateway responses, models, request validators and authorizers, read in one transaction so the copy is
 * consistent. Returns undefined when the API does not exist.
 */
export async function snapshotRestApi(reader: StoreReader, restApiId: string): Promise<ApiSnapshot | undefined> {
  const restApi = await reader.get('restapi', '', restApiId)
  if (restApi === undefined) return undefined
  const [resources, gatewayResponses, models, requestValidators, authorizers] = await Promise.all([
    reader.list('resource', restApiId),
    reader.list('gateway-response', restApiId),
    reader.list('model', restApiId),
    reader.list('request-validator', restApiId),
    reader.list('authorizer', restApiId),
  ])
  // A copy through JSON, as the deployment is stored and as any other node reads it: JSON.parse keeps a map keyed
  // by status code ({"200": ...}) as a sparse object, where structuredClone (like any assignment of key "200")
  // gives it room for 201 elements, about 2.4 KB. Measured: 49 MB of such room in a stage of 10,000 methods.
  return JSON.parse(JSON.stringify({ restApi, resources, gatewayResponses, models, requestValidators, authorizers })) as ApiSnapshot
}
