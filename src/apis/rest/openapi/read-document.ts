import { parse as parseYaml, YAMLParseError } from 'yaml'
import { exceedsJsonDepth } from '../../../core/json-depth.ts'
import { ManagementError } from '../../../core/management-error.ts'
import { REST_MESSAGES } from '../control-plane/messages.ts'

/** An OpenAPI document as read: its dialect and its top-level object. */
export interface OpenApiDocument {
  readonly dialect: 'swagger2' | 'oas30'
  readonly root: Record<string, unknown>
}

/**
 * AWS's one answer to a document it cannot read, with what is wrong and where as the error's
 * `detail`: Gatehouse's own explanation, since AWS's message says neither.
 */
export const invalidOpenApiInput = (detail: string): ManagementError =>
  new ManagementError('BadRequestException', REST_MESSAGES.invalidOpenApiInput, undefined, detail)

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
  } catch (error) {
    throw invalidOpenApiInput(syntaxDetail(text, error))
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidOpenApiInput(`the document is ${Array.isArray(value) ? 'a list' : value === null ? 'empty' : `a ${typeof value}`}, not a mapping with swagger: "2.0" or openapi: 3.0.x at the top`)
  }
  // A document nested past the bound is not one any tool writes; the importer walks it recursively.
  if (exceedsJsonDepth(value)) throw invalidOpenApiInput('the document is nested too deeply to be an API definition')
  const root = value as Record<string, unknown>
  const dialect = openApiDialect(root)
  if (typeof dialect === 'string') return { dialect, root }
  throw invalidOpenApiInput(dialect.problem)
}

/**
 * Which version a document declares. An unquoted `swagger: 2.0` or `openapi: 3.0` is a number to a
 * YAML reader; AWS's importer reads the node as text (`2.0`) and accepts it, so the numbers 2 and 3
 * stand for those versions here.
 */
export function openApiDialect(root: Record<string, unknown>): OpenApiDocument['dialect'] | { readonly problem: string } {
  if (root.swagger === '2.0' || root.swagger === 2) return 'swagger2'
  if (root.openapi === 3 || (typeof root.openapi === 'string' && /^3\.0(\.\d+)?$/.test(root.openapi))) return 'oas30'
  if (root.openapi !== undefined) {
    return { problem: `openapi: ${String(root.openapi)} is not a version API Gateway imports (Swagger 2.0 or OpenAPI 3.0.x; developer guide, "Develop REST APIs using OpenAPI in API Gateway")` }
  }
  if (root.swagger !== undefined) return { problem: `swagger: ${String(root.swagger)} is not a version API Gateway imports (swagger: "2.0")` }
  return { problem: 'the top-level mapping has neither swagger: "2.0" nor openapi: 3.0.x' }
}

function syntaxDetail(text: string, error: unknown): string {
  if (error instanceof YAMLParseError && error.linePos !== undefined) {
    const { line, col } = error.linePos[0]
    return `line ${line}, column ${col}: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`
  }
  const json = tryJsonError(text)
  return json ?? `the body is neither JSON nor YAML: ${(error as Error).message.split('\n')[0]}`
}

function tryJsonError(text: string): string | undefined {
  try {
    JSON.parse(text)
    return undefined
  } catch (error) {
    return `JSON: ${(error as Error).message}`
  }
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
