import { notFound } from '../../../core/management-error.ts'
import type { MethodResponse } from '../../../model/method.ts'
import { compact, parseBooleanValue } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import { requireMethod, requireMethodResponse, requireResource } from './lookups.ts'
import { checkRequestModels } from './method-rules.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { mapEntry } from '../../operations/patch-members.ts'
import { invalidPatchOperation, invalidPatchPath, readPatchOperations } from '../../operations/patch-operations.ts'
import { patchTable } from '../../operations/patch-table.ts'
import type { StoreReader } from '../../../store/store.ts'
import { changeResource } from './resource-writes.ts'
import { requireStatusCode, statusCodeErrors } from './status-code.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * MethodResponse: Put (201), Get, Update (201, API reference), Delete (204). `responseParameters`
 * and `responseModels` are echoed as given, empty maps included (recorded: test_apigateway_api > test_lifecycle_method_response).
 */

const PUT_METHOD_RESPONSE = input('putMethodResponseInput', {
  responseParameters: { type: 'boolean-map' },
  responseModels: { type: 'string-map' },
})

export async function putMethodResponse({ deps, params, body }: Operation): Promise<Reply> {
  requireStatusCode(params.statusCode)
  const { responseParameters, responseModels } = readInput(body, PUT_METHOD_RESPONSE)
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

interface MethodResponsePatchContext {
  readonly tx: StoreReader
  readonly restApiId: string
}

/**
 * UpdateMethodResponse: `/responseParameters/<name>` and `/responseModels/<content-type>` with
 * add/replace/remove. Replacing or removing a key that is not there is a 404 with its own text
 * (`Invalid parameter name specified`, `Content-Type specified was not found`; recorded: test_apigateway_api >
 * test_update_method_wrong_param_names, test_update_method_lack_response_parameters_and_models).
 */
const METHOD_RESPONSE_PATCHES = patchTable<MethodResponse, MethodResponsePatchContext>({
  refuse: ({ path }, rule) => (rule === undefined ? invalidPatchPath(path) : invalidPatchOperation(rule.ops)),
  rules: [
    {
      path: '/responseParameters/{name}', ops: ['add', 'remove', 'replace'],
      apply: (response, change) => {
        if (change.op !== 'add' && !Object.hasOwn(response.responseParameters ?? {}, change.labels.name)) {
          throw notFound(REST_MESSAGES.parameterNameNotFound)
        }
        mapEntry<MethodResponse>('responseParameters', 'name', parseBooleanValue)(response, change)
      },
    },
    {
      path: '/responseModels/{contentType}', ops: ['add', 'remove', 'replace'],
      apply: async (response, change) => {
        const { op, value, labels: { contentType }, context } = change
        if (op !== 'add' && !Object.hasOwn(response.responseModels ?? {}, contentType)) throw notFound(REST_MESSAGES.contentTypeNotFound)
        if (op !== 'remove') await checkRequestModels(context.tx, context.restApiId, { [contentType]: value ?? '' })
        mapEntry<MethodResponse>('responseModels', 'contentType')(response, change)
      },
    },
  ],
})

export async function updateMethodResponse({ deps, params, body }: Operation): Promise<Reply> {
  const operations = readPatchOperations(body, 'updateMethodResponseInput', statusCodeErrors(params.statusCode))
  const updated = await changeResource(deps, params.restApiId, params.resourceId, async (resource, tx) => {
    const method = requireMethod(resource, params.httpMethod)
    const response = structuredClone(requireMethodResponse(method, params.statusCode))
    await METHOD_RESPONSE_PATCHES.apply(response, operations, { tx, restApiId: params.restApiId })
    // Emptied maps disappear from the response (LS test_update_method_response, remove-update-method-response).
    if (response.responseParameters !== undefined && Object.keys(response.responseParameters).length === 0) delete response.responseParameters
    if (response.responseModels !== undefined && Object.keys(response.responseModels).length === 0) delete response.responseModels
    method.methodResponses![params.statusCode] = response
    return response
  })
  return { status: 201, body: updated }
}
