import { parseBooleanValue } from './input.ts'
import type { PatchChange } from './patch-table.ts'

/**
 * The ways a patch row most often changes a member, so a row names one instead of spelling it out.
 * Patch values are strings (API reference, "PatchOperation"); members are written loosely typed here
 * and each table names the members of its own resource.
 */

type Row<T> = (target: T, change: PatchChange<unknown>) => void

const isBlank = (value: string | undefined): boolean => value === undefined || value === ''

const writable = (target: unknown): Record<string, unknown> => target as Record<string, unknown>

/** `replace` sets an optional member; `remove`, or an empty value, takes it away. */
export const optionalMember = <T>(member: keyof T & string): Row<T> => (target, { op, value }) => {
  if (op === 'remove' || isBlank(value)) delete writable(target)[member]
  else writable(target)[member] = value
}

/** A boolean member read like Java's `Boolean.parseBoolean`: anything but "true" is false. */
export const booleanMember = <T>(member: keyof T & string): Row<T> => (target, { value }) => {
  writable(target)[member] = parseBooleanValue(value)
}

/**
 * One entry of a string-keyed map member (`/requestTemplates/application~1json`): `remove` deletes
 * it, `add` and `replace` set it to `read(value)`.
 */
export const mapEntry = <T>(member: keyof T & string, label: string, read: (value: string | undefined) => unknown = (value) => value ?? ''): Row<T> =>
  (target, { op, value, labels }) => {
    const map = { ...(writable(target)[member] as Record<string, unknown> | undefined) }
    if (op === 'remove') delete map[labels[label]]
    else map[labels[label]] = read(value)
    writable(target)[member] = map
  }
