import { GATEWAY_RESPONSE_TYPES_ENUM_ORDER, type GatewayResponseType } from '../../../core/gateway-error.ts'
import { badRequest, notFound, validationError } from '../../../core/management-error.ts'
import { enumConstraint } from '../../operations/coral-constraints.ts'
import type { GatewayResponse } from '../../../model/gateway-response.ts'
import { effectiveResponse, ownDefault } from '../../../model/effective-gateway-response.ts'
import type { StoreReader } from '../../../store/store.ts'
import { compact } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import { requireRestApi } from './lookups.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { mapEntry, optionalMember } from '../../operations/patch-members.ts'
import { invalidPatchPath, readPatchOperations } from '../../operations/patch-operations.ts'
import { patchTable, type PatchRule } from '../../operations/patch-table.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * GatewayResponse (recorded: test_apigateway_api > test_gateway_response_crud, test_update_gateway_response): all 21 types always exist; only the customised ones are stored.
 * A type never customised shows AWS's default — or, when its family (DEFAULT_4XX/DEFAULT_5XX) was
 * customised, the family's status, parameters and templates, still with `defaultResponse: true`.
 */

const GATEWAY_RESPONSE_TARGET = /^gatewayresponse\.header\.[^\s]+$/
const GATEWAY_RESPONSE_SOURCE = /^(method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)|stageVariables|context)\.[^\s]+$|^'.*'$/s

/**
 * `responseParameters` are mapping expressions, checked when written as AWS checks them:
 * `gatewayresponse.header.X` ← `method.request.{path|querystring|header|multivalue…}.Y`,
 * `stageVariables.Y`, `context.Y` or a quoted literal (developer guide, "Set up gateway responses").
 * The text for an unquoted literal is AWS's as aws-cdk#20274 reports it (`... [Invalid mapping
 * expression specified: test-value]`); a bad target gets the same form.
 */
function checkResponseParameters(parameters: Readonly<Record<string, string>>): void {
  for (const [target, source] of Object.entries(parameters)) {
    const bad = !GATEWAY_RESPONSE_TARGET.test(target) ? target : !GATEWAY_RESPONSE_SOURCE.test(source) ? source : undefined
    if (bad !== undefined) throw badRequest(REST_MESSAGES.invalidMappingExpression(bad))
  }
}

/** The type in the path, checked by Coral before anything else (recorded: test_apigateway_api > test_gateway_response_validation). */
function responseTypeErrors(value: string): string[] {
  return GATEWAY_RESPONSE_TYPES_ENUM_ORDER.includes(value as GatewayResponseType)
    ? []
    : [enumConstraint(value, 'responseType', GATEWAY_RESPONSE_TYPES_ENUM_ORDER)]
}

function checkResponseType(value: string): GatewayResponseType {
  const errors = responseTypeErrors(value)
  if (errors.length > 0) throw validationError(errors)
  return value as GatewayResponseType
}

async function customisedResponses(reader: StoreReader, restApiId: string): Promise<Map<string, GatewayResponse>> {
  const stored = await reader.list('gateway-response', restApiId)
  return new Map(stored.map((response) => [response.responseType, response]))
}

/** All 21, sorted by type as AWS lists them. */
export async function getGatewayResponses({ deps, params, query }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  const customised = await customisedResponses(deps.store, params.restApiId)
  const all = [...GATEWAY_RESPONSE_TYPES_ENUM_ORDER].sort().map((type) => effectiveResponse(type, customised))
  return { status: 200, body: paginate(all, query) }
}

export async function getGatewayResponse({ deps, params }: Operation): Promise<Reply> {
  const type = checkResponseType(params.responseType)
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  return { status: 200, body: effectiveResponse(type, await customisedResponses(deps.store, params.restApiId)) }
}

/** PutGatewayResponse: 201, `defaultResponse: false`; what is not given keeps the type's own default. */
const PUT_GATEWAY_RESPONSE = input('putGatewayResponseInput', {
  statusCode: { type: 'string' },
  responseParameters: { type: 'string-map' },
  responseTemplates: { type: 'string-map' },
})

export async function putGatewayResponse({ deps, params, body }: Operation): Promise<Reply> {
  const type = checkResponseType(params.responseType)
  const base = ownDefault(type)
  const given = readInput(body, PUT_GATEWAY_RESPONSE)
  const response: GatewayResponse = compact({
    responseType: type,
    statusCode: given.statusCode ?? base.statusCode,
    responseParameters: given.responseParameters ?? base.responseParameters,
    responseTemplates: given.responseTemplates ?? base.responseTemplates,
    defaultResponse: false,
  })
  checkResponseParameters(response.responseParameters)
  await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, params.restApiId)
    await tx.put('gateway-response', params.restApiId, type, response)
  })
  return { status: 201, body: response }
}

/** `add`/`replace` need a value; replacing a parameter that is not there is a 404. */
const responseMapEntry = (member: 'responseParameters' | 'responseTemplates'): PatchRule<GatewayResponse> => ({
  path: `/${member}/{key}`, ops: ['add', 'remove', 'replace'],
  apply: (response, change) => {
    const { op, value, labels: { key } } = change
    if (op !== 'remove') {
      if (value === undefined || value === '') throw badRequest(REST_MESSAGES.nullOrEmptyValueIn(member))
      if (op === 'replace' && member === 'responseParameters' && !Object.hasOwn(response[member], key)) {
        throw notFound(REST_MESSAGES.parameterNameNotFound)
      }
    }
    mapEntry<GatewayResponse>(member, 'key')(response, change)
  },
})

/** Whatever the table does not take is `Invalid patch path`, the op's fault or the path's. */
const GATEWAY_RESPONSE_PATCHES = patchTable<GatewayResponse>({
  refuse: ({ path }) => invalidPatchPath(path),
  rules: [
    { path: '/statusCode', ops: ['replace'], apply: optionalMember('statusCode') },
    responseMapEntry('responseParameters'),
    responseMapEntry('responseTemplates'),
  ],
})

/**
 * UpdateGatewayResponse (LS test_update_gateway_response): `/statusCode` takes only replace,
 * `/responseParameters/<name>` and `/responseTemplates/<type>` take add/replace/remove; a type
 * never customised starts from its own default and becomes customised.
 */
export async function updateGatewayResponse({ deps, params, body }: Operation): Promise<Reply> {
  const operations = readPatchOperations(body, 'updateGatewayResponseInput', responseTypeErrors(params.responseType))
  const type = params.responseType as GatewayResponseType
  const updated = await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, params.restApiId)
    const response = structuredClone((await tx.get('gateway-response', params.restApiId, type)) ?? ownDefault(type))
    response.defaultResponse = false
    await GATEWAY_RESPONSE_PATCHES.apply(response, operations, undefined)
    checkResponseParameters(response.responseParameters)
    await tx.put('gateway-response', params.restApiId, type, response)
    return response
  })
  return { status: 200, body: updated }
}

/** DeleteGatewayResponse: 202 and back to the default; 404 when the type was never customised. */
export async function deleteGatewayResponse({ deps, params }: Operation): Promise<Reply> {
  const type = checkResponseType(params.responseType)
  await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, params.restApiId)
    if (!(await tx.delete('gateway-response', params.restApiId, type))) throw notFound(REST_MESSAGES.gatewayResponseNotDefined)
  })
  return { status: 202 }
}
