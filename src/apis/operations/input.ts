import { ManagementError, validationError } from '../../core/management-error.ts'
import type { JsonObject } from '../../core/json.ts'

/**
 * Typed reads of request members. AWS's front end (Coral) rejects a member of the wrong JSON type
 * with a SerializationException naming the Java classes involved, e.g.
 * `class java.lang.Boolean can not be converted to an String` (recorded: test_apigateway_api >
 * test_put_integration_request_parameter_bool_type). The texts for other pairs of types follow the same
 * pattern; only that one and a number's (test_integration_response_invalid_responsetemplates) are recorded.
 */

type Target = 'String' | 'Boolean' | 'Integer' | 'Double' | 'Map' | 'List'

function javaClassOf(value: unknown): string {
  if (typeof value === 'boolean') return 'java.lang.Boolean'
  if (typeof value === 'number') return 'com.amazon.coral.value.json.numbers.TruncatingBigNumber'
  if (typeof value === 'string') return 'java.lang.String'
  if (Array.isArray(value)) return 'java.util.ArrayList'
  return 'java.util.LinkedHashMap'
}

export function serializationError(value: unknown, target: Target): ManagementError {
  return new ManagementError('SerializationException', `class ${javaClassOf(value)} can not be converted to an ${target}`)
}

const absent = (value: unknown): value is null | undefined => value === undefined || value === null

export function optionalString(body: JsonObject, field: string): string | undefined {
  const value = body[field]
  if (absent(value)) return undefined
  if (typeof value !== 'string') throw serializationError(value, 'String')
  return value
}

export function optionalBoolean(body: JsonObject, field: string): boolean | undefined {
  const value = body[field]
  if (absent(value)) return undefined
  if (typeof value !== 'boolean') throw serializationError(value, 'Boolean')
  return value
}

export function optionalNumber(body: JsonObject, field: string, target: 'Integer' | 'Double' = 'Integer'): number | undefined {
  const value = body[field]
  if (absent(value)) return undefined
  if (typeof value !== 'number') throw serializationError(value, target)
  return value
}

export function optionalObject(body: JsonObject, field: string): JsonObject | undefined {
  const value = body[field]
  if (absent(value)) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) throw serializationError(value, 'Map')
  return value as JsonObject
}

export function optionalStringList(body: JsonObject, field: string): string[] | undefined {
  const value = body[field]
  if (absent(value)) return undefined
  if (!Array.isArray(value)) throw serializationError(value, 'List')
  for (const item of value) if (typeof item !== 'string') throw serializationError(item, 'String')
  return value as string[]
}

/** A map of strings; `nullable` keeps null values (AWS stores `responseTemplates: {"x": null}`). */
export function optionalStringMap(body: JsonObject, field: string, nullable = false): Record<string, string | null> | undefined {
  const map = optionalObject(body, field)
  if (map === undefined) return undefined
  for (const value of Object.values(map)) {
    if (value === null && nullable) continue
    if (typeof value !== 'string') throw serializationError(value, 'String')
  }
  return map as Record<string, string | null>
}

export function optionalBooleanMap(body: JsonObject, field: string): Record<string, boolean> | undefined {
  const map = optionalObject(body, field)
  if (map === undefined) return undefined
  for (const value of Object.values(map)) if (typeof value !== 'boolean') throw serializationError(value, 'Boolean')
  return map as Record<string, boolean>
}

/** Coral's "Member must not be null" for a required member. */
export function requiredString(body: JsonObject, field: string, inputName: string): string {
  const value = optionalString(body, field)
  if (value === undefined) {
    throw validationError([`Value null at '${inputName}.${field}' failed to satisfy constraint: Member must not be null`])
  }
  return value
}

/** Java's `Boolean.parseBoolean`: patch values are strings and anything but "true" is false. */
export const parseBooleanValue = (value: string | undefined): boolean => value?.toLowerCase() === 'true'

/** Drops undefined members so responses only carry the keys AWS sends. */
export function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key]
  return value
}
