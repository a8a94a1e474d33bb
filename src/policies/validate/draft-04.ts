import { createRequire } from 'node:module'
import type ajvDraft04 from 'ajv-draft-04'

type Ajv04Class = typeof ajvDraft04.default
export type Ajv04 = InstanceType<Ajv04Class>

const require = createRequire(import.meta.url)
let Ajv04: Ajv04Class | undefined

/**
 * Ajv is loaded with the first model, not at start (about 10 MB resident, imported alone into a
 * bare Node process). The package is CommonJS: its class is both `module.exports` and `.default`.
 */
function ajvClass(): Ajv04Class {
  return (Ajv04 ??= (require('ajv-draft-04') as typeof ajvDraft04).default)
}

/**
 * JSON Schema draft 4, the dialect of API Gateway models
 * (recorded: test_apigateway_common > test_api_gateway_request_validator_with_ref_models). AWS checks schemas with a
 * draft-4 validator that knows only draft 4's keywords: anything else is refused when the model
 * is written (`Unsupported keyword(s): ["example"]`, widely reported for OpenAPI imports).
 */

export const DRAFT_04_KEYWORDS: ReadonlySet<string> = new Set([
  '$schema', 'id', '$ref', 'title', 'description', 'default', 'format',
  'multipleOf', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum',
  'maxLength', 'minLength', 'pattern',
  'additionalItems', 'items', 'maxItems', 'minItems', 'uniqueItems',
  'maxProperties', 'minProperties', 'required', 'additionalProperties', 'definitions', 'properties',
  'patternProperties', 'dependencies',
  'enum', 'type', 'allOf', 'anyOf', 'oneOf', 'not',
])

export type SchemaNode = Record<string, unknown>

const isNode = (value: unknown): value is SchemaNode => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The subschemas directly below a schema node, by the keywords that hold schemas in draft 4. */
export function childSchemas(node: SchemaNode): SchemaNode[] {
  const children: unknown[] = []
  for (const keyword of ['properties', 'patternProperties', 'definitions', 'dependencies']) {
    const map = node[keyword]
    if (isNode(map)) children.push(...Object.values(map))
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const list = node[keyword]
    if (Array.isArray(list)) children.push(...list)
  }
  const items = node.items
  if (Array.isArray(items)) children.push(...items)
  else children.push(items)
  children.push(node.additionalItems, node.additionalProperties, node.not)
  // Property dependencies (`"a": ["b"]`) and boolean additional* are not schemas.
  return children.filter(isNode)
}

/** Every schema node of a schema, the root first. */
export function* walkSchema(root: SchemaNode): Generator<SchemaNode> {
  const pending = [root]
  const seen = new Set<SchemaNode>()
  while (pending.length > 0) {
    const node = pending.shift()!
    if (seen.has(node)) continue
    seen.add(node)
    yield node
    pending.push(...childSchemas(node))
  }
}

/**
 * A draft-4 Ajv with the settings models need: every error reported (for
 * `$context.error.validationErrorString`), the failing value and schema kept on each error,
 * `pattern` compiled without the `u` flag as ECMA 262 / Java accept it, `format` not enforced.
 */
export function createDraft04Ajv(): Ajv04 {
  return new (ajvClass())({
    allErrors: true,
    verbose: true,
    strict: false,
    logger: false,
    validateFormats: false,
    validateSchema: false,
    unicodeRegExp: false,
  })
}

export const DRAFT_04_META_SCHEMA = 'http://json-schema.org/draft-04/schema'
