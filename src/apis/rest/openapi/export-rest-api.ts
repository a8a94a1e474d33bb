import { stringify as stringifyYaml } from 'yaml'
import { badRequest, notFound } from '../../../core/management-error.ts'
import { requireRestApi } from '../control-plane/lookups.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import type { RequestValidator } from '../../../model/request-validator.ts'
import type { ExportContext } from './export-context.ts'
import { addDocumentation } from './export-documentation.ts'
import { writeOas30 } from './write-oas30.ts'
import { writeSwagger } from './write-swagger.ts'
import { REST_MESSAGES } from '../control-plane/messages.ts'

/**
 * GetExport (`GET /restapis/{id}/stages/{stage}/exports/{oas30|swagger}`): the API as the stage's
 * deployment froze it, as a document. Answer shape (recorded: test_apigateway_extended >
 * test_export_swagger_openapi, test_export_oas30_openapi): `Content-Disposition: attachment; filename="<type>_<version>.json"`, content
 * type `application/octet-stream`; JSON unless `Accept` asks for YAML; the version is the
 * API's, else the deployment's date. Authorizers are not part of a deployment
 * snapshot yet (nor validators in deployments made before they were), so the API's current ones
 * are exported.
 */
export async function getExport({ deps, params, query, headers }: Operation): Promise<Reply> {
  const { restApiId, stageName, exportType } = params
  if (exportType !== 'oas30' && exportType !== 'swagger') {
    throw badRequest(REST_MESSAGES.invalidExportType(exportType))
  }
  await requireRestApi(deps.store, deps.aws, restApiId)
  const stage = await deps.store.get('stage', restApiId, stageName)
  if (stage === undefined) throw notFound(REST_MESSAGES.stageNotFound)
  const [frozen, deployment, authorizers, validators, documentation] = await Promise.all([
    deps.store.get('deployment-snapshot', restApiId, stage.deploymentId),
    deps.store.get('deployment', restApiId, stage.deploymentId),
    deps.store.list('authorizer', restApiId),
    deps.store.list('request-validator', restApiId),
    stage.documentationVersion === undefined ? undefined : deps.store.get('documentation-version', restApiId, stage.documentationVersion),
  ])
  if (frozen === undefined || deployment === undefined) throw notFound(REST_MESSAGES.deploymentNotFound)
  const extensions = new Set((query.get('extensions') ?? '').split(',').map((value) => value.trim().toLowerCase()))
  const withApiGateway = extensions.has('apigateway')
  const context: ExportContext = {
    snapshot: frozen.snapshot,
    authorizers,
    // Deployments made before validators were stored lack them.
    validators: (frozen.snapshot as { requestValidators?: RequestValidator[] }).requestValidators ?? validators,
    stageName,
    host: `${restApiId}.execute-api.${deps.aws.region}.amazonaws.com`,
    version: frozen.snapshot.restApi.version ?? new Date(deployment.createdDate * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    withIntegrations: withApiGateway || extensions.has('integrations'),
    withAuthorizers: withApiGateway || extensions.has('authorizers'),
    withApiGateway,
  }
  const document = exportType === 'oas30' ? writeOas30(context) : writeSwagger(context)
  // The stage's documentation comes by default, or when `extensions` names it (developer guide,
  // "Download a documentation snapshot associated with a stage").
  if (documentation !== undefined && (query.get('extensions') === null || extensions.has('documentation'))) {
    addDocumentation(document, exportType, documentation)
  }
  const accept = String(headers?.accept ?? '').toLowerCase()
  const yaml = accept.includes('yaml')
  const data = Buffer.from(yaml ? stringifyYaml(document) : JSON.stringify(document, null, 2))
  return {
    status: 200,
    payload: {
      // AWS labels the document a download whatever the format (recorded: test_apigateway_extended > test_export_swagger_openapi > get-export).
      contentType: 'application/octet-stream',
      headers: { 'content-disposition': `attachment; filename="${exportType}_${context.version}.${yaml ? 'yaml' : 'json'}"` },
      data,
    },
  }
}
