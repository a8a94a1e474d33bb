import { isJavaNumber, markJsonList, numberOf, type JavaValue } from './java-value.ts'

/**
 * The JSONPath that `$input.path()` and `$input.json()` take, with Jayway JsonPath's result rule:
 * a *definite* path (only names and indexes) yields the value itself, or null when it is missing;
 * an *indefinite* one (wildcard, deep scan, slice, filter, several names) yields a JSON list of
 * every match.
 */

type Segment =
  | { kind: 'name'; names: string[] }
  | { kind: 'index'; indexes: number[] }
  | { kind: 'wildcard' }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'filter'; test: FilterExpr }
  | { kind: 'scan'; then: Segment }

type FilterExpr =
  | { op: '&&' | '||'; left: FilterExpr; right: FilterExpr }
  | { op: '!'; operand: FilterExpr }
  | { op: '==' | '!=' | '<' | '<=' | '>' | '>='; left: Operand; right: Operand }
  | { op: 'exists'; operand: Operand }

type Operand = { kind: 'current'; path: Segment[] } | { kind: 'root'; path: Segment[] } | { kind: 'literal'; value: JavaValue }

export interface CompiledJsonPath {
  readonly definite: boolean
  read(root: JavaValue): JavaValue
}

export class JsonPathError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'JsonPathError'
  }
}

const CACHE = new Map<string, CompiledJsonPath>()
const CACHE_LIMIT = 1000

/** Compiles (and caches: templates use a handful of literal paths) a JSONPath expression. */
export function compileJsonPath(expression: string): CompiledJsonPath {
  const cached = CACHE.get(expression)
  if (cached) return cached
  const segments = new PathParser(expression).parsePath()
  const definite = segments.every((s) => (s.kind === 'name' && s.names.length === 1) || (s.kind === 'index' && s.indexes.length === 1))
  const compiled: CompiledJsonPath = {
    definite,
    read(root) {
      const found = evaluate(segments, [root], root)
      if (definite) return found.length > 0 ? found[0] : null
      return markJsonList(found)
    },
  }
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear()
  CACHE.set(expression, compiled)
  return compiled
}

function evaluate(segments: Segment[], start: JavaValue[], root: JavaValue): JavaValue[] {
  let current = start
  for (const segment of segments) {
    const next: JavaValue[] = []
    for (const node of current) apply(segment, node, root, next)
    current = next
  }
  return current
}

function apply(segment: Segment, node: JavaValue, root: JavaValue, out: JavaValue[]): void {
  switch (segment.kind) {
    case 'name':
      if (node instanceof Map) for (const name of segment.names) if (node.has(name)) out.push(node.get(name) ?? null)
      return
    case 'index':
      if (Array.isArray(node)) {
        for (const index of segment.indexes) {
          const at = index < 0 ? node.length + index : index
          if (at >= 0 && at < node.length) out.push(node[at])
        }
      }
      return
    case 'wildcard':
      if (node instanceof Map) out.push(...node.values())
      else if (Array.isArray(node)) out.push(...node)
      return
    case 'slice': {
      if (!Array.isArray(node)) return
      const len = node.length
      const norm = (n: number): number => (n < 0 ? Math.max(len + n, 0) : Math.min(n, len))
      const from = segment.start === undefined ? 0 : norm(segment.start)
      const to = segment.end === undefined ? len : norm(segment.end)
      const step = segment.step && segment.step > 0 ? segment.step : 1
      for (let i = from; i < to; i += step) out.push(node[i])
      return
    }
    case 'filter': {
      const items = Array.isArray(node) ? node : node instanceof Map ? [node] : []
      for (const item of items) if (testFilter(segment.test, item, root)) out.push(item)
      return
    }
    case 'scan': {
      // Pre-order walk: a node is tested before its children, as Jayway's deep scan does.
      const visit = (value: JavaValue): void => {
        if (segment.then.kind === 'filter') {
          if (Array.isArray(value)) apply(segment.then, value, root, out)
        } else {
          apply(segment.then, value, root, out)
        }
        if (value instanceof Map) for (const child of value.values()) visit(child)
        else if (Array.isArray(value)) for (const child of value) visit(child)
      }
      visit(node)
      return
    }
  }
}

function operandValues(operand: Operand, current: JavaValue, root: JavaValue): JavaValue[] {
  if (operand.kind === 'literal') return [operand.value]
  return evaluate(operand.path, [operand.kind === 'current' ? current : root], root)
}

function compare(op: string, a: JavaValue, b: JavaValue): boolean {
  if (isJavaNumber(a) && isJavaNumber(b)) {
    const x = numberOf(a)
    const y = numberOf(b)
    switch (op) {
      case '==': return x === y
      case '!=': return x !== y
      case '<': return x < y
      case '<=': return x <= y
      case '>': return x > y
      default: return x >= y
    }
  }
  if (typeof a === 'string' && typeof b === 'string') {
    switch (op) {
      case '==': return a === b
      case '!=': return a !== b
      case '<': return a < b
      case '<=': return a <= b
      case '>': return a > b
      default: return a >= b
    }
  }
  if (op === '==') return a === b
  if (op === '!=') return a !== b
  return false
}

function testFilter(expr: FilterExpr, current: JavaValue, root: JavaValue): boolean {
  switch (expr.op) {
    case '&&': return testFilter(expr.left, current, root) && testFilter(expr.right, current, root)
    case '||': return testFilter(expr.left, current, root) || testFilter(expr.right, current, root)
    case '!': return !testFilter(expr.operand, current, root)
    case 'exists': {
      const values = operandValues(expr.operand, current, root)
      return values.length > 0 && (expr.operand.kind !== 'literal' || values[0] === true)
    }
    default: {
      const left = operandValues(expr.left, current, root)
      const right = operandValues(expr.right, current, root)
      if (left.length === 0 || right.length === 0) return expr.op === '!=' && left.length !== right.length
      return compare(expr.op, left[0], right[0])
    }
  }
}

class PathParser {
  readonly #text: string
  #i = 0

  constructor(text: string) {
    const trimmed = text.trim()
    // Jayway reads a path without a root as relative to it.
    this.#text = trimmed.startsWith('$') || trimmed.startsWith('@') ? trimmed : `$.${trimmed}`
  }

  #fail(what: string): never {
    throw new JsonPathError(`invalid JSONPath ${JSON.stringify(this.#text)}: ${what} at ${this.#i}`)
  }

  parsePath(): Segment[] {
    this.#i = 1 // skip $
    const segments = this.#segments(() => this.#i >= this.#text.length)
    if (this.#i < this.#text.length) this.#fail('unexpected character')
    return segments
  }

  #segments(atEnd: () => boolean): Segment[] {
    const segments: Segment[] = []
    const t = this.#text
    while (!atEnd()) {
      if (t.startsWith('..', this.#i)) {
        this.#i += 2
        if (t[this.#i] === '[') segments.push({ kind: 'scan', then: this.#bracket() })
        else if (t[this.#i] === '*') {
          this.#i++
          segments.push({ kind: 'scan', then: { kind: 'wildcard' } })
        } else segments.push({ kind: 'scan', then: { kind: 'name', names: [this.#name()] } })
      } else if (t[this.#i] === '.') {
        this.#i++
        if (t[this.#i] === '*') {
          this.#i++
          segments.push({ kind: 'wildcard' })
        } else segments.push({ kind: 'name', names: [this.#name()] })
      } else if (t[this.#i] === '[') {
        segments.push(this.#bracket())
      } else {
        break
      }
    }
    return segments
  }

  #name(): string {
    const match = /^[^.[\]()\s=!<>&|,]+/.exec(this.#text.slice(this.#i))
    if (!match) this.#fail('expected a property name')
    this.#i += match[0].length
    return match[0]
  }

  #quoted(): string {
    const quote = this.#text[this.#i]
    let out = ''
    this.#i++
    while (this.#i < this.#text.length && this.#text[this.#i] !== quote) {
      if (this.#text[this.#i] === '\\' && this.#i + 1 < this.#text.length) this.#i++
      out += this.#text[this.#i]
      this.#i++
    }
    if (this.#text[this.#i] !== quote) this.#fail('unterminated string')
    this.#i++
    return out
  }

  #skipSpace(): void {
    while (this.#text[this.#i] === ' ') this.#i++
  }

  #bracket(): Segment {
    this.#i++ // [
    this.#skipSpace()
    const t = this.#text
    let segment: Segment
    if (t[this.#i] === '*') {
      this.#i++
      segment = { kind: 'wildcard' }
    } else if (t[this.#i] === "'" || t[this.#i] === '"') {
      const names = [this.#quoted()]
      this.#skipSpace()
      while (t[this.#i] === ',') {
        this.#i++
        this.#skipSpace()
        names.push(this.#quoted())
        this.#skipSpace()
      }
      segment = { kind: 'name', names }
    } else if (t.startsWith('?(', this.#i)) {
      this.#i += 2
      const test = this.#filterOr()
      this.#skipSpace()
      if (t[this.#i] !== ')') this.#fail('expected )')
      this.#i++
      segment = { kind: 'filter', test }
    } else {
      const match = /^(-?\d*)\s*(?::\s*(-?\d*)\s*(?::\s*(-?\d*))?)?/.exec(t.slice(this.#i))
      if (!match || match[0].length === 0) this.#fail('expected an index')
      this.#i += match[0].length
      if (match[0].includes(':')) {
        const num = (s: string | undefined): number | undefined => (s === undefined || s === '' ? undefined : Number(s))
        segment = { kind: 'slice', start: num(match[1]), end: num(match[2]), step: num(match[3]) }
      } else {
        const indexes = [Number(match[1])]
        this.#skipSpace()
        while (t[this.#i] === ',') {
          this.#i++
          this.#skipSpace()
          const more = /^-?\d+/.exec(t.slice(this.#i))
          if (!more) this.#fail('expected an index')
          indexes.push(Number(more[0]))
          this.#i += more[0].length
          this.#skipSpace()
        }
        segment = { kind: 'index', indexes }
      }
    }
    this.#skipSpace()
    if (t[this.#i] !== ']') this.#fail('expected ]')
    this.#i++
    return segment
  }

  #filterOr(): FilterExpr {
    let left = this.#filterAnd()
    this.#skipSpace()
    while (this.#text.startsWith('||', this.#i)) {
      this.#i += 2
      left = { op: '||', left, right: this.#filterAnd() }
      this.#skipSpace()
    }
    return left
  }

  #filterAnd(): FilterExpr {
    let left = this.#filterUnary()
    this.#skipSpace()
    while (this.#text.startsWith('&&', this.#i)) {
      this.#i += 2
      left = { op: '&&', left, right: this.#filterUnary() }
      this.#skipSpace()
    }
    return left
  }

  #filterUnary(): FilterExpr {
    this.#skipSpace()
    const t = this.#text
    if (t[this.#i] === '!') {
      this.#i++
      return { op: '!', operand: this.#filterUnary() }
    }
    if (t[this.#i] === '(') {
      this.#i++
      const inner = this.#filterOr()
      this.#skipSpace()
      if (t[this.#i] !== ')') this.#fail('expected )')
      this.#i++
      return inner
    }
    const left = this.#operand()
    this.#skipSpace()
    const op = /^(==|!=|<=|>=|<|>)/.exec(t.slice(this.#i))
    if (!op) return { op: 'exists', operand: left }
    this.#i += op[0].length
    const right = this.#operand()
    return { op: op[0] as '==', left, right }
  }

  #operand(): Operand {
    this.#skipSpace()
    const t = this.#text
    const ch = t[this.#i]
    if (ch === '@' || ch === '$') {
      this.#i++
      const path = this.#segments(() => this.#i >= t.length || !/[.[]/.test(t[this.#i]))
      return { kind: ch === '@' ? 'current' : 'root', path }
    }
    if (ch === "'" || ch === '"') return { kind: 'literal', value: this.#quoted() }
    const word = /^(true|false|null|-?\d+(?:\.\d+)?)/.exec(t.slice(this.#i))
    if (!word) this.#fail('expected a value')
    this.#i += word[0].length
    const value: JavaValue = word[0] === 'true' ? true : word[0] === 'false' ? false : word[0] === 'null' ? null : Number(word[0])
    return { kind: 'literal', value }
  }
}
