import { newId } from '../../../core/ids.ts'
import { badRequest } from '../../../core/management-error.ts'
import type { VpcLink } from '../../../model/vpc-link.ts'
import { ACCOUNT_SCOPE } from '../../../store/store.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { compact } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { optionalMember } from '../../operations/patch-members.ts'
import { invalidPatchPathFor, unsupportedPatchOp } from '../../operations/patch-operations.ts'
import { patchTable } from '../../operations/patch-table.ts'
import { accountResourceOperations } from './account-resource.ts'
import { REST_MESSAGES } from './messages.ts'
import { checkTags } from './tags.ts'

/**
 * REST's VpcLink (API reference): CreateVpcLink (202), GetVpcLink, GetVpcLinks, UpdateVpcLink
 * (`/name`, `/description`), DeleteVpcLink (202), answering as the recordings test_apigateway_api >
 * TestApiGatewayVpcLink do: Create says `PENDING` (AWS provisions the link in the background), and
 * every later read finds it `AVAILABLE` with AWS's status message, since a local link has nothing to
 * provision; Get and Update show `tags` (`{}` when none), the list and Create only when set.
 */

const CREATE_VPC_LINK = input('createVpcLinkInput', {
  name: { type: 'string', required: true },
  description: { type: 'string' },
  targetArns: { type: 'string-list', required: true },
  tags: { type: 'string-map' },
})

/** arn:partition:service:region:account:resource (the recorded refusal names the ARN it could not read). */
const WELL_FORMED_ARN = /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:\d*:.+$/

const withoutTags = ({ tags: _, ...link }: VpcLink): VpcLink => link
const withTags = (link: VpcLink): VpcLink => ({ ...link, tags: link.tags ?? {} })


export async function createVpcLink({ deps, body }: Operation): Promise<Reply> {
  const { name, description, targetArns, tags } = readInput(body, CREATE_VPC_LINK)
  if (name.trim() === '') throw badRequest(REST_MESSAGES.vpcLinkNameEmpty)
  for (const arn of targetArns) if (!WELL_FORMED_ARN.test(arn)) throw badRequest(REST_MESSAGES.invalidVpcLinkTargetArn(arn))
  if (tags !== undefined) checkTags(tags)
  const link = await deps.store.transaction(async (tx) => {
    const link: VpcLink = compact({
      id: '', name, description, targetArns, status: 'AVAILABLE' as const, statusMessage: REST_MESSAGES.vpcLinkReady,
      tags: tags !== undefined && Object.keys(tags).length > 0 ? tags : undefined,
    })
    link.id = await allocateId(() => newId(6), (id) => tx.insert('vpc-link', ACCOUNT_SCOPE, id, { ...link, id }))
    return link
  })
  const { statusMessage: _, ...created } = link
  return { status: 202, body: { ...created, status: 'PENDING' } }
}

export async function getVpcLink({ deps, params }: Operation): Promise<Reply> {
  return { status: 200, body: withTags(await requireVpcLink(deps.store, params.vpcLinkId)) }
}

export async function getVpcLinks({ deps, query }: Operation): Promise<Reply> {
  const links = await deps.store.list('vpc-link', ACCOUNT_SCOPE)
  return { status: 200, body: paginate(links.map((link) => (link.tags === undefined ? withoutTags(link) : link)), query) }
}

const VPC_LINK_PATCHES = patchTable<VpcLink>({
  refuse: ({ op, path }) => (op !== 'replace' ? unsupportedPatchOp(path, op) : invalidPatchPathFor(path, op, ['/name', '/description'])),
  rules: [
    {
      path: '/name', ops: ['replace'],
      apply: (link, { value }) => {
        if (value === undefined || value.trim() === '') throw badRequest(REST_MESSAGES.vpcLinkNameEmpty)
        link.name = value
      },
    },
    { path: '/description', ops: ['replace'], apply: optionalMember('description') },
  ],
})

const VPC_LINK = accountResourceOperations({
  kind: 'vpc-link',
  param: 'vpcLinkId',
  idOf: (link) => link.id,
  notFoundMessage: REST_MESSAGES.vpcLinkNotFound,
  inputName: 'updateVpcLinkInput',
  patches: VPC_LINK_PATCHES,
  answer: withTags,
})

export const requireVpcLink = VPC_LINK.find
export const updateVpcLink = VPC_LINK.update
export const deleteVpcLink = VPC_LINK.remove
