import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Access, BinaryOperator, Expr, IfBranch, MacroDefinition, ParsedTemplate, Reference, SourcePosition, TemplateNode } from './template-ast.ts'
import { TemplateError } from './template-error.ts'
import { gobbleWhitespace, type FlatToken } from './whitespace-gobbling.ts'

/**
 * velocityjs's grammar, before its own block nesting. Its public `parse()` silently drops an
 * unmatched `#end` (and everything after it) and accepts a missing `#end`; Velocity refuses both,
 * so we take the token list and nest blocks ourselves. The package's `exports` hide this module,
 * hence the path; a velocityjs upgrade that moves it fails every VTL test at once.
 */
const requireCjs = createRequire(import.meta.url)
const velocityGrammar = requireCjs(join(dirname(requireCjs.resolve('velocityjs')), 'parse/index.cjs')) as {
  parse_1(source: string): FlatToken[]
}

interface RawPos { first_line: number; first_column: number }
interface RawEnd { last_line: number; last_column: number }

/**
 * Where the token the grammar choked on starts. jison reports the location of the last token it
 * accepted, so the offending one is the first non-blank character after that token's end
 * (`#set($x = )` points at the `)`, not at the `=`). 1-based line and column within `source`.
 */
function unexpectedTokenAt(source: string, loc: RawPos & Partial<RawEnd>): { line: number; column: number } {
  if (loc.last_line === undefined || loc.last_column === undefined) return { line: loc.first_line, column: loc.first_column + 1 }
  let line = loc.last_line
  let column = loc.last_column
  const lines = source.split('\n')
  while (line <= lines.length) {
    const text = lines[line - 1]
    while (column < text.length && /\s/.test(text[column])) column++
    if (column < text.length || line === lines.length) return { line, column: column + 1 }
    line++
    column = 0
  }
  return { line: loc.last_line, column: loc.last_column + 1 }
}
type Raw = Record<string, unknown> & { type: string; pos?: RawPos }

const BLOCK_OPENERS = new Set(['if', 'foreach', 'macro', 'define', 'noescape', 'macro_body'])

function position(raw: Raw | undefined): SourcePosition | undefined {
  return raw?.pos ? { line: raw.pos.first_line, column: raw.pos.first_column + 1 } : undefined
}

function fail(message: string, at: SourcePosition | undefined): never {
  throw new TemplateError(message, at?.line ?? 1, at?.column ?? 1)
}

/** Parses VTL source into the compiled tree; a template that does not parse throws `TemplateError`. */
export function parseTemplate(source: string): ParsedTemplate {
  const macros = new Map<string, MacroDefinition>()
  const nodes = parseNodes(source, macros, { line: 1, column: 1 })
  return { nodes, macros }
}

function parseNodes(source: string, macros: Map<string, MacroDefinition>, origin: SourcePosition): TemplateNode[] {
  let flat: FlatToken[]
  try {
    flat = velocityGrammar.parse_1(source)
  } catch (error) {
    const hash = (error as { hash?: { loc?: RawPos & Partial<RawEnd>; text?: string; token?: unknown } }).hash
    const firstLine = String((error as Error).message).split('\n')[0]
    // A lexical error (token null) is text no token matches, e.g. a string never closed.
    const unexpected = hash?.token === null ? 'text (an unclosed string?)' : hash?.token === 'EOF' || hash?.token === 1 || hash?.text === '' ? 'the end of the template' : hash?.text ? JSON.stringify(hash.text) : undefined
    const detail = unexpected ? `Invalid mapping template: unexpected ${unexpected}` : `Invalid mapping template: ${firstLine.replace(/ on line \d+:?$/, '')}`
    if (hash?.loc) {
      const at = unexpectedTokenAt(source, hash.loc)
      fail(detail, { line: origin.line + at.line - 1, column: (at.line === 1 ? origin.column - 1 : 0) + at.column })
    }
    const line = /line (\d+)/.exec(firstLine)
    fail(detail, { line: origin.line + (line ? Number(line[1]) - 1 : 0), column: 1 })
  }
  const tokens = gobbleWhitespace(flat)
  const builder = new TreeBuilder(tokens, macros)
  const nodes = builder.build()
  return nodes
}

class TreeBuilder {
  readonly #tokens: FlatToken[]
  readonly #macros: Map<string, MacroDefinition>
  #i = 0

  constructor(tokens: FlatToken[], macros: Map<string, MacroDefinition>) {
    this.#tokens = tokens
    this.#macros = macros
  }

  build(): TemplateNode[] {
    const { nodes, terminator } = this.#sequence(undefined)
    if (terminator) fail('#end without a matching #if, #foreach or #macro', position(terminator))
    return nodes
  }

  /** Reads nodes up to an `#end`/`#else`/`#elseif` (returned as terminator) or the end of input. */
  #sequence(opener: Raw | undefined): { nodes: TemplateNode[]; terminator?: Raw } {
    const nodes: TemplateNode[] = []
    while (this.#i < this.#tokens.length) {
      const token = this.#tokens[this.#i++]
      if (typeof token === 'string') {
        nodes.push({ kind: 'text', value: token })
        continue
      }
      const raw = token as Raw
      switch (raw.type) {
        case 'end':
        case 'else':
        case 'elseif':
          if (!opener) fail(`#${raw.type} without a matching #if, #foreach or #macro`, position(raw))
          return { nodes, terminator: raw }
        case 'comment':
          continue
        case 'raw':
          nodes.push({ kind: 'text', value: String(raw.value) })
          continue
        case 'references':
          nodes.push({ kind: 'print', reference: toReference(raw, this.#macros) })
          continue
        case 'set': {
          const [target, value] = raw.equal as Raw[]
          nodes.push({ kind: 'set', target: toReference(target, this.#macros), value: toExpr(value, this.#macros) })
          continue
        }
        case 'break':
          nodes.push({ kind: 'break' })
          continue
        case 'macro_call':
          nodes.push({ kind: 'call', name: String(raw.id), args: ((raw.args as Raw[] | undefined) ?? []).map((a) => toExpr(a, this.#macros)) })
          continue
      }
      if (!BLOCK_OPENERS.has(raw.type)) fail(`unsupported element ${raw.type}`, position(raw))
      nodes.push(...this.#block(raw))
    }
    if (opener) fail(`#${opener.type} without a matching #end`, position(opener))
    return { nodes }
  }

  #block(opener: Raw): TemplateNode[] {
    if (opener.type === 'if') {
      const branches: IfBranch[] = []
      let condition: Expr | undefined = toExpr(opener.condition as Raw, this.#macros)
      let sawElse = false
      for (;;) {
        const { nodes, terminator } = this.#sequence(opener)
        branches.push(condition === undefined ? { body: nodes } : { condition, body: nodes })
        const t = terminator as Raw
        if (t.type === 'end') return [{ kind: 'if', branches }]
        if (sawElse) fail(`#${t.type} after #else`, position(t))
        if (t.type === 'else') {
          sawElse = true
          condition = undefined
        } else {
          condition = toExpr(t.condition as Raw, this.#macros)
        }
      }
    }
    const { nodes, terminator } = this.#sequence(opener)
    if ((terminator as Raw).type !== 'end') fail(`#${(terminator as Raw).type} inside #${opener.type}`, position(terminator))
    switch (opener.type) {
      case 'foreach':
        return [{ kind: 'foreach', variable: String(opener.to), source: toExpr(opener.from as Raw, this.#macros), body: nodes }]
      case 'macro': {
        const params = ((opener.args as Raw[] | undefined) ?? []).map((a) => String(a.id))
        this.#macros.set(String(opener.id), { name: String(opener.id), params, body: nodes })
        return []
      }
      case 'noescape':
        return nodes
      default:
        return fail(`#${opener.type === 'macro_body' ? '@' : ''}${String(opener.id ?? opener.type)} blocks are not supported in mapping templates`, position(opener))
    }
  }
}

function toReference(raw: Raw, macros: Map<string, MacroDefinition>): Reference {
  const path: Access[] = []
  if (raw.args !== undefined) fail(`$${String(raw.id)}(...) is not a method call`, position(raw))
  for (const step of (raw.path as Raw[] | undefined) ?? []) {
    if (step.type === 'property') path.push({ kind: 'property', name: String(step.id) })
    else if (step.type === 'method') path.push({ kind: 'method', name: String(step.id), args: ((step.args as Raw[] | false) || []).map((a) => toExpr(a, macros)) })
    else path.push({ kind: 'index', index: toExpr(step.id as Raw, macros) })
  }
  const pos = position(raw)
  return pos ? { kind: 'reference', id: String(raw.id), path, pos } : { kind: 'reference', id: String(raw.id), path }
}

const BINARY: ReadonlySet<string> = new Set(['+', '-', '*', '/', '%', '&&', '||', '==', '!=', '<', '<=', '>', '>='])

function toExpr(raw: Raw | string | number, macros: Map<string, MacroDefinition>): Expr {
  if (typeof raw === 'string' || typeof raw === 'number') return { kind: 'integer', value: Number(raw) }
  switch (raw.type) {
    case 'references':
      return toReference(raw, macros)
    case 'string': {
      const value = String(raw.value)
      if (raw.isEval && (value.includes('$') || value.includes('#'))) {
        return { kind: 'interpolated', body: parseNodes(value, macros, { line: 1, column: 1 }) }
      }
      return { kind: 'string', value }
    }
    case 'integer':
      return { kind: 'integer', value: Number(raw.value) }
    case 'decimal':
      return { kind: 'double', value: Number(raw.value) }
    case 'bool':
      return raw.value === 'null' ? { kind: 'null' } : { kind: 'boolean', value: raw.value === 'true' }
    case 'array': {
      const items = (raw.value as (Raw | string)[]).map((item) => toExpr(item, macros))
      return raw.isRange ? { kind: 'range', from: items[0], to: items[1] } : { kind: 'list', items }
    }
    case 'map': {
      const map = (raw.value as Record<string, Raw> | undefined) ?? {}
      return { kind: 'map', entries: Object.keys(map).map((k) => [k, toExpr(map[k], macros)] as const) }
    }
    case 'math': {
      const [left, right] = raw.expression as Raw[]
      const op = String(raw.operator)
      if (op === 'not') return { kind: 'not', operand: toExpr(left, macros) }
      if (op === 'minus') return { kind: 'negate', operand: toExpr(left, macros) }
      if (op === 'parenthesis') return toExpr(left, macros)
      if (BINARY.has(op)) return { kind: 'binary', op: op as BinaryOperator, left: toExpr(left, macros), right: toExpr(right, macros) }
      return fail(`unsupported operator ${op}`, position(raw))
    }
  }
  return fail(`unsupported expression ${raw.type}`, position(raw))
}
