import type { StoreTransaction } from '../../../store/store.ts'
import { ACCOUNT_SCOPE } from '../../../store/store.ts'
import { optionalStringMap } from '../../operations/input.ts'
import type { Handler, ManagementDeps } from '../../operations/operation.ts'
import { requireHttpApi, requireStage } from './lookups.ts'
import { V2_MESSAGES } from './messages.ts'

/**
 * `arn:aws:apigateway:<region>::/apis/<apiId>` or `.../apis/<apiId>/stages/<stageName>`: the v2
 * resources that take tags here (developer guide, "Tagging your API Gateway resources"; API
 * reference v2, "Tags").
 */
const TAG_ARN = /^arn:aws:apigateway:([a-z0-9-]+)::\/apis\/([^/]+)(?:\/stages\/([^/]+))?$/

interface Tagged { tags?: Record<string, string> }

/** Reads the tagged resource and writes it back with `change` applied to its tags. */
async function withTags(
  tx: StoreTransaction, deps: ManagementDeps, resourceArn: string, change?: (tags: Record<string, string>) => Record<string, string>,
): Promise<Record<string, string>> {
  const match = TAG_ARN.exec(resourceArn)
  if (match === null || match[1] !== deps.aws.region) throw V2_MESSAGES.invalidTagArn(resourceArn)
  const [, , apiId, stageName] = match
  const api = await requireHttpApi(tx, deps, apiId)
  if (stageName === undefined) {
    if (change !== undefined) await tx.put('v2-api', ACCOUNT_SCOPE, apiId, { ...api, tags: change(api.tags ?? {}) })
    return ((await tx.get('v2-api', ACCOUNT_SCOPE, apiId)) as Tagged).tags ?? {}
  }
  const stage = await requireStage(tx, deps, apiId, stageName)
  if (change !== undefined) await tx.put('v2-stage', apiId, stageName, { ...stage, tags: change(stage.tags ?? {}) })
  return ((await tx.get('v2-stage', apiId, stageName)) as Tagged).tags ?? {}
}

/** GetTags: `{"tags": {...}}` (API reference v2, "Tags"). */
export const getTags: Handler = async ({ deps, params }) =>
  deps.store.transaction(async (tx) => ({ status: 200, body: { tags: await withTags(tx, deps, params.resourceArn) } }))

/** TagResource: the tags given are added, a key already there takes the new value; 201 with an empty body. */
export const tagResource: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    const added = (optionalStringMap(body, 'tags') as Record<string, string> | undefined) ?? {}
    await withTags(tx, deps, params.resourceArn, (tags) => ({ ...tags, ...added }))
    return { status: 201, body: {} }
  })

/** UntagResource: `tagKeys` (repeated in the query string) are removed; a key not there is no error; 204. */
export const untagResource: Handler = async ({ deps, params, query }) =>
  deps.store.transaction(async (tx) => {
    const keys = new Set(query.getAll('tagKeys'))
    await withTags(tx, deps, params.resourceArn, (tags) => Object.fromEntries(Object.entries(tags).filter(([key]) => !keys.has(key))))
    return { status: 204 }
  })
