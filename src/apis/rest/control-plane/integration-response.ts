import type { ContentHandling, IntegrationResponse } from '../../../model/integration.ts'
import { compact } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import { checkContentHandling, checkContentType, checkTemplate, checkTemplates, CONTENT_HANDLINGS } from './integration-rules.ts'
import { requireIntegration, requireIntegrationResponse, requireMethod, requireResource } from './lookups.ts'
import { checkIntegrationResponseParameters } from './mapping-expression-rules.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { mapEntry } from '../../operations/patch-members.ts'
import { invalidPatchOperation, invalidPatchPath, readPatchOperations } from '../../operations/patch-operations.ts'
import { patchTable } from '../../operations/patch-table.ts'
import { changeResource } from './resource-writes.ts'
import { requireStatusCode, statusCodeErrors } from './status-code.ts'

/**
 * IntegrationResponse: Put (201, overwrites), Get, Update, Delete (204). Only the keys given are
 * returned (recorded: test_apigateway_integrations > test_put_integration_responses); lookups go resource → method → integration → status code, each with its
 * own 404 text (recorded: test_apigateway_api > TestApigatewayIntegrationResponse).
 */

/** `responseTemplates` keys and templates are checked by checkTemplates (integration-rules.ts). */
const PUT_INTEGRATION_RESPONSE = input('putIntegrationResponseInput', {
  selectionPattern: { type: 'string' },
  responseParameters: { type: 'string-map' },
  responseTemplates: { type: 'string-map', nullValues: true },
  contentHandling: { type: 'string', enum: CONTENT_HANDLINGS },
})

export async function putIntegrationResponse({ deps, params, body }: Operation): Promise<Reply> {
  requireStatusCode(params.statusCode)
  const given = readInput(body, PUT_INTEGRATION_RESPONSE)
  const response = await changeResource(deps, params.restApiId, params.resourceId, async (resource) => {
    const method = requireMethod(resource, params.httpMethod)
    const integration = requireIntegration(method)
    const response: IntegrationResponse = compact({
      ...given,
      statusCode: params.statusCode,
      responseTemplates: checkTemplates(given.responseTemplates),
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
 * UpdateIntegrationResponse: `/selectionPattern` and `/contentHandling` (replace, remove),
 * `/responseTemplates/<content-type>` and `/responseParameters/<name>` (add/replace/remove).
 */
const INTEGRATION_RESPONSE_PATCHES = patchTable<IntegrationResponse>({
  refuse: ({ path }, rule) => (rule === undefined ? invalidPatchPath(path) : invalidPatchOperation(rule.ops)),
  rules: [
    {
      path: '/selectionPattern', ops: ['replace', 'remove'],
      apply: (response, { op, value }) => {
        if (op === 'remove' || value === undefined) delete response.selectionPattern
        else response.selectionPattern = value
      },
    },
    {
      path: '/contentHandling', ops: ['replace', 'remove'],
      apply: (response, { op, value }) => {
        if (op === 'remove' || value === undefined) delete response.contentHandling
        else {
          checkContentHandling(value, 'updateIntegrationResponseInput.contentHandling')
          response.contentHandling = value as ContentHandling
        }
      },
    },
    {
      path: '/responseTemplates/{contentType}', ops: ['add', 'remove', 'replace'],
      apply: (response, change) => {
        const { op, value, labels: { contentType } } = change
        checkContentType(contentType)
        if (op !== 'remove' && value !== undefined && value !== '') checkTemplate(contentType, value)
        mapEntry<IntegrationResponse>('responseTemplates', 'contentType', (given) => (given === '' ? null : (given ?? null)))(response, change)
      },
    },
    { path: '/responseParameters/{name}', ops: ['add', 'remove', 'replace'], apply: mapEntry('responseParameters', 'name') },
  ],
})

export async function updateIntegrationResponse({ deps, params, body }: Operation): Promise<Reply> {
  const operations = readPatchOperations(body, 'updateIntegrationResponseInput', statusCodeErrors(params.statusCode))
  const updated = await changeResource(deps, params.restApiId, params.resourceId, async (resource) => {
    const method = requireMethod(resource, params.httpMethod)
    const integration = requireIntegration(method)
    const response = structuredClone(requireIntegrationResponse(integration, params.statusCode))
    await INTEGRATION_RESPONSE_PATCHES.apply(response, operations, undefined)
    checkIntegrationResponseParameters(method, params.statusCode, response.responseParameters)
    integration.integrationResponses![params.statusCode] = response
    return response
  })
  return { status: 200, body: updated }
}
