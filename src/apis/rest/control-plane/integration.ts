import { badRequest } from '../../../core/management-error.ts'
import type { ContentHandling, Integration, PassthroughBehavior } from '../../../model/integration.ts'
import {
  compact, optionalBoolean, optionalNumber, optionalObject, optionalString, optionalStringList, optionalStringMap,
  parseBooleanValue,
} from '../../operations/input.ts'
import {
  checkContentHandling, checkContentType, checkTemplate, checkIntegration, checkIntegrationType, CONNECTION_TYPES, MAX_TIMEOUT_MS, readTemplates,
} from './integration-rules.ts'
import { requireIntegration, requireMethod, requireResource } from './lookups.ts'
import { checkIntegrationRequestParameters } from './mapping-expression-rules.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { invalidPatchOperation, invalidPatchPath, patchMap, readPatchOperations, splitPointer } from '../../operations/patch-operations.ts'
import { changeResource } from './resource-writes.ts'

/**
 * Integration: PutIntegration (201), GetIntegration, UpdateIntegration, DeleteIntegration (204).
 * Defaults (recorded: test_apigateway_integrations > test_put_integration_validation): cacheKeyParameters [], cacheNamespace = the resource id, passthroughBehavior
 * WHEN_NO_MATCH, timeoutInMillis 29000, connectionType INTERNET for HTTP types; `httpMethod`
 * echoes `integrationHttpMethod`.
 */

export async function putIntegration({ deps, params, body }: Operation): Promise<Reply> {
  const type = checkIntegrationType(optionalString(body, 'type'), 'putIntegrationInput.type')
  const contentHandling = optionalString(body, 'contentHandling')
  checkContentHandling(contentHandling, 'putIntegrationInput.contentHandling')
  const connectionType = optionalString(body, 'connectionType')
  if (connectionType !== undefined && !(CONNECTION_TYPES as readonly string[]).includes(connectionType)) {
    throw badRequest(`Invalid connection type specified. Valid options are ${CONNECTION_TYPES.join(',')}`)
  }
  const tls = optionalObject(body, 'tlsConfig')
  const integration = await changeResource(deps, params.restApiId, params.resourceId, async (resource) => {
    const method = requireMethod(resource, params.httpMethod)
    const integration: Integration = compact({
      type,
      // `integrationHttpMethod` travels as `httpMethod` on the wire (its jsonName in the SDK model).
      httpMethod: optionalString(body, 'httpMethod') ?? optionalString(body, 'integrationHttpMethod'),
      uri: optionalString(body, 'uri'),
      connectionType: (connectionType ?? (type === 'HTTP' || type === 'HTTP_PROXY' ? 'INTERNET' : undefined)) as Integration['connectionType'],
      connectionId: optionalString(body, 'connectionId'),
      credentials: optionalString(body, 'credentials'),
      requestParameters: readIntegrationRequestParameters(body),
      requestTemplates: readTemplates(body, 'requestTemplates'),
      passthroughBehavior: (optionalString(body, 'passthroughBehavior') ?? 'WHEN_NO_MATCH') as PassthroughBehavior,
      contentHandling: contentHandling as ContentHandling | undefined,
      timeoutInMillis: optionalNumber(body, 'timeoutInMillis') ?? MAX_TIMEOUT_MS,
      cacheNamespace: optionalString(body, 'cacheNamespace') ?? resource.id,
      cacheKeyParameters: optionalStringList(body, 'cacheKeyParameters') ?? [],
      tlsConfig: tls === undefined ? undefined : compact({ insecureSkipVerification: optionalBoolean(tls, 'insecureSkipVerification') }),
    })
    checkIntegration(integration)
    checkIntegrationRequestParameters(method, integration.requestParameters)
    // A Put replaces the integration whole, integration responses included.
    method.methodIntegration = integration
    return integration
  })
  return { status: 201, body: integration }
}

/**
 * Values are mapping expressions (strings); a boolean is a SerializationException
 * (recorded: test_apigateway_api > test_put_integration_request_parameter_bool_type).
 */
function readIntegrationRequestParameters(body: Record<string, unknown>): Record<string, string> | undefined {
  return optionalStringMap(body, 'requestParameters') as Record<string, string> | undefined
}

export async function getIntegration({ deps, params }: Operation): Promise<Reply> {
  const resource = await requireResource(deps.store, params.restApiId, params.resourceId)
  return { status: 200, body: requireIntegration(requireMethod(resource, params.httpMethod)) }
}

export async function deleteIntegration({ deps, params }: Operation): Promise<Reply> {
  await changeResource(deps, params.restApiId, params.resourceId, async (resource) => {
    const method = requireMethod(resource, params.httpMethod)
    requireIntegration(method)
    delete method.methodIntegration
  })
  return { status: 204 }
}

const SCALARS = new Set(['type', 'uri', 'httpMethod', 'connectionType', 'connectionId', 'credentials', 'passthroughBehavior',
  'contentHandling', 'timeoutInMillis', 'cacheNamespace'])

/**
 * UpdateIntegration: scalar members take `replace` (contentHandling/credentials/connectionId also
 * `remove`); `/requestParameters/<name>` and `/requestTemplates/<content-type>` take
 * add/replace/remove; `/cacheKeyParameters/<name>` add/remove. The result is checked as a whole.
 */
export async function updateIntegration({ deps, params, body }: Operation): Promise<Reply> {
  const operations = readPatchOperations(body, 'updateIntegrationInput')
  const updated = await changeResource(deps, params.restApiId, params.resourceId, async (resource) => {
    const method = requireMethod(resource, params.httpMethod)
    const integration = structuredClone(requireIntegration(method))
    for (const { op, path, value } of operations) {
      if (path === undefined || !path.startsWith('/')) throw invalidPatchPath(path)
      const [field, key, ...rest] = splitPointer(path)
      if (rest.length > 0) throw invalidPatchPath(path)
      if (SCALARS.has(field) && key === undefined) {
        patchScalar(integration, field, op, value)
      } else if ((field === 'requestParameters' || field === 'requestTemplates') && key !== undefined && key !== '') {
        if (op !== 'add' && op !== 'replace' && op !== 'remove') throw invalidPatchOperation(['add', 'remove', 'replace'])
        if (field === 'requestTemplates') {
          checkContentType(key)
          if (op !== 'remove' && value !== undefined && value !== '') checkTemplate(key, value)
          integration.requestTemplates = patchMap(integration.requestTemplates, op, key, value === '' ? null : (value ?? null))
        } else {
          integration.requestParameters = patchMap(integration.requestParameters, op, key, value ?? '')
        }
      } else if (field === 'cacheKeyParameters' && key !== undefined && key !== '') {
        if (op !== 'add' && op !== 'remove') throw invalidPatchOperation(['add', 'remove'])
        const others = integration.cacheKeyParameters.filter((name) => name !== key)
        integration.cacheKeyParameters = op === 'add' ? [...others, key] : others
      } else if (field === 'tlsConfig' && key === 'insecureSkipVerification') {
        integration.tlsConfig = { insecureSkipVerification: parseBooleanValue(value) }
      } else {
        throw invalidPatchPath(path)
      }
    }
    for (const key of ['requestParameters', 'requestTemplates'] as const) {
      const member = integration[key]
      if (member !== undefined && Object.keys(member).length === 0) delete integration[key]
    }
    checkIntegration(integration)
    checkIntegrationRequestParameters(method, integration.requestParameters)
    method.methodIntegration = integration
    return integration
  })
  return { status: 200, body: updated }
}

function patchScalar(integration: Integration, field: string, op: string, value: string | undefined): void {
  const removable = field === 'contentHandling' || field === 'credentials' || field === 'connectionId'
  if (op !== 'replace' && !(op === 'remove' && removable)) throw invalidPatchOperation(removable ? ['replace', 'remove'] : ['replace'])
  const record = integration as unknown as Record<string, unknown>
  if (op === 'remove' || ((value === undefined || value === '') && removable)) {
    delete record[field]
    return
  }
  switch (field) {
    case 'type':
      integration.type = checkIntegrationType(value, 'updateIntegrationInput.type')
      return
    case 'timeoutInMillis':
      integration.timeoutInMillis = value !== undefined && /^\d+$/.test(value) ? Number(value) : Number.NaN
      return
    case 'contentHandling':
      checkContentHandling(value, 'updateIntegrationInput.contentHandling')
      break
    case 'connectionType':
      if (!(CONNECTION_TYPES as readonly string[]).includes(value ?? '')) {
        throw badRequest(`Invalid connection type specified. Valid options are ${CONNECTION_TYPES.join(',')}`)
      }
      break
  }
  record[field] = value ?? ''
}
