import { newModelId } from '../../../core/ids.ts'
import { badRequest, conflict, notFound } from '../../../core/management-error.ts'
import type { Model } from '../../../model/model.ts'
import { checkModelSchema, EMPTY_MODEL_SCHEMA, referencedModelNames } from '../../../policies/validate/check-model-schema.ts'
import type { StoreReader } from '../../../store/store.ts'
import { compact } from '../../operations/input.ts'
import { input, readInput } from '../../operations/members.ts'
import { requireRestApi } from './lookups.ts'
import { REST_MESSAGES } from './messages.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import { paginate } from '../../operations/paging.ts'
import { optionalMember } from '../../operations/patch-members.ts'
import { invalidPatchPath, invalidPatchPathFor, unsupportedPatchOp } from '../../operations/patch-operations.ts'
import { patchTable } from '../../operations/patch-table.ts'
import { patchStored } from './patch-stored.ts'

/**
 * Model: CreateModel (201), GetModel, GetModels, UpdateModel, DeleteModel (202), with the texts of
 * the recordings test_apigateway_api > TestApiGatewayApiModels. Models are stored under their name, which is how every
 * call, every `requestModels` reference and every `$ref` between models addresses them. A schema
 * is checked as draft-4 JSON Schema before it is stored (policies/validate/check-model-schema.ts).
 */

const EMPTY_SCHEMA = EMPTY_MODEL_SCHEMA
const modelNotFound = (name: string) => notFound(REST_MESSAGES.modelNotFound(name))

/** Refuses a schema AWS would refuse; `$ref`s may name the API's other models (or the model itself). */
async function requireValidSchema(reader: StoreReader, restApiId: string, modelName: string, schema: string): Promise<void> {
  const otherModels = new Map<string, string | undefined>()
  for (const model of await reader.list('model', restApiId)) if (model.name !== modelName) otherModels.set(model.name, model.schema)
  const refused = checkModelSchema(schema, { restApiId, modelName, otherModels })
  if (refused !== undefined) throw badRequest(refused)
}

/** An unknown API reads as an unknown model on the per-model calls (LS test_model_validation). */
async function requireModel(reader: StoreReader, restApiId: string, name: string): Promise<Model> {
  const model = await reader.get('model', restApiId, name)
  if (model === undefined) throw modelNotFound(name)
  return model
}

const CREATE_MODEL = input('createModelInput', {
  name: { type: 'string', required: true },
  schema: { type: 'string' },
  description: { type: 'string' },
  contentType: { type: 'string', default: 'application/json' },
})

export async function createModel({ deps, params, body }: Operation): Promise<Reply> {
  const { name, schema, description, contentType } = readInput(body, CREATE_MODEL)
  const model = await deps.store.transaction(async (tx) => {
    await requireRestApi(tx, deps.aws, params.restApiId)
    if (name === '') throw badRequest(REST_MESSAGES.emptyModelName)
    if (schema === undefined || schema.trim() === '') throw badRequest(EMPTY_SCHEMA)
    await requireValidSchema(tx, params.restApiId, name, schema)
    const model: Model = compact({ id: newModelId(), name, description: description === '' ? undefined : description, schema, contentType })
    if (!(await tx.insert('model', params.restApiId, name, model))) throw conflict(REST_MESSAGES.modelNameTaken)
    return model
  })
  return { status: 201, body: model }
}

export async function getModel({ deps, params }: Operation): Promise<Reply> {
  return { status: 200, body: await requireModel(deps.store, params.restApiId, params.modelName) }
}

export async function getModels({ deps, params, query }: Operation): Promise<Reply> {
  await requireRestApi(deps.store, deps.aws, params.restApiId)
  return { status: 200, body: paginate(await deps.store.list('model', params.restApiId), query) }
}

const UPDATABLE_PATHS = ['/description', '/schema'] as const

/** UpdateModel: only `replace`, of the description or the schema (checked again when it changed). */
const MODEL_PATCHES = patchTable<Model>({
  refuse: ({ op, path }) => {
    if (op !== 'replace') return unsupportedPatchOp(path, op)
    return path === undefined ? invalidPatchPath(path) : invalidPatchPathFor(path, op, UPDATABLE_PATHS)
  },
  rules: [
    {
      path: '/schema', ops: ['replace'],
      apply: (model, { value }) => {
        if (value === undefined || value.trim() === '') throw badRequest(EMPTY_SCHEMA)
        model.schema = value
      },
    },
    { path: '/description', ops: ['replace'], apply: optionalMember('description') },
  ],
})

export async function updateModel({ deps, params, body }: Operation): Promise<Reply> {
  const updated = await patchStored(deps.store, body, {
    inputName: 'updateModelInput',
    patches: MODEL_PATCHES,
    read: (tx) => requireModel(tx, params.restApiId, params.modelName),
    check: async (model, before, tx) => {
      if (model.schema !== before.schema) await requireValidSchema(tx, params.restApiId, model.name, model.schema!)
    },
    write: (tx, model) => tx.put('model', params.restApiId, model.name, model),
  })
  return { status: 200, body: updated }
}

/**
 * A model in use cannot be deleted: 409 naming the first user. A method request reads
 * `<resource path>/<VERB>` — the root `//ANY` (recorded: test_apigateway_api > test_put_method_model); a method
 * response the same way (`is referenced in method response: /invoice-details/{customerCommonId}/GET`, as reported in
 * aws-apigateway-importer#113). A model another model `$ref`s is refused too, so no stored
 * reference dangles; AWS's text for that is not recorded and ours follows the same pattern.
 */
export async function deleteModel({ deps, params }: Operation): Promise<Reply> {
  const { restApiId, modelName } = params
  await deps.store.transaction(async (tx) => {
    await requireModel(tx, restApiId, modelName)
    const inUse = (where: string) => conflict(REST_MESSAGES.modelInUse(modelName, where))
    for (const resource of await tx.list('resource', restApiId)) {
      for (const [verb, method] of Object.entries(resource.resourceMethods ?? {})) {
        if (Object.values(method.requestModels ?? {}).includes(modelName)) throw inUse(`method request: ${resource.path}/${verb}`)
        for (const response of Object.values(method.methodResponses ?? {})) {
          if (Object.values(response.responseModels ?? {}).includes(modelName)) throw inUse(`method response: ${resource.path}/${verb}`)
        }
      }
    }
    for (const other of await tx.list('model', restApiId)) {
      if (other.name !== modelName && referencedModelNames(other.schema, restApiId).has(modelName)) throw inUse(`model: ${other.name}`)
    }
    await tx.delete('model', restApiId, modelName)
  })
  return { status: 202 }
}
