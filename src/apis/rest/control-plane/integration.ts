import { badRequest } from '../../../core/management-error.ts'
import type { ContentHandling, Integration, PassthroughBehavior } from '../../../model/integration.ts'
import { compact, optionalString, parseBooleanValue } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import {
  checkContentHandling, checkContentType, checkTemplate, checkTemplates, checkIntegration, checkIntegrationType, CONNECTION_TYPES, CONTENT_HANDLINGS,
  MAX_TIMEOUT_MS,
} from './integration-rules.ts'
import { requireIntegration, requireMethod, requireResource } from './lookups.ts'
import { checkIntegrationRequestParameters } from './mapping-expression-rules.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { mapEntry, optionalMember } from '../../operations/patch-members.ts'
import { invalidPatchOperation, invalidPatchPath, readPatchOperations } from '../../operations/patch-operations.ts'
import { EVERY_OP, patchTable, type PatchRule } from '../../operations/patch-table.ts'
import { changeResource } from './resource-writes.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * Integration: PutIntegration (201), GetIntegration, UpdateIntegration, DeleteIntegration (204).
 * Defaults (recorded: test_apigateway_integrations > test_put_integration_validation): cacheKeyParameters [], cacheNamespace = the resource id, passthroughBehavior
 * WHEN_NO_MATCH, timeoutInMillis 29000, connectionType INTERNET for HTTP types; `httpMethod`
 * echoes `integrationHttpMethod`.
 */

/**
 * PutIntegration's members but `type`, which is checked first and alone (integration-rules.ts,
 * checkIntegrationType); `requestParameters` values are mapping expressions, so a boolean is a
 * SerializationException (recorded: test_apigateway_api > test_put_integration_request_parameter_bool_type).
 */
const PUT_INTEGRATION = input('putIntegrationInput', {
  contentHandling: { type: 'string', enum: CONTENT_HANDLINGS },
  connectionType: { type: 'string' },
  // `integrationHttpMethod` travels as `httpMethod` on the wire (its jsonName in the SDK model).
  httpMethod: { type: 'string' },
  integrationHttpMethod: { type: 'string' },
  uri: { type: 'string' },
  connectionId: { type: 'string' },
  credentials: { type: 'string' },
  requestParameters: { type: 'string-map' },
  requestTemplates: { type: 'string-map', nullValues: true },
  passthroughBehavior: { type: 'string', default: 'WHEN_NO_MATCH' },
  timeoutInMillis: { type: 'integer', default: MAX_TIMEOUT_MS },
  cacheNamespace: { type: 'string' },
  cacheKeyParameters: { type: 'string-list', default: [] },
  tlsConfig: { type: 'object', members: { insecureSkipVerification: { type: 'boolean' } } },
})

export async function putIntegration({ deps, params, body }: Operation): Promise<Reply> {
  const type = checkIntegrationType(optionalString(body, 'type'), 'putIntegrationInput.type')
  const { integrationHttpMethod, ...given } = readInput(body, PUT_INTEGRATION)
  const connectionType = given.connectionType
  if (connectionType !== undefined && !(CONNECTION_TYPES as readonly string[]).includes(connectionType)) {
    throw badRequest(REST_MESSAGES.invalidConnectionType(CONNECTION_TYPES))
  }
  const integration = await changeResource(deps, params.restApiId, params.resourceId, async (resource) => {
    const method = requireMethod(resource, params.httpMethod)
    const integration: Integration = compact({
      ...given,
      type,
      httpMethod: given.httpMethod ?? integrationHttpMethod,
      connectionType: (connectionType ?? (type === 'HTTP' || type === 'HTTP_PROXY' ? 'INTERNET' : undefined)) as Integration['connectionType'],
      requestTemplates: checkTemplates(given.requestTemplates),
      passthroughBehavior: given.passthroughBehavior as PassthroughBehavior,
      cacheNamespace: given.cacheNamespace ?? resource.id,
    })
    // A MOCK integration calls nothing, and AWS keeps no `uri` for it even when one is given (recorded:
    // test_apigateway_integrations > test_put_integration_validation > not-required-integration-method-MOCK).
    if (type === 'MOCK') delete integration.uri
    checkIntegration(integration)
    checkIntegrationRequestParameters(method, integration.requestParameters)
    // A Put replaces the integration whole, integration responses included.
    method.methodIntegration = integration
    return integration
  })
  return { status: 201, body: integration }
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

/** Integration members that `remove` (or an empty value) takes away; the other scalars only take `replace`. */
const removable = (member: keyof Integration & string, check?: (value: string) => void): PatchRule<Integration> => ({
  path: `/${member}`, ops: ['replace', 'remove'],
  apply: (integration, change) => {
    if (change.op !== 'remove' && change.value !== undefined && change.value !== '') check?.(change.value)
    optionalMember<Integration>(member)(integration, change)
  },
})

const replaced = (member: keyof Integration & string, read: (value: string | undefined) => unknown = (value) => value ?? ''): PatchRule<Integration> => ({
  path: `/${member}`, ops: ['replace'],
  apply: (integration, { value }) => { (integration as unknown as Record<string, unknown>)[member] = read(value) },
})

/**
 * UpdateIntegration: scalar members take `replace` (contentHandling/credentials/connectionId also
 * `remove`); `/requestParameters/<name>` and `/requestTemplates/<content-type>` take
 * add/replace/remove; `/cacheKeyParameters/<name>` add/remove. The result is checked as a whole.
 */
const INTEGRATION_PATCHES = patchTable<Integration>({
  refuse: ({ path }, rule) => (rule === undefined ? invalidPatchPath(path) : invalidPatchOperation(rule.ops)),
  rules: [
    replaced('type', (value) => checkIntegrationType(value, 'updateIntegrationInput.type')),
    replaced('timeoutInMillis', (value) => (value !== undefined && /^\d+$/.test(value) ? Number(value) : Number.NaN)),
    replaced('uri'),
    replaced('httpMethod'),
    replaced('passthroughBehavior'),
    replaced('cacheNamespace'),
    replaced('connectionType', (value) => {
      if (!(CONNECTION_TYPES as readonly string[]).includes(value ?? '')) throw badRequest(REST_MESSAGES.invalidConnectionType(CONNECTION_TYPES))
      return value
    }),
    removable('contentHandling', (value) => checkContentHandling(value, 'updateIntegrationInput.contentHandling')),
    removable('credentials'),
    removable('connectionId'),
    {
      path: '/requestTemplates/{contentType}', ops: ['add', 'remove', 'replace'],
      apply: (integration, change) => {
        const { op, value, labels: { contentType } } = change
        checkContentType(contentType)
        if (op !== 'remove' && value !== undefined && value !== '') checkTemplate(contentType, value)
        mapEntry<Integration>('requestTemplates', 'contentType', (given) => (given === '' ? null : (given ?? null)))(integration, change)
      },
    },
    { path: '/requestParameters/{name}', ops: ['add', 'remove', 'replace'], apply: mapEntry('requestParameters', 'name') },
    {
      path: '/cacheKeyParameters/{name}', ops: ['add', 'remove'],
      apply: (integration, { op, labels: { name } }) => {
        const others = integration.cacheKeyParameters.filter((parameter) => parameter !== name)
        integration.cacheKeyParameters = op === 'add' ? [...others, name] : others
      },
    },
    {
      path: '/tlsConfig/insecureSkipVerification', ops: EVERY_OP,
      apply: (integration, { value }) => { integration.tlsConfig = { insecureSkipVerification: parseBooleanValue(value) } },
    },
  ],
})

export async function updateIntegration({ deps, params, body }: Operation): Promise<Reply> {
  const operations = readPatchOperations(body, 'updateIntegrationInput')
  const updated = await changeResource(deps, params.restApiId, params.resourceId, async (resource) => {
    const method = requireMethod(resource, params.httpMethod)
    const integration = structuredClone(requireIntegration(method))
    await INTEGRATION_PATCHES.apply(integration, operations, undefined)
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
