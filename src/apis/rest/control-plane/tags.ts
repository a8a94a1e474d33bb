import type { AwsEnvironment } from '../../../core/aws-environment.ts'
import { badRequest, notFound, validationError } from '../../../core/management-error.ts'
import { ACCOUNT_SCOPE, type StoreReader, type StoreTransaction } from '../../../store/store.ts'
import { nullConstraint } from '../../operations/coral-constraints.ts'
import { input, readInput } from '../../operations/members.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { requireApiKey } from './api-key-rules.ts'
import { requireClientCertificate } from './client-certificate.ts'
import { requireVpcLink } from './vpc-link.ts'
import { requireRestApi } from './lookups.ts'
import { REST_MESSAGES } from './messages.ts'
import { requireStage } from './stage.ts'
import { requireUsagePlan } from './usage-plan-rules.ts'

/**
 * TagResource (`PUT /tags/{resource_arn}`, 204), UntagResource (`DELETE /tags/{resource_arn}?tagKeys=`,
 * 204) and GetTags (`GET /tags/{resource_arn}`, 200 `{"tags": {...}}`), API reference. The ARN is
 * AWS's for API Gateway resources, `arn:aws:apigateway:{region}::{path}` with the resource's own
 * path (developer guide, "API Gateway Amazon Resource Name (ARN) reference"): `/restapis/{id}`,
 * `/restapis/{id}/stages/{name}`, `/apikeys/{id}`, `/usageplans/{id}`, `/clientcertificates/{id}`,
 * `/domainnames/{name}`, `/vpclinks/{id}`. The tags are the resource's own `tags`, so its Get
 * answer shows them.
 */

type Tags = Record<string, string>

/** A taggable resource found: its tags, and how to write them back in the same transaction. */
interface Tagged {
  readonly tags: Tags | undefined
  readonly save: (tx: StoreTransaction, tags: Tags | undefined) => Promise<void>
}

type Locate = (reader: StoreReader, aws: AwsEnvironment, ids: readonly string[]) => Promise<Tagged>

const absent = (message: string): Locate => async () => {
  throw notFound(message)
}

/** The taggable resources, by their ARN path; a resource kind Gatehouse does not hold is never found. */
const TAGGABLE: readonly { readonly path: RegExp; readonly locate: Locate }[] = [
  {
    path: /^\/restapis\/([^/]+)$/,
    locate: async (reader, aws, [restApiId]) => {
      const api = await requireRestApi(reader, aws, restApiId)
      return { tags: api.tags, save: (tx, tags) => tx.put('restapi', ACCOUNT_SCOPE, restApiId, { ...api, tags }) }
    },
  },
  {
    path: /^\/restapis\/([^/]+)\/stages\/([^/]+)$/,
    locate: async (reader, aws, [restApiId, stageName]) => {
      await requireRestApi(reader, aws, restApiId)
      const stage = await requireStage(reader, restApiId, stageName)
      return { tags: stage.tags, save: (tx, tags) => tx.put('stage', restApiId, stageName, { ...stage, tags }) }
    },
  },
  {
    path: /^\/apikeys\/([^/]+)$/,
    locate: async (reader, _aws, [apiKeyId]) => {
      const key = await requireApiKey(reader, apiKeyId)
      return { tags: key.tags, save: (tx, tags) => tx.put('api-key', ACCOUNT_SCOPE, apiKeyId, { ...key, tags }) }
    },
  },
  {
    path: /^\/usageplans\/([^/]+)$/,
    locate: async (reader, _aws, [usagePlanId]) => {
      const plan = await requireUsagePlan(reader, usagePlanId)
      return { tags: plan.tags, save: (tx, tags) => tx.put('usage-plan', ACCOUNT_SCOPE, usagePlanId, { ...plan, tags }) }
    },
  },
  {
    path: /^\/clientcertificates\/([^/]+)$/,
    locate: async (reader, _aws, [clientCertificateId]) => {
      const certificate = await requireClientCertificate(reader, clientCertificateId)
      return { tags: certificate.tags, save: (tx, tags) => tx.put('client-certificate', ACCOUNT_SCOPE, clientCertificateId, { ...certificate, tags }) }
    },
  },
  { path: /^\/domainnames\/([^/]+)$/, locate: absent(REST_MESSAGES.domainNameNotFound) },
  {
    path: /^\/vpclinks\/([^/]+)$/,
    locate: async (reader, _aws, [vpcLinkId]) => {
      const link = await requireVpcLink(reader, vpcLinkId)
      return { tags: link.tags, save: (tx, tags) => tx.put('vpc-link', ACCOUNT_SCOPE, vpcLinkId, { ...link, tags }) }
    },
  },
]

const ARN = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+)::(\/.*)$/

async function locate(reader: StoreReader, aws: AwsEnvironment, arn: string): Promise<Tagged> {
  const parts = ARN.exec(arn)
  if (parts === null) throw badRequest(REST_MESSAGES.invalidTagArn(arn))
  const [, region, path] = parts
  if (region !== aws.region) throw badRequest(REST_MESSAGES.tagArnOtherRegion(region))
  for (const { path: pattern, locate } of TAGGABLE) {
    const ids = pattern.exec(path)
    if (ids !== null) return locate(reader, aws, ids.slice(1))
  }
  throw badRequest(REST_MESSAGES.resourceNotTaggable(path))
}

/**
 * TagResource's limits (API reference): the character set `[a-zA-Z+-=._:/]` (whose `+-=` is a
 * range, so digits are in it), a key up to 128 characters not starting with `aws:`, a value up to 256.
 */
const TAG_CHARACTERS = /^[a-zA-Z+-=._:/]*$/
const MAX_KEY = 128
const MAX_VALUE = 256
/** "Tagging AWS resources": at most 50 user tags on a resource. */
const MAX_TAGS = 50

export function checkTags(tags: Tags): void {
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || key.length > MAX_KEY || !TAG_CHARACTERS.test(key) || key.toLowerCase().startsWith('aws:')) {
      throw badRequest(REST_MESSAGES.invalidTagKey(key))
    }
    if (value.length > MAX_VALUE || !TAG_CHARACTERS.test(value)) throw badRequest(REST_MESSAGES.invalidTagValue(key))
  }
}

const TAG_RESOURCE = input('tagResourceInput', { tags: { type: 'string-map', required: true } })

const orNone = (tags: Tags): Tags | undefined => (Object.keys(tags).length > 0 ? tags : undefined)

export async function tagResource({ deps, params, body }: Operation): Promise<Reply> {
  const { tags } = readInput(body, TAG_RESOURCE)
  checkTags(tags)
  await deps.store.transaction(async (tx) => {
    const target = await locate(tx, deps.aws, params.resourceArn)
    const merged = { ...target.tags, ...tags }
    if (Object.keys(merged).length > MAX_TAGS) throw badRequest(REST_MESSAGES.tooManyTags(MAX_TAGS))
    await target.save(tx, orNone(merged))
  })
  return { status: 204 }
}

/** Keys the resource does not have are passed over; `tagKeys` itself is required (API reference). */
export async function untagResource({ deps, params, query }: Operation): Promise<Reply> {
  const keys = query.getAll('tagKeys')
  if (keys.length === 0) throw validationError([nullConstraint('tagKeys')])
  await deps.store.transaction(async (tx) => {
    const target = await locate(tx, deps.aws, params.resourceArn)
    const kept = Object.fromEntries(Object.entries(target.tags ?? {}).filter(([key]) => !keys.includes(key)))
    await target.save(tx, orNone(kept))
  })
  return { status: 204 }
}

export async function getTags({ deps, params }: Operation): Promise<Reply> {
  const target = await locate(deps.store, deps.aws, params.resourceArn)
  return { status: 200, body: { tags: target.tags ?? {} } }
}
