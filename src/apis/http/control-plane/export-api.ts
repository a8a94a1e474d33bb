import { stringify as stringifyYaml } from 'yaml'
import type { Handler } from '../../operations/operation.ts'
import { writeHttpApiDocument } from '../openapi/write-http-api-document.ts'
import { requireHttpApi } from './lookups.ts'
import { V2_MESSAGES } from './messages.ts'

/**
 * ExportApi (API reference v2, "Exports": `GET /v2/apis/{apiId}/exports/{specification}` with
 * `outputType` YAML or JSON, `stageName`, `includeExtensions` (default true) and `exportVersion`
 * 1.0): the API as its stage's deployment froze it, or its latest configuration without a stage
 * (developer guide, "Export HTTP APIs from API Gateway").
 */
export const exportApi: Handler = async ({ deps, params, query }) => {
  const api = await requireHttpApi(deps.store, deps, params.apiId)
  if (params.specification !== 'OAS30') throw V2_MESSAGES.exportSpecification(params.specification)
  const outputType = query.get('outputType') ?? ''
  if (outputType !== 'YAML' && outputType !== 'JSON') throw V2_MESSAGES.exportOutputType(outputType)
  const exportVersion = query.get('exportVersion')
  if (exportVersion !== null && exportVersion !== '1.0') throw V2_MESSAGES.exportVersion(exportVersion)
  const stageName = query.get('stageName') ?? undefined
  let source
  if (stageName !== undefined) {
    const stage = await deps.store.get('v2-stage', api.apiId, stageName)
    if (stage === undefined) throw V2_MESSAGES.stageNotFound(deps.aws.accountId, stageName)
    const snapshot = stage.deploymentId === undefined ? undefined : await deps.store.get('v2-deployment-snapshot', api.apiId, stage.deploymentId)
    if (snapshot === undefined) throw V2_MESSAGES.exportNoDeployment(stageName)
    source = { routes: snapshot.routes, integrations: snapshot.integrations, authorizers: snapshot.authorizers ?? [], corsConfiguration: snapshot.corsConfiguration }
  } else {
    const [routes, integrations, authorizers] = await Promise.all([
      deps.store.list('v2-route', api.apiId), deps.store.list('v2-integration', api.apiId), deps.store.list('v2-authorizer', api.apiId),
    ])
    source = { routes, integrations, authorizers, corsConfiguration: api.corsConfiguration }
  }
  const document = writeHttpApiDocument({ api, ...source, stageName, includeExtensions: query.get('includeExtensions') !== 'false' })
  return {
    status: 200,
    payload: { contentType: 'application/octet-stream', data: Buffer.from(outputType === 'YAML' ? stringifyYaml(document) : JSON.stringify(document)) },
  }
}
