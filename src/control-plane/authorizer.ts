import { notFound } from '../core/management-error.ts'
import { requireRestApi } from './lookups.ts'
import type { Operation, Reply } from './operation.ts'
import { paginate } from './paging.ts'

/**
 * Authorizer reads: GetAuthorizers, GetAuthorizer. Authorizers are created by ImportRestApi and
 * PutRestApi for now (src/openapi); GetAuthorizers on an unknown API is the API's 404 (FACTS §10.1).
 */

export async function getAuthorizers({ deps, params, query }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  return { status: 200, body: paginate(await deps.store.list('authorizer', params.restApiId), query) }
}

export async function getAuthorizer({ deps, params }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  const authorizer = await deps.store.get('authorizer', params.restApiId, params.authorizerId)
  // Not recorded; the text follows AWS's other "Invalid X identifier specified" answers.
  if (authorizer === undefined) throw notFound('Invalid Authorizer identifier specified')
  return { status: 200, body: authorizer }
}
