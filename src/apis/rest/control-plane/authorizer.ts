import { newId } from '../../../core/ids.ts'
import { badRequest, ManagementError, notFound } from '../../../core/management-error.ts'
import { AUTHORIZER_TYPES, type Authorizer } from '../../../model/authorizer.ts'
import { ACCOUNT_SCOPE, type StoreReader } from '../../../store/store.ts'
import { checkAuthorizer, checkAuthorizerUnused, validateAuthorizerType } from './authorizer-rules.ts'
import { compact } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import { requireRestApi } from './lookups.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { REST_MESSAGES } from './messages.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { optionalMember } from '../../operations/patch-members.ts'
import { invalidPatchPathFor } from '../../operations/patch-operations.ts'
import { patchTable, type PatchChange, type PatchRule } from '../../operations/patch-table.ts'
import { patchStored } from './patch-stored.ts'

/**
 * Authorizer: CreateAuthorizer (201), GetAuthorizer, GetAuthorizers, UpdateAuthorizer,
 * DeleteAuthorizer (202) (recorded: test_apigateway_basic > test_apigateway_with_custom_authorization_method). ImportRestApi and PutRestApi create them too (src/apis/rest/openapi).
 */

export async function requireAuthorizer(reader: StoreReader, restApiId: string, authorizerId: string): Promise<Authorizer> {
  const authorizer = await reader.get('authorizer', restApiId, authorizerId)
  if (authorizer === undefined) throw notFound(REST_MESSAGES.authorizerNotFound)
  return authorizer
}

/**
 * `authType` is what AWS reports when none was given: `custom` for Lambda authorizers
 * (recorded: test_apigateway_basic > test_apigateway_with_custom_authorization_method > authorizer).
 */
const defaultAuthType = (authorizer: Authorizer): string => (authorizer.type === 'COGNITO_USER_POOLS' ? 'cognito_user_pools' : 'custom')

const CREATE_AUTHORIZER = input('createAuthorizerInput', {
  name: { type: 'string', required: true },
  type: { type: 'string', required: true, enum: AUTHORIZER_TYPES },
  providerARNs: { type: 'string-list' },
  authType: { type: 'string' },
  authorizerUri: { type: 'string' },
  authorizerCredentials: { type: 'string' },
  identitySource: { type: 'string' },
  identityValidationExpression: { type: 'string' },
  authorizerResultTtlInSeconds: { type: 'integer' },
})

/**
 * A non-existent API is AWS's odd 409 `Unable to complete operation due to concurrent
 * modification...` here, not the usual 404 (recorded: test_apigateway_api > test_authorizer_crud_no_api >
 * wrong-rest-api-id-create-authorizer).
 */
export async function createAuthorizer({ deps, params, body }: Operation): Promise<Reply> {
  const fields = compact(readInput(body, CREATE_AUTHORIZER))
  const created = await deps.store.transaction(async (tx) => {
    if ((await tx.get('restapi', ACCOUNT_SCOPE, params.restApiId)) === undefined) {
      throw new ManagementError('ConflictException', REST_MESSAGES.concurrentModification)
    }
    const authorizer: Authorizer = { id: '', ...fields }
    authorizer.authType ??= defaultAuthType(authorizer)
    checkAuthorizer(authorizer)
    authorizer.id = await allocateId(() => newId(6), (id) => tx.insert('authorizer', params.restApiId, id, { ...authorizer, id }))
    return authorizer
  })
  return { status: 201, body: created }
}

/** An unknown API is the API's 404 (recorded: test_apigateway_api > test_authorizer_crud_no_api > wrong-rest-api-id-get-authorizers). */
export async function getAuthorizers({ deps, params, query }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  return { status: 200, body: paginate(await deps.store.list('authorizer', params.restApiId), query) }
}

export async function getAuthorizer({ deps, params }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  return { status: 200, body: await requireAuthorizer(deps.store, params.restApiId, params.authorizerId) }
}

const REPLACEABLE = [
  '/name', '/type', '/authType', '/authorizerUri', '/authorizerCredentials', '/identitySource',
  '/identityValidationExpression', '/authorizerResultTtlInSeconds',
] as const

/**
 * UpdateAuthorizer: `replace` on the scalar members (an empty value removes an optional one);
 * `add`/`remove` of one user pool ARN at `/providerARNs/<arn>` (or `replace` of the whole list,
 * comma separated). The result is checked as a whole, as CreateAuthorizer checks it.
 */
export async function updateAuthorizer({ deps, params, body }: Operation): Promise<Reply> {
  const updated = await patchStored(deps.store, body, {
    inputName: 'updateAuthorizerInput',
    patches: AUTHORIZER_PATCHES,
    read: async (tx) => {
      await requireRestApi(tx, deps.aws, params.restApiId)
      return requireAuthorizer(tx, params.restApiId, params.authorizerId)
    },
    check: (authorizer) => checkAuthorizer(authorizer),
    write: (tx, authorizer) => tx.put('authorizer', params.restApiId, authorizer.id, authorizer),
  })
  return { status: 200, body: updated }
}

/** A user pool ARN, added or removed one at a time, or the whole list replaced (comma separated). */
function patchProviderArns(authorizer: Authorizer, { op, path, value, labels }: PatchChange<undefined>): void {
  const arn = labels.arn ?? ''
  const arns = authorizer.providerARNs ?? []
  if (op === 'add' && arn !== '') authorizer.providerARNs = arns.includes(arn) ? arns : [...arns, arn]
  else if (op === 'remove' && arn !== '') authorizer.providerARNs = arns.filter((candidate) => candidate !== arn)
  else if (op === 'replace' && arn === '') authorizer.providerARNs = (value ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '')
  else throw invalidPatchPathFor(path, op, ['/providerARNs'])
}

/**
 * `replace` on the scalar members (an empty value removes an optional one); what the table does not
 * take names the paths the op could have used.
 */
const AUTHORIZER_PATCHES = patchTable<Authorizer>({
  refuse: ({ op, path }) => invalidPatchPathFor(path, op, op === 'replace' ? [...REPLACEABLE, '/providerARNs'] : ['/providerARNs']),
  rules: [
    { path: '/name', ops: ['replace'], apply: (authorizer, { value }) => { authorizer.name = value ?? '' } },
    {
      path: '/type', ops: ['replace'],
      apply: (authorizer, { value }) => { authorizer.type = validateAuthorizerType(value ?? 'null', 'updateAuthorizerInput.type') },
    },
    {
      path: '/authorizerResultTtlInSeconds', ops: ['replace'],
      apply: (authorizer, { value }) => {
        const ttl = Number(value)
        if (value === undefined || value === '' || !Number.isFinite(ttl)) throw badRequest(REST_MESSAGES.invalidTtlValue(value))
        authorizer.authorizerResultTtlInSeconds = ttl
      },
    },
    ...(['authType', 'authorizerUri', 'authorizerCredentials', 'identitySource', 'identityValidationExpression'] as const)
      .map((member): PatchRule<Authorizer> => ({ path: `/${member}`, ops: ['replace'], apply: optionalMember(member) })),
    { path: '/providerARNs', ops: ['add', 'remove', 'replace'], refuse: ({ op, path }) => invalidPatchPathFor(path, op, ['/providerARNs']), apply: patchProviderArns },
    { path: '/providerARNs/{arn+}', ops: ['add', 'remove', 'replace'], refuse: ({ op, path }) => invalidPatchPathFor(path, op, ['/providerARNs']), apply: patchProviderArns },
  ],
})

/** Refused with AWS's 409 while a method still uses the authorizer (authorizer-rules.ts). */
export async function deleteAuthorizer({ deps, params }: Operation): Promise<Reply> {
  await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, params.restApiId)
    const authorizer = await requireAuthorizer(tx, params.restApiId, params.authorizerId)
    await checkAuthorizerUnused(tx, params.restApiId, authorizer)
    await tx.delete('authorizer', params.restApiId, authorizer.id)
  })
  return { status: 202 }
}
