import type { ValidateFunction } from 'ajv'
import type { Model } from '../../model/model.ts'
import { createDraft04Ajv } from './draft-04.ts'
import { modelUrl } from './model-reference.ts'
import { parseSchemaObject, prepareModelSchema } from './prepare-model-schema.ts'
import { unreadableBodyString, validationErrorString } from './validation-error-string.ts'

/** Checks a request body; answers `$context.error.validationErrorString` when it fails, else undefined. */
export type BodyCheck = (body: Buffer) => string | undefined

export interface ModelValidators {
  /** The check for one model of the API; undefined when the deployment has no such usable model. */
  get(modelName: string): BodyCheck | undefined
}

/**
 * The models of one deployment in one Ajv, each under its canonical URL so `$ref`s between them
 * resolve (recorded: test_apigateway_common > test_api_gateway_request_validator_with_ref_models). A model compiles the first time a method asks for it — at deploy time,
 * since compileDeployment asks for every model a validated method uses.
 */
export function compileModelValidators(restApiId: string, models: readonly Model[]): ModelValidators {
  // Made when the first validated method asks: every REST API has models (Empty and Error at
  // least), but most deployments validate no body, and then Ajv is never loaded.
  let ajv: ReturnType<typeof createDraft04Ajv> | undefined
  const modelsAjv = (): ReturnType<typeof createDraft04Ajv> => {
    if (ajv !== undefined) return ajv
    ajv = createDraft04Ajv()
    for (const model of models) {
      const schema = parseSchemaObject(model.schema)
      if (schema === undefined) continue
      try {
        ajv.addSchema(prepareModelSchema(schema, modelUrl(restApiId, model.name)))
      } catch {
        // Models are checked when written; one that still cannot be added (written by an older
        // version, or imported unchecked) leaves its methods unvalidated rather than the deploy broken.
      }
    }
    return ajv
  }
  const checks = new Map<string, BodyCheck | undefined>()
  return {
    get(modelName) {
      if (!checks.has(modelName)) checks.set(modelName, compileBodyCheck(() => modelsAjv().getSchema(modelUrl(restApiId, modelName))))
      return checks.get(modelName)
    },
  }
}

function compileBodyCheck(compile: () => ValidateFunction | undefined): BodyCheck | undefined {
  let validate: ValidateFunction | undefined
  try {
    validate = compile()
  } catch {
    return undefined
  }
  if (validate === undefined) return undefined
  const check = validate
  return (body) => {
    const text = body.toString('utf8')
    let instance: unknown = {}
    try {
      // An empty body is validated as `{}` (LS test_api_gateway_request_validator: a GET without
      // a body fails a model with required properties).
      if (text.trim() !== '') instance = JSON.parse(text)
      return check(instance) ? undefined : validationErrorString(check.errors ?? [])
    } catch (error) {
      // Not JSON, or nested past what the parser or validator can walk: the body cannot match.
      return unreadableBodyString(error)
    }
  }
}
