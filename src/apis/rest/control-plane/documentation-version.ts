import { epochSeconds } from '../../../core/clock.ts'
import { conflict, notFound } from '../../../core/management-error.ts'
import type { DocumentationVersion } from '../../../model/documentation.ts'
import type { StoreReader } from '../../../store/store.ts'
import { compact } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { requireRestApi } from './lookups.ts'
import { descriptionPatches } from './description-patches.ts'
import { REST_MESSAGES } from './messages.ts'
import { patchStored } from './patch-stored.ts'

/**
 * DocumentationVersion: CreateDocumentationVersion (201), GetDocumentationVersion,
 * GetDocumentationVersions, UpdateDocumentationVersion, DeleteDocumentationVersion (202) (API
 * reference; the successful answers as LS test_documentation_parts_and_versions records them).
 * Creating a version snapshots the API's parts; a `stageName` also sets that stage's
 * `documentationVersion`.
 */

/** The wire shape `{version, createdDate, description}`; the snapshot of parts stays inside. */
const shape = (version: DocumentationVersion) =>
  compact({ version: version.version, createdDate: version.createdDate, description: version.description })

async function requireDocumentationVersion(reader: StoreReader, restApiId: string, version: string): Promise<DocumentationVersion> {
  const found = await reader.get('documentation-version', restApiId, version)
  if (found === undefined) throw notFound(REST_MESSAGES.documentationVersionNotFound)
  return found
}

const CREATE_DOCUMENTATION_VERSION = input('createDocumentationVersionInput', {
  documentationVersion: { type: 'string', required: true },
  stageName: { type: 'string' },
  description: { type: 'string' },
})

export async function createDocumentationVersion({ deps, params, body }: Operation): Promise<Reply> {
  const { documentationVersion, stageName, description } = readInput(body, CREATE_DOCUMENTATION_VERSION)
  const created = await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, params.restApiId)
    const stage = stageName === undefined ? undefined : await tx.get('stage', params.restApiId, stageName)
    if (stageName !== undefined && stage === undefined) throw notFound(REST_MESSAGES.stageNotFound)
    const parts = await tx.list('documentation-part', params.restApiId)
    const version: DocumentationVersion = compact({
      version: documentationVersion, createdDate: epochSeconds(deps.clock.now()), description, parts: structuredClone(parts),
    })
    if (!(await tx.insert('documentation-version', params.restApiId, documentationVersion, version))) {
      throw conflict(REST_MESSAGES.documentationVersionExists(documentationVersion))
    }
    if (stage !== undefined) await tx.put('stage', params.restApiId, stage.stageName, { ...stage, documentationVersion })
    return version
  })
  return { status: 201, body: shape(created) }
}

export async function getDocumentationVersion({ deps, params }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  return { status: 200, body: shape(await requireDocumentationVersion(deps.store, params.restApiId, params.documentationVersion)) }
}

export async function getDocumentationVersions({ deps, params, query }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  const versions = await deps.store.list('documentation-version', params.restApiId)
  return { status: 200, body: paginate(versions.map(shape), query) }
}

const DOCUMENTATION_VERSION_PATCHES = descriptionPatches<DocumentationVersion>()

export async function updateDocumentationVersion({ deps, params, body }: Operation): Promise<Reply> {
  const updated = await patchStored(deps.store, body, {
    inputName: 'updateDocumentationVersionInput',
    patches: DOCUMENTATION_VERSION_PATCHES,
    read: async (tx) => {
      await requireRestApi(tx, deps.aws, params.restApiId)
      return requireDocumentationVersion(tx, params.restApiId, params.documentationVersion)
    },
    write: (tx, version) => tx.put('documentation-version', params.restApiId, version.version, version),
  })
  return { status: 200, body: shape(updated) }
}

export async function deleteDocumentationVersion({ deps, params }: Operation): Promise<Reply> {
  await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, params.restApiId)
    await requireDocumentationVersion(tx, params.restApiId, params.documentationVersion)
    await tx.delete('documentation-version', params.restApiId, params.documentationVersion)
  })
  return { status: 202 }
}
