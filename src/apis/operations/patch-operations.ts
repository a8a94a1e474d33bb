import { badRequest, enumConstraint, ManagementError, validationError } from '../../core/management-error.ts'
import { serializationError } from './input.ts'
import type { JsonObject } from '../../core/json.ts'

/**
 * AWS `patchOperations` (API reference, "PatchOperation"): `{op, path, value, from}` with JSON-pointer
 * paths (`~1` for `/`, `~0` for `~`) and string values. Coral checks `op` against the full
 * JSON-patch enum (so `move`/`test` pass that step) and numbers the operations from 1
 * (`updateRestApiInput.patchOperations.1.member.op`; recorded: test_apigateway_api > test_update_rest_api_concatenation_of_errors); each resource then accepts its own paths.
 */

export type PatchOp = 'add' | 'remove' | 'replace' | 'copy' | 'move' | 'test'
const PATCH_OPS: readonly PatchOp[] = ['add', 'remove', 'move', 'test', 'replace', 'copy']

export interface PatchOperation {
  readonly op: PatchOp
  /** The raw path as sent (messages quote it verbatim); undefined when missing. */
  readonly path: string | undefined
  readonly value: string | undefined
  readonly from: string | undefined
}

/**
 * Reads `patchOperations`. `inputName` is Coral's name for the operation input
 * (`updateStageInput`); `extraErrors` are other Coral validation failures of the same request,
 * reported after the op errors as AWS does (recorded: test_apigateway_api > test_update_method_response_negative_tests >
 * update-method-response-invalid-statuscode-and-wrong-op).
 */
export function readPatchOperations(body: JsonObject, inputName: string, extraErrors: readonly string[] = []): PatchOperation[] {
  const raw = body.patchOperations
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) throw serializationError(raw, 'List')
  const list = (raw ?? []) as unknown[]
  const errors: string[] = []
  const operations: PatchOperation[] = []
  list.forEach((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw serializationError(item, 'Map')
    const entry = item as JsonObject
    for (const field of ['op', 'path', 'value', 'from']) {
      const member = entry[field]
      if (member !== undefined && member !== null && typeof member !== 'string') throw serializationError(member, 'String')
    }
    const op = entry.op as string | undefined
    if (op === undefined || op === null || !PATCH_OPS.includes(op as PatchOp)) {
      errors.push(enumConstraint(op ?? null, `${inputName}.patchOperations.${index + 1}.member.op`, PATCH_OPS))
    }
    operations.push({
      op: op as PatchOp,
      path: (entry.path ?? undefined) as string | undefined,
      value: (entry.value ?? undefined) as string | undefined,
      from: (entry.from ?? undefined) as string | undefined,
    })
  })
  errors.push(...extraErrors)
  if (errors.length > 0) throw validationError(errors)
  return operations
}

/** `/a/b~1c` -> `['a', 'b/c']`; `/` -> `['']`. */
export function splitPointer(path: string): string[] {
  return path.slice(1).split('/').map(unescapePointer)
}

export const unescapePointer = (segment: string): string => segment.replaceAll('~1', '/').replaceAll('~0', '~')

// The texts AWS uses when a resource refuses a path or an op. Several forms coexist (recorded across
// test_apigateway_api, e.g. test_invalid_update_request_validator_operations, test_update_resource_behaviour).

/** `Invalid patch path /binaryMediaTypes` (a missing path reads `null`). */
export const invalidPatchPath = (path: string | undefined): ManagementError => badRequest(`Invalid patch path ${path ?? 'null'}`)

/** `Invalid patch path  '/x' specified for op 'replace'. Must be one of: [/a, /b]` — two spaces, as recorded. */
export const invalidPatchPathFor = (path: string | undefined, op: string, allowed: readonly string[]): ManagementError =>
  badRequest(`Invalid patch path  '${path ?? 'null'}' specified for op '${op}'. Must be one of: [${allowed.join(', ')}]`)

/** `Invalid patch path  '/x' specified for op 'add'. Please choose supported operations`. */
export const unsupportedPatchOp = (path: string | undefined, op: string): ManagementError =>
  badRequest(`Invalid patch path  '${path ?? 'null'}' specified for op '${op}'. Please choose supported operations`)

/** `Invalid patch operation specified. Must be one of: [replace]`. */
export const invalidPatchOperation = (allowed: readonly string[]): ManagementError =>
  badRequest(`Invalid patch operation specified. Must be one of: [${allowed.join(', ')}]`)

/** Applies an add/replace/remove on a string-keyed map member (`/requestTemplates/application~1json`). */
export function patchMap<V>(
  map: Record<string, V> | undefined,
  op: PatchOp,
  key: string,
  value: V,
): Record<string, V> {
  const next = { ...(map ?? {}) }
  if (op === 'remove') delete next[key]
  else next[key] = value
  return next
}
