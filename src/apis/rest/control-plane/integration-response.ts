import type { ContentHandling, IntegrationResponse } from '../../../model/integration.ts'
import { compact, optionalString, optionalStringMap } from '../../operations/input.ts'
import { checkContentHandling, checkContentType, checkTemplate, readTemplates } from './integration-rules.ts'
import { requireIntegration, requireIntegrationResponse, requireMethod, requireResource } from './lookups.ts'
import { checkIntegrationResponseParameters } from './mapping-expression-rules.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { invalidPatchOperation, invalidPatchPath, patchMap, readPatchOperations, splitPointer } from '../../operations/patch-operations.ts'
import { changeResource } from './resource-writes.ts'
import { requireStatusCode, statusCodeErrors } from './status-code.ts'

/**
 * IntegrationResponse: Put (201, overwrites), Get, Update, Delete (204). Only the keys given are
 * returned (recorded: test_apigateway_integrations > test_put_integration_responses); lookups go resource → method → integration → status code, each with its
 * own 404 text (recorded: test_apigateway_api > TestApigatewayIntegrationResponse).
 */

export async function putIntegrationResponse({ deps, params, body }: Operation): Promise<Reply> {
  requireStatusCode(params.statusCode)
  const contentHandling = optionalString(body, 'contentHandling')
  checkContentHandling(contentHandling, 'putIntegrationResponseInput.contentHandling')
  const response = await changeResource(deps, params.restApiId, params.resourceId, async (resource) => {
    const method = requireMethod(resource, params.httpMethod)
    const integration = requireIntegration(method)
    const response: IntegrationResponse = compact({
      statusCode: params.statusCode,
      selectionPattern: optionalString(body, 'selectionPattern'),
      responseParameters: optionalStringMap(body, 'responseParameters') as Record<string, string> | undefined,
      responseTemplates: readTemplates(body, 'responseTemplates'),
      contentHandling: contentHandling as ContentHandling | undefined,
    })
    checkIntegrationResponseParameters(method, params.statusCode, response.responseParameters)
    integration.integrationResponses = { ...integration.integrationResponses, [params.statusCode]: response }
    return response
  })
  return { status: 201, body: response }
}

export async function getIntegrationResponse({ deps, params }: Operation): Promise<Reply> {
  requireStatusCode(params.statusCode)
  const resource = await requireResource(deps.store, params.restApiId, params.resourceId)
  const integration = requireIntegration(requireMethod(resource, params.httpMethod))
  return { status: 200, body: requireIntegrationResponse(integration, params.statusCode) }
}

/**
 * DeleteIntegrationResponse: a missing method reads as a missing integration here
 * (LS test_delete_integration_response_errors, non-existent-method / bad-method).
 */
export async function deleteIntegrationResponse({ deps, params }: Operation): Promise<Reply> {
  requireStatusCode(params.statusCode)
  await changeResource(deps, params.restApiId, params.resourceId, async (resource) => {
    const method = resource.resourceMethods?.[params.httpMethod]
    const integration = requireIntegration(method ?? { httpMethod: 'ANY', authorizationType: 'NONE', apiKeyRequired: false })
    requireIntegrationResponse(integration, params.statusCode)
    delete integration.integrationResponses![params.statusCode]
    if (Object.keys(integration.integrationResponses!).length === 0) delete integration.integrationResponses
  })
  return { status: 204 }
}

/**
 * UpdateIntegrationResponse: `/selectionPattern` and `/contentHandling` (replace),
 * `/responseTemplates/<content-type>` and `/responseParameters/<name>` (add/replace/remove).
 */
export async function updateIntegrationResponse({ deps, params, body }: Operation): Promise<Reply> {
  const operations = readPatchOperations(body, 'updateIntegrationResponseInput', statusCodeErrors(params.statusCode))
  const updated = await changeResource(deps, params.restApiId, params.resourceId, async (resource) => {
    const method = requireMethod(resource, params.httpMethod)
    const integration = requireIntegration(method)
    const response = structuredClone(requireIntegrationResponse(integration, params.statusCode))
    for (const { op, path, value } of operations) {
      if (path === undefined || !path.startsWith('/')) throw invalidPatchPath(path)
      const [field, key, ...rest] = splitPointer(path)
      if (rest.length > 0) throw invalidPatchPath(path)
      if ((field === 'selectionPattern' || field === 'contentHandling') && key === undefined) {
        if (op !== 'replace' && op !== 'remove') throw invalidPatchOperation(['replace', 'remove'])
        if (op === 'remove' || value === undefined) delete response[field]
        else if (field === 'contentHandling') {
          checkContentHandling(value, 'updateIntegrationResponseInput.contentHandling')
          response.contentHandling = value as ContentHandling
        } else response.selectionPattern = value
      } else if ((field === 'responseTemplates' || field === 'responseParameters') && key !== undefined && key !== '') {
        if (op !== 'add' && op !== 'replace' && op !== 'remove') throw invalidPatchOperation(['add', 'remove', 'replace'])
        if (field === 'responseTemplates') {
          checkContentType(key)
          if (op !== 'remove' && value !== undefined && value !== '') checkTemplate(key, value)
          response.responseTemplates = patchMap(response.responseTemplates, op, key, value === '' ? null : (value ?? null))
        } else {
          response.responseParameters = patchMap(response.responseParameters, op, key, value ?? '')
        }
      } else {
        throw invalidPatchPath(path)
      }
    }
    checkIntegrationResponseParameters(method, params.statusCode, response.responseParameters)
    integration.integrationResponses![params.statusCode] = response
    return response
  })
  return { status: 200, body: updated }
}
