import type { ManagementError } from '../../core/management-error.ts'
import { unescapePointer, type PatchOp, type PatchOperation } from './patch-operations.ts'

/**
 * Update operations as data. AWS documents each resource's patchable paths as patterns
 * (`/requestParameters/{name}`, `/{resourcePath}/{httpMethod}/metrics/enabled`, API reference,
 * "PatchOperation" and each Update operation); a PatchTable is that list, one row per pattern with
 * the ops it takes and how it changes the resource. The applier finds the row of each operation in
 * order, applies it, and asks the table for AWS's refusal when no row takes it: each resource
 * words that refusal its own way (patch-operations.ts has the texts), so the table says which.
 *
 * Patterns: literal segments, `{label}` for one non-empty segment, and a final `{label+}` for the
 * rest of the path (one segment or more, possibly empty: AWS escapes `/` inside a segment as `~1`,
 * but media types and ARNs also arrive unescaped). Labels are unescaped (`~1` -> `/`, `~0` -> `~`).
 * When several patterns match, the one with a literal at the first position where they differ wins,
 * as the router does for URIs (`/variables/{name}` before `/{resourcePath}/{httpMethod}`).
 */

/** One operation as a row sees it: the path as sent and its labels, unescaped. */
export interface PatchChange<C> {
  readonly op: PatchOp
  readonly path: string
  readonly value: string | undefined
  readonly from: string | undefined
  readonly labels: Readonly<Record<string, string>>
  readonly context: C
}

export interface PatchRule<T, C = undefined> {
  readonly path: string
  /** The ops the path takes, in the order AWS lists them in its refusal. */
  readonly ops: readonly PatchOp[]
  readonly apply: (target: T, change: PatchChange<C>) => void | Promise<void>
  /** This path's own answer to an op it does not take, when it differs from the table's. */
  readonly refuse?: (operation: PatchOperation) => ManagementError
}

export interface PatchTableDefinition<T, C = undefined> {
  readonly rules: readonly PatchRule<T, C>[]
  /** AWS's answer to an operation no row takes: `rule` is the row whose path matched, if one did. */
  readonly refuse: (operation: PatchOperation, rule: PatchRule<T, C> | undefined) => ManagementError
}

export interface PatchTable<T, C = undefined> {
  /** Applies the operations in order; the first refusal stops the patch (callers run it in a transaction). */
  apply(target: T, operations: readonly PatchOperation[], context: C): Promise<void>
}

type Segment = { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'label' | 'rest'; readonly name: string }

interface CompiledRule<T, C> {
  readonly rule: PatchRule<T, C>
  readonly segments: readonly Segment[]
}

/** Every op of AWS's PatchOperation enum, for paths whose row sorts the ops out itself. */
export const EVERY_OP: readonly PatchOp[] = ['add', 'remove', 'replace', 'move', 'test', 'copy']
/** The same bar `copy`, for a resource that handles `copy` apart (UpdateStage's promotion). */
export const EVERY_OP_BUT_COPY: readonly PatchOp[] = ['add', 'remove', 'replace', 'move', 'test']

export function patchTable<T, C = undefined>(definition: PatchTableDefinition<T, C>): PatchTable<T, C> {
  const compiled = definition.rules.map((rule) => ({ rule, segments: compilePattern(rule.path) }))
  compiled.sort((a, b) => compareSpecificity(a.segments, b.segments))
  return {
    async apply(target, operations, context) {
      for (const operation of operations) {
        const found = findRule(compiled, operation.path)
        if (found === undefined) throw definition.refuse(operation, undefined)
        const { rule, labels } = found
        if (!rule.ops.includes(operation.op)) throw rule.refuse?.(operation) ?? definition.refuse(operation, rule)
        await rule.apply(target, { op: operation.op, path: operation.path!, value: operation.value, from: operation.from, labels, context })
      }
    },
  }
}

function compilePattern(pattern: string): Segment[] {
  const parts = pattern.slice(1).split('/')
  return parts.map((part, index) => {
    const label = /^\{(\w+)(\+?)\}$/.exec(part)
    if (label === null) return { kind: 'literal', text: part }
    if (label[2] === '+' && index !== parts.length - 1) throw new Error(`${pattern}: {${label[1]}+} must be the last segment`)
    return { kind: label[2] === '+' ? 'rest' : 'label', name: label[1] }
  })
}

const RANK = { literal: 0, label: 1, rest: 2 } as const

function compareSpecificity(a: readonly Segment[], b: readonly Segment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = RANK[a[i].kind] - RANK[b[i].kind]
    if (difference !== 0) return difference
  }
  return 0
}

function findRule<T, C>(
  compiled: readonly CompiledRule<T, C>[], path: string | undefined,
): { rule: PatchRule<T, C>; labels: Record<string, string> } | undefined {
  if (path === undefined || !path.startsWith('/')) return undefined
  const raw = path.slice(1).split('/')
  for (const { rule, segments } of compiled) {
    const labels = matchSegments(segments, raw)
    if (labels !== undefined) return { rule, labels }
  }
  return undefined
}

function matchSegments(segments: readonly Segment[], raw: readonly string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {}
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]
    if (i >= raw.length) return undefined
    if (segment.kind === 'rest') {
      labels[segment.name] = raw.slice(i).map(unescapePointer).join('/')
      return labels
    }
    const text = unescapePointer(raw[i])
    if (segment.kind === 'literal' ? text !== segment.text : text === '') return undefined
    if (segment.kind === 'label') labels[segment.name] = text
  }
  return raw.length === segments.length ? labels : undefined
}
