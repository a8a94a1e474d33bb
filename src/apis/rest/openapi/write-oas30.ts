import type { Method } from '../../../model/method.ts'
import {
  apiExtensions, compactObject, endpointExtension, integrationExtension, nonEmpty, requestParameterList, responseHeaders,
  securityRequirement, securitySchemes, validatorName, type ExportContext,
} from './export-context.ts'
import { X } from './extensions.ts'
import { exportedSchema } from './models.ts'
import { verbKey } from './write-swagger.ts'

/**
 * GetExport `oas30`: an OpenAPI 3.0.1 document of the deployed API, shaped as AWS writes it (LS
 * test_apigateway_extended > test_export_oas30_openapi > get-export): one server
 * `https://<host>/{basePath}` whose `basePath` defaults to the stage; path parameters required,
 * others only when they are; request models as a required `requestBody`; every response with a
 * `content` map (`{}` when it has no model); `components` always present.
 */
export function writeOas30(context: ExportContext): Record<string, unknown> {
  const { restApi, resources, models } = context.snapshot
  const paths: Record<string, Record<string, unknown>> = {}
  for (const resource of resources) {
    const methods = Object.values(resource.resourceMethods ?? {})
    if (methods.length === 0) continue
    paths[resource.path] = Object.fromEntries(methods.map((method) => [verbKey(method), oasOperation(method, context)]))
  }
  const schemas = Object.fromEntries(models.map((model) => [model.name, exportedSchema(model.schema, '#/components/schemas/')]))
  const endpoint = endpointExtension(context)
  const server: Record<string, unknown> = {
    url: `https://${context.host}/{basePath}`,
    variables: { basePath: { default: context.stageName } },
  }
  if (endpoint !== undefined) server[X.endpointConfiguration] = endpoint
  return compactObject({
    openapi: '3.0.1',
    info: compactObject({ title: restApi.name, description: restApi.description, version: context.version }),
    servers: [server],
    paths,
    components: compactObject({ schemas: nonEmpty(schemas), securitySchemes: securitySchemes(context) }),
    ...apiExtensions(context),
  })
}

function oasOperation(method: Method, context: ExportContext): Record<string, unknown> {
  const integration = method.methodIntegration
  const parameters = requestParameterList(method).map(({ name, in: location, required }) =>
    compactObject({ name, in: location, required: required ? true : undefined, schema: { type: 'string' } }))
  const requestModels = Object.entries(method.requestModels ?? {})
  const responses: Record<string, unknown> = {}
  for (const response of Object.values(method.methodResponses ?? {})) {
    const headers = responseHeaders(response.responseParameters)
    responses[response.statusCode] = compactObject({
      description: `${response.statusCode} response`,
      headers: headers.length > 0 ? Object.fromEntries(headers.map((header) => [header, { schema: { type: 'string' } }])) : undefined,
      content: Object.fromEntries(Object.entries(response.responseModels ?? {}).map(([type, model]) =>
        [type, { schema: { $ref: `#/components/schemas/${model}` } }])),
    })
  }
  return compactObject({
    operationId: method.operationName,
    parameters: parameters.length > 0 ? parameters : undefined,
    requestBody: requestModels.length === 0 ? undefined : {
      content: Object.fromEntries(requestModels.map(([type, model]) => [type, { schema: { $ref: `#/components/schemas/${model}` } }])),
      required: true,
    },
    responses,
    security: securityRequirement(method, context),
    [X.requestValidator]: validatorName(method, context),
    [X.integration]: integration !== undefined && context.withIntegrations ? integrationExtension(integration) : undefined,
  })
}
