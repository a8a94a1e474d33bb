import type { ErrorObject } from 'ajv'

/**
 * `$context.error.validationErrorString` for a body that fails its model. AWS validates with the
 * Java json-schema-validator (its texts show through: `[object has missing required properties
 * ([\"email\"])]`, `[instance value (\"x\") not found in enum (possible values: [...])]`), lists
 * every failure like Java prints a list, and JSON-escapes the result so that it can sit inside a
 * JSON string of a gateway response template. Ajv finds the failures; this words them as that
 * validator does. Only the required/enum/type texts are attested; the others follow the same
 * library's wording and are not recorded.
 */
export function validationErrorString(errors: readonly ErrorObject[]): string {
  const messages: Entry[] = []
  for (const error of errors) addError(messages, error)
  return escapeJson(`[${messages.map((entry) => entry.text()).join(', ')}]`)
}

/** Not JSON at all: the parser's complaint, as AWS reports a body its validator could not read (not recorded). */
export function unreadableBodyString(cause: unknown): string {
  return escapeJson(`[${cause instanceof Error ? cause.message : String(cause)}]`)
}

interface Entry {
  readonly instancePath: string
  readonly schemaPath: string
  readonly keyword: string
  /** Members gathered from several Ajv errors of one keyword (missing properties, extra properties). */
  readonly names: string[]
  readonly text: () => string
}

const json = (value: unknown): string => JSON.stringify(value) ?? 'null'
const sortedJson = (names: readonly string[]): string => json([...names].sort())
const escapeJson = (text: string): string => JSON.stringify(text).slice(1, -1)

/** The JSON type names the Java validator reports: integers apart from other numbers. */
function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

function addError(entries: Entry[], error: ErrorObject): void {
  const { keyword, instancePath, schemaPath } = error
  const params = error.params as Record<string, unknown>
  const data = error.data
  // Ajv reports one error per missing/extra property; the Java validator one per keyword.
  const gathered = { required: 'missingProperty', additionalProperties: 'additionalProperty' }[keyword]
  if (gathered !== undefined) {
    const previous = entries.at(-1)
    const name = String(params[gathered])
    if (previous?.keyword === keyword && previous.instancePath === instancePath && previous.schemaPath === schemaPath) {
      previous.names.push(name)
      return
    }
    const names = [name]
    const text = keyword === 'required'
      ? () => `object has missing required properties (${sortedJson(names)})`
      : () => `object instance has properties which are not allowed by the schema: ${sortedJson(names)}`
    entries.push({ instancePath, schemaPath, keyword, names, text })
    return
  }
  if (keyword === 'oneOf' || keyword === 'anyOf') dropBranchErrors(entries, instancePath)
  const message = describe(error, params, data)
  entries.push({ instancePath, schemaPath, keyword, names: [], text: () => message })
}

/**
 * A failed `oneOf`/`anyOf` is one failure for the Java validator; Ajv also reports what failed
 * inside each branch, just before it. Those are the trailing errors at or below the same instance.
 */
function dropBranchErrors(entries: Entry[], instancePath: string): void {
  while (entries.length > 0) {
    const last = entries.at(-1)!.instancePath
    if (last !== instancePath && !last.startsWith(`${instancePath}/`)) return
    entries.pop()
  }
}

function describe(error: ErrorObject, params: Record<string, unknown>, data: unknown): string {
  const schema = error.schema as unknown
  const length = (value: unknown): number => typeof value === 'string' ? [...value].length : 0
  switch (error.keyword) {
    case 'type': {
      const allowed = (Array.isArray(schema) ? schema : [schema]).map(String).sort()
      return `instance type (${typeName(data)}) does not match any allowed primitive type (allowed: ${json(allowed)})`
    }
    case 'enum':
      return `instance value (${json(data)}) not found in enum (possible values: ${json(schema)})`
    case 'minimum':
      return params.comparison === '>'
        ? `numeric instance is not strictly greater than the required minimum ${params.limit}`
        : `numeric instance is lower than the required minimum (minimum: ${params.limit}, found: ${data})`
    case 'maximum':
      return params.comparison === '<'
        ? `numeric instance is not strictly lower than the required maximum ${params.limit}`
        : `numeric instance is greater than the required maximum (maximum: ${params.limit}, found: ${data})`
    case 'multipleOf':
      return `remainder of division is not zero (${data} / ${params.multipleOf})`
    case 'minLength':
      return `string ${json(data)} is too short (length: ${length(data)}, required minimum: ${params.limit})`
    case 'maxLength':
      return `string ${json(data)} is too long (length: ${length(data)}, maximum allowed: ${params.limit})`
    case 'pattern':
      return `ECMA 262 regex ${json(params.pattern)} does not match input string ${json(data)}`
    case 'minItems':
      return `array is too short: must have at least ${params.limit} elements but instance has ${(data as unknown[]).length} elements`
    case 'maxItems':
    case 'additionalItems':
      return `array is too long: must have at most ${params.limit} elements but instance has ${(data as unknown[]).length} elements`
    case 'uniqueItems':
      return 'array must not contain duplicate elements'
    case 'minProperties':
      return `object has too few properties (found ${Object.keys(data as object).length} but schema requires at least ${params.limit})`
    case 'maxProperties':
      return `object has too many properties (found ${Object.keys(data as object).length} but schema requires at most ${params.limit})`
    case 'dependencies':
      return `property ${json(params.property)} of object has missing property dependencies (schema requires ${json(String(params.deps).split(', '))}; missing: ${json([params.missingProperty])})`
    case 'oneOf': {
      const passing = params.passingSchemas
      const matched = Array.isArray(passing) ? passing.length : passing === null ? 0 : 1
      return `instance failed to match exactly one schema (matched ${matched} out of ${(schema as unknown[]).length})`
    }
    case 'anyOf':
      return `instance failed to match at least one required schema among ${(schema as unknown[]).length}`
    case 'not':
      return 'instance matched a schema which it should not have'
    default:
      return error.message ?? error.keyword
  }
}
