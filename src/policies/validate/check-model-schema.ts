import { exceedsJsonDepth } from '../../core/json-depth.ts'
import { createDraft04Ajv, DRAFT_04_KEYWORDS, DRAFT_04_META_SCHEMA, walkSchema, type SchemaNode } from './draft-04.ts'
import { modelUrl, parseModelReference } from './model-reference.ts'
import { parseSchemaObject, prepareModelSchema } from './prepare-model-schema.ts'

/**
 * The checks CreateModel and UpdateModel make on a schema before anything is stored. AWS answers
 * every failure with one BadRequestException listing what it found:
 * `Invalid model specified: Validation Result: warnings : [], errors : [<error>, <error>]`.
 * Texts as users report them (no recording has them): `Invalid model schema
 * specified` once per invalid keyword, `Invalid model schema specified. Unsupported keyword(s):
 * ["example"]`, and `Invalid model schema specified, Model reference must be in canonical form`
 * for a `$ref` that is not a model URL. The text for a reference to a model that does not exist
 * is not recorded; ours names the reference.
 */

/**
 * How deep a model schema may nest objects and arrays: 128 levels, about 60 nested properties.
 * AWS documents no bound; this one keeps the draft-4 compiler, which recurses per level and takes
 * time that grows with the square of the depth, within a few tens of milliseconds and far from the
 * stack's end, while no schema written for an API comes near it.
 */
export const MAX_MODEL_SCHEMA_DEPTH = 128

export const EMPTY_MODEL_SCHEMA = 'Model schema must have at least 1 property or array items defined'
const INVALID_SCHEMA = 'Invalid model schema specified'

export const invalidModelMessage = (errors: readonly string[]): string =>
  `Invalid model specified: Validation Result: warnings : [], errors : [${errors.join(', ')}]`

export interface ModelSchemaContext {
  readonly restApiId: string
  /** The model being written: it may refer to itself. */
  readonly modelName: string
  /** Every other model of the API, name → schema source, for `$ref` targets. */
  readonly otherModels: ReadonlyMap<string, string | undefined>
}

/** AWS's message for a schema it refuses, or undefined when the schema may be stored. */
export function checkModelSchema(source: string, context: ModelSchemaContext): string | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(source)
  } catch {
    return invalidModelMessage([INVALID_SCHEMA])
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return invalidModelMessage([INVALID_SCHEMA])
  if (Object.keys(parsed).length === 0) return EMPTY_MODEL_SCHEMA
  if (exceedsJsonDepth(parsed, MAX_MODEL_SCHEMA_DEPTH)) return invalidModelMessage([`${INVALID_SCHEMA}: nested deeper than ${MAX_MODEL_SCHEMA_DEPTH} levels`])
  const root = parsed as SchemaNode
  try {
    const errors = [...keywordErrors(root), ...referenceErrors(root, context), ...metaSchemaErrors(root)]
    if (errors.length === 0 && !compiles(root, context)) errors.push(INVALID_SCHEMA)
    return errors.length === 0 ? undefined : invalidModelMessage(errors)
  } catch (error) {
    // Whatever the bound above misses (a schema wide and deep through many models) still may not crash the call.
    if (error instanceof RangeError) return invalidModelMessage([INVALID_SCHEMA])
    throw error
  }
}

/** The model names a schema's `$ref`s point at (for DeleteModel's "in use" check). */
export function referencedModelNames(source: string | undefined, restApiId: string): Set<string> {
  const names = new Set<string>()
  const root = parseSchemaObject(source)
  if (root === undefined) return names
  for (const node of walkSchema(root)) {
    const reference = typeof node.$ref === 'string' ? parseModelReference(node.$ref) : undefined
    if (reference !== undefined && reference.restApiId === restApiId) names.add(reference.modelName)
  }
  return names
}

/** One entry per schema node that uses keywords draft 4 does not define; listed like Jackson prints an array. */
function keywordErrors(root: SchemaNode): string[] {
  const errors: string[] = []
  for (const node of walkSchema(root)) {
    const unknown = Object.keys(node).filter((keyword) => !DRAFT_04_KEYWORDS.has(keyword)).sort()
    if (unknown.length > 0) errors.push(`${INVALID_SCHEMA}. Unsupported keyword(s): ${JSON.stringify(unknown)}`)
  }
  return errors
}

function referenceErrors(root: SchemaNode, context: ModelSchemaContext): string[] {
  const errors: string[] = []
  for (const node of walkSchema(root)) {
    if (typeof node.$ref !== 'string' || node.$ref.startsWith('#')) continue
    const reference = parseModelReference(node.$ref)
    if (reference === undefined) {
      errors.push(INVALID_SCHEMA, 'Model reference must be in canonical form')
    } else if (
      reference.restApiId !== context.restApiId ||
      (reference.modelName !== context.modelName && !context.otherModels.has(reference.modelName))
    ) {
      errors.push(INVALID_SCHEMA, `Referenced model does not exist: ${node.$ref}`)
    }
  }
  return errors
}

/** Compiled with the first model checked, not at start: a gateway may never be given one. */
let validateAgainstMetaSchema: ReturnType<ReturnType<typeof createDraft04Ajv>['getSchema']>

/** One `Invalid model schema specified` per keyword the draft-4 meta-schema rejects. */
function metaSchemaErrors(root: SchemaNode): string[] {
  validateAgainstMetaSchema ??= createDraft04Ajv().getSchema(DRAFT_04_META_SCHEMA)!
  if (validateAgainstMetaSchema(root)) return []
  const keywords = new Set((validateAgainstMetaSchema.errors ?? []).map((error) => error.instancePath))
  return [...keywords].map(() => INVALID_SCHEMA)
}

/** What the meta-schema cannot see: a `pattern` that is not a regular expression, a local `$ref` to nothing. */
function compiles(root: SchemaNode, context: ModelSchemaContext): boolean {
  const ajv = createDraft04Ajv()
  try {
    for (const [name, source] of context.otherModels) {
      const other = parseSchemaObject(source)
      if (other !== undefined && name !== context.modelName) ajv.addSchema(prepareModelSchema(other, modelUrl(context.restApiId, name)))
    }
    ajv.compile(prepareModelSchema(root, modelUrl(context.restApiId, context.modelName)))
    return true
  } catch {
    return false
  }
}
