import { newId } from '../../../core/ids.ts'
import { badRequest, notFound } from '../../../core/management-error.ts'
import type { RequestValidator } from '../../../model/request-validator.ts'
import { ACCOUNT_SCOPE, type StoreReader } from '../../../store/store.ts'
import { compact } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import { requireRestApi } from './lookups.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { REST_MESSAGES } from './messages.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { booleanMember } from '../../operations/patch-members.ts'
import { invalidPatchPathFor, unsupportedPatchOp } from '../../operations/patch-operations.ts'
import { patchTable } from '../../operations/patch-table.ts'
import { patchStored } from './patch-stored.ts'

/**
 * RequestValidator: CreateRequestValidator (201), GetRequestValidator, GetRequestValidators,
 * UpdateRequestValidator, DeleteRequestValidator (202), with the texts of
 * the recordings test_apigateway_api > TestApiGatewayApiRequestValidator.
 */

/** The per-validator calls answer an unknown API as an unknown validator (LS test_invalid_get_request_validator). */
async function requireRequestValidator(reader: StoreReader, restApiId: string, validatorId: string): Promise<RequestValidator> {
  const validator = await reader.get('request-validator', restApiId, validatorId)
  if (validator === undefined) throw notFound(REST_MESSAGES.invalidRequestValidator)
  return validator
}

/**
 * The wire shape, members in AWS's order: `{id, name, validateRequestBody, validateRequestParameters}`
 * (LS test_request_validator_lifecycle); a name never given is left out.
 */
const shape = (validator: RequestValidator): Omit<RequestValidator, 'name'> & { name?: string } => compact({
  id: validator.id,
  name: validator.name === '' ? undefined : validator.name,
  validateRequestBody: validator.validateRequestBody,
  validateRequestParameters: validator.validateRequestParameters,
})

const CREATE_REQUEST_VALIDATOR = input('createRequestValidatorInput', {
  name: { type: 'string' },
  validateRequestBody: { type: 'boolean', default: false },
  validateRequestParameters: { type: 'boolean', default: false },
})

/** An unknown API is a 400 here, not the usual 404 (LS test_create_request_validator_invalid_api_id). */
export async function createRequestValidator({ deps, params, body }: Operation): Promise<Reply> {
  const { name, validateRequestBody, validateRequestParameters } = readInput(body, CREATE_REQUEST_VALIDATOR)
  const validator = await deps.store.transaction(async (tx) => {
    if ((await tx.get('restapi', ACCOUNT_SCOPE, params.restApiId)) === undefined) {
      throw badRequest(REST_MESSAGES.invalidRestApiForValidator)
    }
    // Not recorded for Create; the text UpdateRequestValidator gives for a blank name.
    if (name !== undefined && name.trim() === '') throw badRequest(REST_MESSAGES.blankValidatorName)
    const fields = { name: name ?? '', validateRequestBody, validateRequestParameters }
    const id = await allocateId(() => newId(6), (id) => tx.insert('request-validator', params.restApiId, id, { id, ...fields }))
    return { id, ...fields }
  })
  return { status: 201, body: shape(validator) }
}

export async function getRequestValidator({ deps, params }: Operation): Promise<Reply> {
  const validator = await requireRequestValidator(deps.store, params.restApiId, params.requestValidatorId)
  return { status: 200, body: shape(validator) }
}

/** An unknown API is `Invalid API identifier specified` here (LS test_invalid_get_request_validators). */
export async function getRequestValidators({ deps, params, query }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  const validators = await deps.store.list('request-validator', params.restApiId)
  return { status: 200, body: paginate(validators.map(shape), query) }
}

const UPDATABLE_PATHS = ['/name', '/validateRequestParameters', '/validateRequestBody'] as const

const REQUEST_VALIDATOR_PATCHES = patchTable<RequestValidator>({
  refuse: ({ op, path }) => (op !== 'replace' ? unsupportedPatchOp(path, op) : invalidPatchPathFor(path, op, UPDATABLE_PATHS)),
  rules: [
    {
      path: '/name', ops: ['replace'],
      apply: (validator, { value }) => {
        if (value === undefined || value.trim() === '') throw badRequest(REST_MESSAGES.blankValidatorName)
        validator.name = value
      },
    },
    { path: '/validateRequestBody', ops: ['replace'], apply: booleanMember('validateRequestBody') },
    { path: '/validateRequestParameters', ops: ['replace'], apply: booleanMember('validateRequestParameters') },
  ],
})

/**
 * Only `replace` on the three members; the booleans read their value like Java's
 * `Boolean.parseBoolean` (a `replace` without a value turns the flag off, as
 * LS test_request_validator_lifecycle > update-request-validator-without-value records).
 */
export async function updateRequestValidator({ deps, params, body }: Operation): Promise<Reply> {
  const updated = await patchStored(deps.store, body, {
    inputName: 'updateRequestValidatorInput',
    patches: REQUEST_VALIDATOR_PATCHES,
    read: (tx) => requireRequestValidator(tx, params.restApiId, params.requestValidatorId),
    write: (tx, validator) => tx.put('request-validator', params.restApiId, validator.id, validator),
  })
  return { status: 200, body: shape(updated) }
}

/**
 * Methods that still name a deleted validator keep the id, and their requests are no longer
 * validated — what LocalStack does; AWS's answer to deleting a validator in use is not recorded.
 */
export async function deleteRequestValidator({ deps, params }: Operation): Promise<Reply> {
  await deps.store.transaction(async (tx) => {
    await requireRequestValidator(tx, params.restApiId, params.requestValidatorId)
    await tx.delete('request-validator', params.restApiId, params.requestValidatorId)
  })
  return { status: 202 }
}
