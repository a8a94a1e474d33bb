import { parse as parseYaml } from 'yaml'
import { exceedsJsonDepth } from '../core/json-depth.ts'
import { badRequest } from '../core/management-error.ts'

/** An OpenAPI document as read: its dialect and its top-level object. */
export interface OpenApiDocument {
  readonly dialect: 'swagger2' | 'oas30'
  readonly root: Record<string, unknown>
}

/** AWS's one answer to a document it cannot read (LS test_apigateway_import > test_import_api_bad_file). */
export const INVALID_OPENAPI_INPUT = 'Invalid OpenAPI input.'

/**
 * Reads an ImportRestApi/PutRestApi body: JSON or YAML, Swagger 2.0 or OpenAPI 3.0.x. Anything
 * else — unparsable text, a scalar, OpenAPI 3.1 — is `Invalid OpenAPI input.`, as AWS answers
 * (3.1: smithy-lang/smithy#985 reports that very text).
 */
export function readOpenApiDocument(raw: Buffer): OpenApiDocument {
  const text = raw.toString('utf8')
  let value: unknown
  try {
    // YAML 1.2 is a superset of JSON; the JSON parser first keeps JSON's exact number handling.
    value = tryJson(text) ?? parseYaml(text, { uniqueKeys: false })
  } catch {
    throw badRequest(INVALID_OPENAPI_INPUT)
  }
  // A document nested past the bound is not one any tool writes; the importer walks it recursively.
  if (value === null || typeof value !== 'object' || Array.isArray(value) || exceedsJsonDepth(value)) throw badRequest(INVALID_OPENAPI_INPUT)
  const root = value as Record<string, unknown>
  if (String(root.swagger) === '2.0') return { dialect: 'swagger2', root }
  if (typeof root.openapi === 'string' && /^3\.0(\.\d+)?$/.test(root.openapi)) return { dialect: 'oas30', root }
  throw badRequest(INVALID_OPENAPI_INPUT)
}

function tryJson(text: string): unknown {
  const start = text.trimStart()[0]
  if (start !== '{' && start !== '[') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
