import type { JsonObject } from '../../core/json.ts'
import { validationError } from '../../core/management-error.ts'
import { enumConstraint, lengthConstraint, listEnumConstraint, nullConstraint, patternConstraint, rangeConstraint } from './coral-constraints.ts'
import { serializationError } from './input.ts'

/**
 * An operation's input members as data. AWS's front end (Coral) reads a request in two steps before
 * the service sees it, and so does `readInput`: each member is converted to its model type, the
 * first that cannot be is a SerializationException (input.ts has the texts); then every member is
 * checked against its constraints (required, enum, length, pattern, range) and all failures are
 * reported together as one ValidationException, in the order the members are declared, named
 * `<input>.<member>` as Coral names them (coral-constraints.ts). What the service itself refuses
 * afterwards (BadRequestException, each resource's own texts) stays with the operation.
 *
 * Nothing here knows a service: `apigateway` writes members camelCase on the wire, and a member
 * whose wire name differs from the name it is read as says so (`wire`).
 */

export type MemberType = 'string' | 'boolean' | 'integer' | 'double' | 'string-map' | 'boolean-map' | 'string-list' | 'object'

export interface Member {
  readonly type: MemberType
  /** Coral's "Member must not be null" when the member is absent or null. */
  readonly required?: boolean
  /** The member's name on the wire, when it is not the name it is read as. */
  readonly wire?: string
  /** What an absent member reads as (copied, so a list or map default is never shared). */
  readonly default?: unknown
  /** The values a string, or each item of a string list, may take (Coral's enum constraint). */
  readonly enum?: readonly string[]
  /** Bounds on a string's or list's length. */
  readonly length?: { readonly min?: number; readonly max?: number }
  /** Bounds on a number. */
  readonly range?: { readonly min?: number; readonly max?: number }
  /** A Java pattern the whole string must match, as Coral quotes it in its text. */
  readonly pattern?: string
  /** A string map whose values may be null (AWS stores `responseTemplates: {"x": null}`). */
  readonly nullValues?: boolean
  /** An object's own members, checked the same way and named `<input>.<member>.<inner>`. */
  readonly members?: Members
}

export type Members = Readonly<Record<string, Member>>

/** An operation's input: Coral's name for it (`createRestApiInput`) and its members in Coral's order. */
export interface InputShape<M extends Members> {
  readonly name: string
  readonly members: M
}

type EnumOf<M extends Member> = M extends { readonly enum: readonly (infer E extends string)[] } ? E : string

type ValueOf<M extends Member> =
  M['type'] extends 'string' ? EnumOf<M>
    : M['type'] extends 'boolean' ? boolean
      : M['type'] extends 'integer' | 'double' ? number
        : M['type'] extends 'string-map' ? Record<string, M extends { readonly nullValues: true } ? string | null : string>
          : M['type'] extends 'boolean-map' ? Record<string, boolean>
            : M['type'] extends 'string-list' ? EnumOf<M>[]
              : M extends { readonly members: infer N extends Members } ? MembersOf<N> : JsonObject

/** What `readInput` answers: each member typed by its declaration, `undefined` when absent unless required or defaulted. */
export type MembersOf<M extends Members> = {
  -readonly [K in keyof M]: M[K] extends { readonly required: true } | { readonly default: unknown } ? ValueOf<M[K]> : ValueOf<M[K]> | undefined
}

/** Declares an input; `const` keeps the literals (enums, `required: true`) that type its members. */
export const input = <const M extends Members>(name: string, members: M): InputShape<M> => ({ name, members })

/** Reads and checks an operation's input members from its JSON body. */
export function readInput<M extends Members>(body: JsonObject, shape: InputShape<M>): MembersOf<M> {
  const values = convertMembers(body, shape.members)
  const errors = constraintErrors(values, shape.members, shape.name)
  if (errors.length > 0) throw validationError(errors)
  return applyDefaults(values, shape.members) as MembersOf<M>
}

const absent = (value: unknown): value is null | undefined => value === undefined || value === null

const isMap = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value)

function convertMembers(body: JsonObject, members: Members): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const [name, member] of Object.entries(members)) {
    const raw = body[member.wire ?? name]
    if (!absent(raw)) values[name] = convert(raw, member)
  }
  return values
}

function convert(value: unknown, member: Member): unknown {
  switch (member.type) {
    case 'string':
      if (typeof value !== 'string') throw serializationError(value, 'String')
      return value
    case 'boolean':
      if (typeof value !== 'boolean') throw serializationError(value, 'Boolean')
      return value
    case 'integer':
    case 'double':
      if (typeof value !== 'number') throw serializationError(value, member.type === 'integer' ? 'Integer' : 'Double')
      return value
    case 'string-list':
      if (!Array.isArray(value)) throw serializationError(value, 'List')
      for (const item of value) if (typeof item !== 'string') throw serializationError(item, 'String')
      return value
    case 'string-map':
    case 'boolean-map': {
      if (!isMap(value)) throw serializationError(value, 'Map')
      const item = member.type === 'string-map' ? 'string' : 'boolean'
      for (const entry of Object.values(value)) {
        if (entry === null && member.nullValues === true) continue
        if (typeof entry !== item) throw serializationError(entry, item === 'string' ? 'String' : 'Boolean')
      }
      return value
    }
    case 'object':
      if (!isMap(value)) throw serializationError(value, 'Map')
      return member.members === undefined ? value : convertMembers(value, member.members)
  }
}

function constraintErrors(values: Record<string, unknown>, members: Members, path: string): string[] {
  const errors: string[] = []
  for (const [name, member] of Object.entries(members)) {
    const field = `${path}.${member.wire ?? name}`
    const value = values[name]
    if (value === undefined) {
      if (member.required === true) errors.push(nullConstraint(field))
      continue
    }
    errors.push(...memberErrors(value, member, field))
    if (member.members !== undefined) errors.push(...constraintErrors(value as Record<string, unknown>, member.members, field))
  }
  return errors
}

function memberErrors(value: unknown, member: Member, field: string): string[] {
  const { enum: allowed, length, range, pattern } = member
  if (allowed !== undefined) {
    if (Array.isArray(value) && value.some((item) => !allowed.includes(item as string))) return [listEnumConstraint(value, field, allowed)]
    if (typeof value === 'string' && !allowed.includes(value)) return [enumConstraint(value, field, allowed)]
  }
  const size = typeof value === 'string' || Array.isArray(value) ? value.length : undefined
  if (length?.min !== undefined && size !== undefined && size < length.min) return [lengthConstraint(value, field, 'min', length.min)]
  if (length?.max !== undefined && size !== undefined && size > length.max) return [lengthConstraint(value, field, 'max', length.max)]
  if (pattern !== undefined && typeof value === 'string' && !new RegExp(`^(?:${pattern})$`, 'u').test(value)) return [patternConstraint(value, field, pattern)]
  if (range?.min !== undefined && typeof value === 'number' && value < range.min) return [rangeConstraint(value, field, 'min', range.min)]
  if (range?.max !== undefined && typeof value === 'number' && value > range.max) return [rangeConstraint(value, field, 'max', range.max)]
  return []
}

function applyDefaults(values: Record<string, unknown>, members: Members): Record<string, unknown> {
  for (const [name, member] of Object.entries(members)) {
    if (values[name] === undefined && member.default !== undefined) values[name] = structuredClone(member.default)
    else if (values[name] !== undefined && member.members !== undefined) applyDefaults(values[name] as Record<string, unknown>, member.members)
  }
  return values
}
