import { newId } from '../../../core/ids.ts'
import { badRequest } from '../../../core/management-error.ts'
import type { WebSocketModel } from '../../../model/v2/websocket-model.ts'
import { checkModelSchema, EMPTY_MODEL_SCHEMA } from '../../../policies/validate/check-model-schema.ts'
import type { StoreReader } from '../../../store/store.ts'
import { allocateId } from '../../operations/allocate-id.ts'
import { compact, optionalString, requiredString } from '../../operations/input.ts'
import type { Handler } from '../../operations/operation.ts'
import { paginateV2 } from '../../operations/v2-paging.ts'
import { requireHttpApi } from '../../http/control-plane/lookups.ts'
import type { WebSocketRoute } from '../websocket-route.ts'
import { WEBSOCKET_MESSAGES } from './messages.ts'
import { modelTemplate } from './model-template.ts'

const MODEL_NAME = /^[a-zA-Z0-9]+$/

/**
 * Models of a WebSocket API (API reference v2, "Models"; developer guide, "Setting up data
 * transformations for WebSocket APIs": a model is a JSON Schema draft 4 document). A schema is
 * checked as REST's models are (policies/validate/check-model-schema.ts); `$ref`s may name the API's
 * other models. Names are unique within the API.
 */
export const createModel: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const model: WebSocketModel = compact({
      modelId: '',
      name: requiredString(body, 'name', 'createModelInput'),
      schema: requiredString(body, 'schema', 'createModelInput'),
      contentType: optionalString(body, 'contentType'),
      description: optionalString(body, 'description'),
    })
    await checkModel(tx, params.apiId, model)
    model.modelId = await allocateId(() => newId(6), (id) => tx.insert('v2-model', params.apiId, id, { ...model, modelId: id }))
    return { status: 201, body: model }
  })

export const getModels: Handler = async ({ deps, params, query }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  return { status: 200, body: paginateV2(await deps.store.list('v2-model', params.apiId), query) }
}

export const getModel: Handler = async ({ deps, params }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  return { status: 200, body: await requireModel(deps.store, params.apiId, params.modelId, deps.aws.accountId) }
}

/** GetModelTemplate: `{"value": <a mapping template for the model>}`. */
export const getModelTemplate: Handler = async ({ deps, params }) => {
  await requireHttpApi(deps.store, deps, params.apiId)
  const model = await requireModel(deps.store, params.apiId, params.modelId, deps.aws.accountId)
  return { status: 200, body: { value: modelTemplate(model.schema) } }
}

export const updateModel: Handler = async ({ deps, params, body }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const current = await requireModel(tx, params.apiId, params.modelId, deps.aws.accountId)
    const updated: WebSocketModel = compact({
      ...current,
      name: optionalString(body, 'name') ?? current.name,
      schema: optionalString(body, 'schema') ?? current.schema,
      contentType: optionalString(body, 'contentType') ?? current.contentType,
      description: optionalString(body, 'description') ?? current.description,
    })
    await checkModel(tx, params.apiId, updated)
    await tx.put('v2-model', params.apiId, current.modelId, updated)
    return { status: 200, body: updated }
  })

/** A model a route's `requestModels` or a route response's `responseModels` names cannot be deleted, so no reference dangles. */
export const deleteModel: Handler = async ({ deps, params }) =>
  deps.store.transaction(async (tx) => {
    await requireHttpApi(tx, deps, params.apiId)
    const model = await requireModel(tx, params.apiId, params.modelId, deps.aws.accountId)
    for (const route of await tx.list('v2-route', params.apiId) as WebSocketRoute[]) {
      const named = [route.requestModels, ...(route.routeResponses ?? []).map((response) => response.responseModels)]
      if (named.some((models) => Object.values(models ?? {}).includes(model.name))) throw WEBSOCKET_MESSAGES.modelInUse(model.name, route.routeKey)
    }
    await tx.delete('v2-model', params.apiId, model.modelId)
    return { status: 204 }
  })

async function requireModel(reader: StoreReader, apiId: string, modelId: string, accountId: string): Promise<WebSocketModel> {
  const model = await reader.get('v2-model', apiId, modelId)
  if (model === undefined) throw WEBSOCKET_MESSAGES.modelNotFound(accountId, modelId)
  return model
}

async function checkModel(reader: StoreReader, apiId: string, model: WebSocketModel): Promise<void> {
  if (!MODEL_NAME.test(model.name)) throw WEBSOCKET_MESSAGES.modelNameInvalid(model.name)
  const others = (await reader.list('v2-model', apiId)).filter((other) => other.modelId !== model.modelId)
  if (others.some((other) => other.name === model.name)) throw WEBSOCKET_MESSAGES.modelNameTaken(model.name)
  if (model.schema.trim() === '') throw badRequest(EMPTY_MODEL_SCHEMA)
  const refused = checkModelSchema(model.schema, { restApiId: apiId, modelName: model.name, otherModels: new Map(others.map((other) => [other.name, other.schema])) })
  if (refused !== undefined) throw badRequest(refused)
}
