import { conflict } from '../../../core/management-error.ts'
import type { Method } from '../../../model/method.ts'
import { compact, parseBooleanValue } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import { requireMethod, requireResource } from './lookups.ts'
import {
  checkAuthorization, checkRequestModels, checkRequestParameters, checkRequestValidator, validateAuthorizationType, validateHttpMethod,
} from './method-rules.ts'
import { REST_MESSAGES } from './messages.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { booleanMember, mapEntry, optionalMember } from '../../operations/patch-members.ts'
import { invalidPatchOperation, invalidPatchPath, readPatchOperations } from '../../operations/patch-operations.ts'
import { patchTable } from '../../operations/patch-table.ts'
import type { StoreReader } from '../../../store/store.ts'
import { changeResource } from './resource-writes.ts'

/** Method: PutMethod (201), GetMethod, UpdateMethod, DeleteMethod (204) (recorded: test_apigateway_api > TestApiGatewayApiMethod). */

/** `requestParameters` values are checked by checkRequestParameters, which has AWS's text for a non-boolean. */
const PUT_METHOD = input('putMethodInput', {
  authorizationType: { type: 'string', required: true },
  authorizerId: { type: 'string' },
  apiKeyRequired: { type: 'boolean', default: false },
  requestValidatorId: { type: 'string' },
  operationName: { type: 'string' },
  requestParameters: { type: 'object' },
  requestModels: { type: 'string-map' },
  authorizationScopes: { type: 'string-list' },
})

export async function putMethod({ deps, params, body }: Operation): Promise<Reply> {
  const { restApiId, resourceId } = params
  const given = readInput(body, PUT_METHOD)
  const method = await changeResource(deps, restApiId, resourceId, async (resource, tx) => {
    const httpMethod = validateHttpMethod(params.httpMethod)
    if (resource.resourceMethods?.[httpMethod] !== undefined) throw conflict(REST_MESSAGES.methodExists)
    const method: Method = compact({
      ...given,
      httpMethod,
      authorizationType: validateAuthorizationType(given.authorizationType),
      requestParameters: checkRequestParameters(given.requestParameters),
    })
    await checkAuthorization(tx, restApiId, method)
    await checkRequestValidator(tx, restApiId, method.requestValidatorId)
    await checkRequestModels(tx, restApiId, method.requestModels)
    resource.resourceMethods = { ...resource.resourceMethods, [httpMethod]: method }
    return method
  })
  return { status: 201, body: method }
}

export async function getMethod({ deps, params }: Operation): Promise<Reply> {
  const resource = await requireResource(deps.store, params.restApiId, params.resourceId)
  return { status: 200, body: requireMethod(resource, params.httpMethod) }
}

export async function deleteMethod({ deps, params }: Operation): Promise<Reply> {
  await changeResource(deps, params.restApiId, params.resourceId, async (resource) => {
    requireMethod(resource, params.httpMethod)
    delete resource.resourceMethods![params.httpMethod]
  })
  return { status: 204 }
}

interface MethodPatchContext {
  readonly tx: StoreReader
  readonly restApiId: string
}

/**
 * UpdateMethod (LS test_update_method, test_update_method_validation): scalar members take only
 * `replace`; `/requestParameters/<name>` and `/requestModels/<content-type>` take add/replace/remove;
 * `apiKeyRequired` reads its value like Java's `Boolean.parseBoolean` ("whatever" is false).
 */
const METHOD_PATCHES = patchTable<Method, MethodPatchContext>({
  refuse: ({ path }, rule) => (rule === undefined ? invalidPatchPath(path) : invalidPatchOperation(rule.ops)),
  rules: [
    { path: '/authorizationType', ops: ['replace'], apply: (method, { value }) => { method.authorizationType = validateAuthorizationType(value ?? '') } },
    { path: '/apiKeyRequired', ops: ['replace'], apply: booleanMember('apiKeyRequired') },
    { path: '/authorizerId', ops: ['replace'], apply: optionalMember('authorizerId') },
    { path: '/operationName', ops: ['replace'], apply: optionalMember('operationName') },
    { path: '/requestValidatorId', ops: ['replace'], apply: optionalMember('requestValidatorId') },
    {
      path: '/requestParameters/{name}', ops: ['add', 'remove', 'replace'],
      apply: (method, change) => {
        mapEntry<Method>('requestParameters', 'name', parseBooleanValue)(method, change)
        method.requestParameters = checkRequestParameters(method.requestParameters)
      },
    },
    {
      path: '/requestModels/{contentType}', ops: ['add', 'remove', 'replace'],
      apply: async (method, change) => {
        const { op, value, labels, context } = change
        if (op !== 'remove') await checkRequestModels(context.tx, context.restApiId, { [labels.contentType]: value ?? '' })
        mapEntry<Method>('requestModels', 'contentType')(method, change)
      },
    },
    {
      path: '/authorizationScopes', ops: ['add', 'remove'],
      apply: (method, { op, value }) => {
        const scopes = (method.authorizationScopes ?? []).filter((scope) => scope !== value)
        method.authorizationScopes = op === 'add' && value !== undefined ? [...scopes, value] : scopes
      },
    },
  ],
})

export async function updateMethod({ deps, params, body }: Operation): Promise<Reply> {
  const { restApiId, resourceId } = params
  const operations = readPatchOperations(body, 'updateMethodInput')
  const updated = await changeResource(deps, restApiId, resourceId, async (resource, tx) => {
    const method = structuredClone(requireMethod(resource, params.httpMethod))
    await METHOD_PATCHES.apply(method, operations, { tx, restApiId })
    for (const key of ['requestParameters', 'requestModels', 'authorizationScopes'] as const) {
      const member = method[key]
      if (member !== undefined && Object.keys(member).length === 0) delete method[key]
    }
    await checkAuthorization(tx, restApiId, method)
    await checkRequestValidator(tx, restApiId, method.requestValidatorId)
    resource.resourceMethods![params.httpMethod] = method
    return method
  })
  return { status: 200, body: updated }
}
