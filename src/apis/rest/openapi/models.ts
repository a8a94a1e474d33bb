import { createHash } from 'node:crypto'
import { exceedsJsonDepth } from '../../../core/json-depth.ts'
import { MAX_MODEL_SCHEMA_DEPTH } from '../../../policies/validate/check-model-schema.ts'
import type { ModelDefinition } from './api-definition.ts'
import { MODEL_URL_PREFIX } from './extensions.ts'
import type { ImportIssues } from './import-issues.ts'
import type { OpenApiDocument } from './read-document.ts'

/**
 * Models from schemas. Each named schema (`definitions` in Swagger 2, `components.schemas` in
 * OpenAPI 3) becomes a model of that name, its description the schema's; a local `$ref` inside
 * a model is stored as the model's URL, `https://apigateway.amazonaws.com/restapis/<id>/models/<Name>`,
 * which is also what lets circular references import (LS test_import_swagger_api > get-models,
 * test_import_with_circular_models > get-models). Import creates only these models: not the
 * `Empty`/`Error` pair CreateRestApi adds (LS test_import_and_validate_rest_api[swagger-mock-cors.json] > get-models).
 */

const LOCAL_REF = /^#\/(?:definitions|components\/schemas)\/([^/]+)$/
// AWS's CreateModel accepts alphanumeric names only.
const MODEL_NAME = /^[A-Za-z0-9]+$/

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** The model a local `$ref` names, JSON-pointer escapes undone. */
export function modelNameOfRef(ref: unknown): string | undefined {
  if (typeof ref !== 'string') return undefined
  const match = LOCAL_REF.exec(ref)
  return match === null ? undefined : match[1].replaceAll('~1', '/').replaceAll('~0', '~')
}

export class ModelCatalog {
  readonly #models = new Map<string, ModelDefinition>()
  readonly #issues: ImportIssues

  constructor(document: OpenApiDocument, issues: ImportIssues) {
    this.#issues = issues
    const root = document.root
    const schemas = document.dialect === 'swagger2'
      ? root.definitions
      : isObject(root.components) ? root.components.schemas : undefined
    if (!isObject(schemas)) return
    for (const [name, schema] of Object.entries(schemas)) {
      if (!MODEL_NAME.test(name)) {
        issues.warn(`Unable to create model for '${name}': Model name must be alphanumeric`)
        continue
      }
      // As CreateModel refuses it (policies/validate/check-model-schema.ts): too deep to compile safely.
      if (!isObject(schema) || exceedsJsonDepth(schema, MAX_MODEL_SCHEMA_DEPTH)) {
        issues.warn(`Unable to create model for '${name}': Invalid model schema specified`)
        continue
      }
      const description = typeof schema.description === 'string' ? schema.description : undefined
      this.#models.set(name, { name, description, schema })
    }
  }

  get models(): ModelDefinition[] {
    return [...this.#models.values()]
  }

  /**
   * The model for a request body or response schema: the named one a `$ref` points at, or — for
   * an inline schema — a model made for it. AWS's names for those are not recorded; ours is
   * `Model` plus a hash of the schema, so the same inline schema always maps to one model.
   */
  modelFor(schema: unknown, where: string): string | undefined {
    if (!isObject(schema)) return undefined
    if (exceedsJsonDepth(schema, MAX_MODEL_SCHEMA_DEPTH)) {
      this.#issues.warn(`Unable to create model for ${where}: Invalid model schema specified`)
      return undefined
    }
    if (schema.$ref !== undefined) {
      const name = modelNameOfRef(schema.$ref)
      if (name !== undefined && this.#models.has(name)) return name
      this.#issues.warn(`Unable to find model for reference '${String(schema.$ref)}' in ${where}`)
      return undefined
    }
    const name = `Model${createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 10)}`
    if (!this.#models.has(name)) this.#models.set(name, { name, schema })
    return name
  }
}

/** A model's schema as stored: local refs become model URLs of the API being written. */
export function storedSchema(schema: unknown, restApiId: string): string {
  return JSON.stringify(mapRefs(schema, (ref) => {
    const name = modelNameOfRef(ref)
    return name === undefined ? ref : `${MODEL_URL_PREFIX}${restApiId}/models/${name}`
  }))
}

const MODEL_URL = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([^/]+)$/

/** The name a stored model URL points at (export turns it back into a local ref). */
export function modelNameOfUrl(ref: string): string | undefined {
  return MODEL_URL.exec(ref)?.[1]
}

/** A stored schema as an export shows it: model URLs back to local refs of the dialect. */
export function exportedSchema(schema: string | undefined, refPrefix: string): unknown {
  let parsed: unknown
  try {
    parsed = JSON.parse(schema ?? '{}')
  } catch {
    return {}
  }
  return mapRefs(parsed, (ref) => {
    const name = modelNameOfUrl(ref)
    return name === undefined ? ref : `${refPrefix}${name}`
  })
}

function mapRefs(value: unknown, map: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapRefs(item, map))
  if (!isObject(value)) return value
  const result: Record<string, unknown> = {}
  for (const [key, member] of Object.entries(value)) {
    result[key] = key === '$ref' && typeof member === 'string' ? map(member) : mapRefs(member, map)
  }
  return result
}
