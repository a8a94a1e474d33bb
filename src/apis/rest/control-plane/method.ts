import { badRequest, conflict } from '../../../core/management-error.ts'
import type { Method } from '../../../model/method.ts'
import {
  compact, optionalBoolean, optionalObject, optionalString, optionalStringList, optionalStringMap, parseBooleanValue, requiredString,
} from '../../operations/input.ts'
import { requireMethod, requireResource } from './lookups.ts'
import {
  checkAuthorization, checkRequestModels, checkRequestParameters, checkRequestValidator, validateAuthorizationType, validateHttpMethod,
} from './method-rules.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { invalidPatchOperation, invalidPatchPath, patchMap, readPatchOperations, splitPointer } from '../../operations/patch-operations.ts'
import { changeResource } from './resource-writes.ts'

/** Method: PutMethod (201), GetMethod, UpdateMethod, DeleteMethod (204) (recorded: test_apigateway_api > TestApiGatewayApiMethod). */

export async function putMethod({ deps, params, body }: Operation): Promise<Reply> {
  const { restApiId, resourceId } = params
  const method = await changeResource(deps, restApiId, resourceId, async (resource, tx) => {
    const httpMethod = validateHttpMethod(params.httpMethod)
    // No recording has this: AWS refuses to overwrite a method with PutMethod (UpdateMethod changes one).
    if (resource.resourceMethods?.[httpMethod] !== undefined) throw conflict('Method already exists for this resource')
    const authorizationType = validateAuthorizationType(requiredString(body, 'authorizationType', 'putMethodInput'))
    const requestModels = optionalStringMap(body, 'requestModels') as Record<string, string> | undefined
    const requestValidatorId = optionalString(body, 'requestValidatorId')
    const method: Method = compact({
      httpMethod,
      authorizationType,
      authorizerId: optionalString(body, 'authorizerId'),
      apiKeyRequired: optionalBoolean(body, 'apiKeyRequired') ?? false,
      requestValidatorId,
      operationName: optionalString(body, 'operationName'),
      requestParameters: checkRequestParameters(optionalObject(body, 'requestParameters')),
      requestModels,
      authorizationScopes: optionalStringList(body, 'authorizationScopes'),
    })
    await checkAuthorization(tx, restApiId, method)
    await checkRequestValidator(tx, restApiId, requestValidatorId)
    await checkRequestModels(tx, restApiId, requestModels)
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

const REPLACE_ONLY = new Set(['authorizationType', 'authorizerId', 'apiKeyRequired', 'operationName', 'requestValidatorId'])

/**
 * UpdateMethod (LS test_update_method, test_update_method_validation): scalar members take only
 * `replace`; `/requestParameters/<name>` and `/requestModels/<content-type>` take add/replace/remove;
 * `apiKeyRequired` reads its value like Java's `Boolean.parseBoolean` ("whatever" is false).
 */
export async function updateMethod({ deps, params, body }: Operation): Promise<Reply> {
  const { restApiId, resourceId } = params
  const operations = readPatchOperations(body, 'updateMethodInput')
  const updated = await changeResource(deps, restApiId, resourceId, async (resource, tx) => {
    const method = structuredClone(requireMethod(resource, params.httpMethod))
    for (const { op, path, value } of operations) {
      if (path === undefined || !path.startsWith('/')) throw invalidPatchPath(path)
      const [field, ...rest] = splitPointer(path)
      if (REPLACE_ONLY.has(field) && rest.length === 0) {
        if (op !== 'replace') throw invalidPatchOperation(['replace'])
        replaceScalar(method, field, value)
      } else if ((field === 'requestParameters' || field === 'requestModels') && rest.length === 1 && rest[0] !== '') {
        if (op !== 'add' && op !== 'replace' && op !== 'remove') throw invalidPatchOperation(['add', 'remove', 'replace'])
        if (field === 'requestParameters') {
          method.requestParameters = checkRequestParameters(patchMap(method.requestParameters, op, rest[0], parseBooleanValue(value)))
        } else {
          if (op !== 'remove') await checkRequestModels(tx, restApiId, { [rest[0]]: value ?? '' })
          method.requestModels = patchMap(method.requestModels, op, rest[0], value ?? '')
        }
      } else if (field === 'authorizationScopes' && rest.length === 0) {
        if (op !== 'add' && op !== 'remove') throw invalidPatchOperation(['add', 'remove'])
        const scopes = (method.authorizationScopes ?? []).filter((scope) => scope !== value)
        method.authorizationScopes = op === 'add' && value !== undefined ? [...scopes, value] : scopes
      } else {
        throw invalidPatchPath(path)
      }
    }
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

function replaceScalar(method: Method, field: string, value: string | undefined): void {
  switch (field) {
    case 'authorizationType':
      method.authorizationType = validateAuthorizationType(value ?? '')
      return
    case 'apiKeyRequired':
      method.apiKeyRequired = parseBooleanValue(value)
      return
    case 'authorizerId':
    case 'operationName':
    case 'requestValidatorId':
      if (value === undefined || value === '') delete method[field]
      else method[field] = value
      return
  }
  throw badRequest(`Invalid patch path /${field}`)
}
