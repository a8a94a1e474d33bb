import type { Method } from '../../../model/method.ts'
import {
  apiExtensions, compactObject, endpointExtension, integrationExtension, nonEmpty, requestParameterList, responseHeaders,
  securityRequirement, securitySchemes, validatorName, type ExportContext,
} from './export-context.ts'
import { X } from './extensions.ts'
import { exportedSchema } from './models.ts'

/**
 * GetExport `swagger`: a Swagger 2.0 document of the deployed API, shaped as AWS writes it (LS
 * test_apigateway_extended > test_export_swagger_openapi > get-export): `host` the execute-api
 * host, `basePath` `/<stage>`; `consumes` from request models and templates, `produces` from
 * response models and integration response templates; each response described as
 * `<code> response`; models as `definitions` with `#/definitions/` refs.
 */
export function writeSwagger(context: ExportContext): Record<string, unknown> {
  const { restApi, resources, models } = context.snapshot
  const paths: Record<string, Record<string, unknown>> = {}
  for (const resource of resources) {
    const methods = Object.values(resource.resourceMethods ?? {})
    if (methods.length === 0) continue
    paths[resource.path] = Object.fromEntries(methods.map((method) => [verbKey(method), swaggerOperation(method, context)]))
  }
  const definitions = Object.fromEntries(models.map((model) => [model.name, exportedSchema(model.schema, '#/definitions/')]))
  const endpoint = endpointExtension(context)
  return compactObject({
    swagger: '2.0',
    info: compactObject({ description: restApi.description, version: context.version, title: restApi.name }),
    host: context.host,
    basePath: `/${context.stageName}`,
    schemes: ['https'],
    paths,
    securityDefinitions: securitySchemes(context),
    definitions: nonEmpty(definitions),
    ...apiExtensions(context),
    [X.endpointConfiguration]: endpoint,
  })
}

export const verbKey = (method: Method): string => (method.httpMethod === 'ANY' ? X.anyMethod : method.httpMethod.toLowerCase())

function swaggerOperation(method: Method, context: ExportContext): Record<string, unknown> {
  const integration = method.methodIntegration
  const consumes = unique([...Object.keys(method.requestModels ?? {}), ...Object.keys(integration?.requestTemplates ?? {})])
  const produces = unique([
    ...Object.values(method.methodResponses ?? {}).flatMap((response) => Object.keys(response.responseModels ?? {})),
    ...Object.values(integration?.integrationResponses ?? {}).flatMap((response) => Object.keys(response.responseTemplates ?? {})),
  ])
  const parameters: Record<string, unknown>[] = requestParameterList(method).map((parameter) => ({ ...parameter, type: 'string' }))
  const bodyModel = Object.values(method.requestModels ?? {})[0]
  if (bodyModel !== undefined) parameters.push({ in: 'body', name: bodyModel, required: true, schema: { $ref: `#/definitions/${bodyModel}` } })
  const responses: Record<string, unknown> = {}
  for (const response of Object.values(method.methodResponses ?? {})) {
    const model = Object.values(response.responseModels ?? {})[0]
    const headers = responseHeaders(response.responseParameters)
    responses[response.statusCode] = compactObject({
      description: `${response.statusCode} response`,
      schema: model === undefined ? undefined : { $ref: `#/definitions/${model}` },
      headers: headers.length > 0 ? Object.fromEntries(headers.map((header) => [header, { type: 'string' }])) : undefined,
    })
  }
  return compactObject({
    operationId: method.operationName,
    consumes: consumes.length > 0 ? consumes : undefined,
    produces: produces.length > 0 ? produces : undefined,
    parameters: parameters.length > 0 ? parameters : undefined,
    responses,
    security: securityRequirement(method, context),
    [X.requestValidator]: validatorName(method, context),
    [X.integration]: integration !== undefined && context.withIntegrations ? integrationExtension(integration) : undefined,
  })
}

const unique = (values: string[]): string[] => [...new Set(values)]
