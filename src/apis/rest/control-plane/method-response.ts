import { notFound } from '../../../core/management-error.ts'
import type { MethodResponse } from '../../../model/method.ts'
import { compact, optionalBooleanMap, optionalStringMap, parseBooleanValue } from '../../operations/input.ts'
import { requireMethod, requireMethodResponse, requireResource } from './lookups.ts'
import { checkRequestModels } from './method-rules.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { invalidPatchOperation, invalidPatchPath, readPatchOperations, splitPointer } from '../../operations/patch-operations.ts'
import { changeResource } from './resource-writes.ts'
import { requireStatusCode, statusCodeErrors } from './status-code.ts'

/**
 * MethodResponse: Put (201), Get, Update (201, API reference), Delete (204). `responseParameters`
 * and `responseModels` are echoed as given, empty maps included (recorded: test_apigateway_api > test_lifecycle_method_response).
 */

export async function putMethodResponse({ deps, params, body }: Operation): Promise<Reply> {
  requireStatusCode(params.statusCode)
  const responseParameters = optionalBooleanMap(body, 'responseParameters')
  const responseModels = optionalStringMap(body, 'responseModels') as Record<string, string> | undefined
  const response = await changeResource(deps, params.restApiId, params.resourceId, async (resource, tx) => {
    const method = requireMethod(resource, params.httpMethod)
    await checkRequestModels(tx, params.restApiId, responseModels)
    const response: MethodResponse = compact({ statusCode: params.statusCode, responseParameters, responseModels })
    method.methodResponses = { ...method.methodResponses, [params.statusCode]: response }
    return response
  })
  return { status: 201, body: response }
}

export async function getMethodResponse({ deps, params }: Operation): Promise<Reply> {
  requireStatusCode(params.statusCode)
  const resource = await requireResource(deps.store, params.restApiId, params.resourceId)
  return { status: 200, body: requireMethodResponse(requireMethod(resource, params.httpMethod), params.statusCode) }
}

export async function deleteMethodResponse({ deps, params }: Operation): Promise<Reply> {
  requireStatusCode(params.statusCode)
  await changeResource(deps, params.restApiId, params.resourceId, async (resource) => {
    const method = requireMethod(resource, params.httpMethod)
    requireMethodResponse(method, params.statusCode)
    delete method.methodResponses![params.statusCode]
    if (Object.keys(method.methodResponses!).length === 0) delete method.methodResponses
  })
  return { status: 204 }
}

/**
 * UpdateMethodResponse: `/responseParameters/<name>` and `/responseModels/<content-type>` with
 * add/replace/remove. Replacing or removing a key that is not there is a 404 with its own text
 * (`Invalid parameter name specified`, `Content-Type specified was not found`; recorded: test_apigateway_api >
 * test_update_method_wrong_param_names, test_update_method_lack_response_parameters_and_models).
 */
export async function updateMethodResponse({ deps, params, body }: Operation): Promise<Reply> {
  const operations = readPatchOperations(body, 'updateMethodResponseInput', statusCodeErrors(params.statusCode))
  const updated = await changeResource(deps, params.restApiId, params.resourceId, async (resource, tx) => {
    const method = requireMethod(resource, params.httpMethod)
    const response = structuredClone(requireMethodResponse(method, params.statusCode))
    for (const { op, path, value } of operations) {
      if (path === undefined || !path.startsWith('/')) throw invalidPatchPath(path)
      const [field, key, ...rest] = splitPointer(path)
      if ((field !== 'responseParameters' && field !== 'responseModels') || key === undefined || key === '' || rest.length > 0) {
        throw invalidPatchPath(path)
      }
      if (op !== 'add' && op !== 'replace' && op !== 'remove') throw invalidPatchOperation(['add', 'remove', 'replace'])
      if (field === 'responseParameters') {
        const parameters = { ...response.responseParameters }
        if (op !== 'add' && !Object.hasOwn(parameters, key)) throw notFound('Invalid parameter name specified')
        if (op === 'remove') delete parameters[key]
        else parameters[key] = parseBooleanValue(value)
        response.responseParameters = parameters
      } else {
        const models = { ...response.responseModels }
        if (op !== 'add' && !Object.hasOwn(models, key)) throw notFound('Content-Type specified was not found')
        if (op === 'remove') delete models[key]
        else {
          await checkRequestModels(tx, params.restApiId, { [key]: value ?? '' })
          models[key] = value ?? ''
        }
        response.responseModels = models
      }
    }
    // Emptied maps disappear from the response (LS test_update_method_response, remove-update-method-response).
    if (response.responseParameters !== undefined && Object.keys(response.responseParameters).length === 0) delete response.responseParameters
    if (response.responseModels !== undefined && Object.keys(response.responseModels).length === 0) delete response.responseModels
    method.methodResponses![params.statusCode] = response
    return response
  })
  return { status: 201, body: updated }
}
