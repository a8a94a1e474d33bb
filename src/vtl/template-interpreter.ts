import { toJavaString } from './java-format.ts'
import { JavaHashMap } from './java-hash-map.ts'
import { callJavaMethod, getJavaProperty } from './java-methods.ts'
import { isJavaIntegral, isJavaNumber, JavaDouble, numberOf, type HostObject, type JavaValue } from './java-value.ts'
import type { RenderBudget } from './render-budget.ts'
import type { Access, BinaryOperator, Expr, MacroDefinition, ParsedTemplate, Reference, TemplateNode } from './template-ast.ts'
import { TemplateRenderError } from './template-error.ts'

/** Unwinds a `#break` to the innermost `#foreach` (or the macro or template it sits in). */
class BreakSignal {}
/** Unwinds a `#stop`: rendering ends, output so far is kept. */
class StopSignal {}

/**
 * Walks a compiled template with Velocity 1.7 semantics as AWS runs it:
 * - every reference is quiet — a null or unresolvable value prints nothing
 *   (recorded: test_apigateway_common > test_input_path_template_formatting > empty-body);
 * - `#set` with a null right-hand side leaves the variable unchanged (Velocity 1.7 user guide);
 * - `#if` is false only for null and `false`; `==` compares numbers by value, and a missing value
 *   equals both `$null` and `""` (the same recording);
 * - `#foreach` stops after `maxForeachIterations` turns, exposing `$foreach.index/count/hasNext/first/last`
 *   and `$velocityCount`;
 * - only maps, lists, strings, numbers and the host objects' listed members are reachable.
 */
export class TemplateInterpreter {
  readonly #template: ParsedTemplate
  readonly #budget: RenderBudget
  readonly #vars: Map<string, JavaValue>
  #out: string[] = []
  #outLength = 0
  #macroDepth = 0

  constructor(template: ParsedTemplate, budget: RenderBudget, globals: Map<string, JavaValue>) {
    this.#template = template
    this.#budget = budget
    this.#vars = globals
  }

  render(): string {
    try {
      this.#renderNodes(this.#template.nodes)
    } catch (signal) {
      if (!(signal instanceof StopSignal) && !(signal instanceof BreakSignal)) throw signal
    }
    return this.#out.join('')
  }

  #write(text: string): void {
    if (text === '') return
    this.#outLength += text.length
    if (this.#outLength > this.#budget.limits.maxOutputChars) {
      throw new TemplateRenderError('OUTPUT_TOO_LARGE', `template output exceeded ${this.#budget.limits.maxOutputChars} characters`)
    }
    this.#out.push(text)
  }

  /** Renders nodes into a string of their own (interpolated strings, macro bodies passed as values). */
  #capture(nodes: readonly TemplateNode[]): string {
    const savedOut = this.#out
    const savedLength = this.#outLength
    this.#out = []
    this.#outLength = 0
    try {
      this.#renderNodes(nodes)
      return this.#out.join('')
    } finally {
      // The captured text was held to the output cap by #write while it was built.
      this.#out = savedOut
      this.#outLength = savedLength
    }
  }

  #renderNodes(nodes: readonly TemplateNode[]): void {
    for (const node of nodes) this.#renderNode(node)
  }

  #renderNode(node: TemplateNode): void {
    this.#budget.step()
    switch (node.kind) {
      case 'text':
        this.#write(node.value)
        return
      case 'print': {
        const value = this.#evalReference(node.reference)
        if (value !== null) this.#write(toJavaString(value))
        return
      }
      case 'set':
        this.#set(node.target, node.value)
        return
      case 'if':
        for (const branch of node.branches) {
          if (branch.condition === undefined || isTruthy(this.#eval(branch.condition))) {
            this.#renderNodes(branch.body)
            return
          }
        }
        return
      case 'foreach':
        this.#foreach(node.variable, node.source, node.body)
        return
      case 'call':
        this.#callMacro(node.name, node.args)
        return
      case 'break':
        throw new BreakSignal()
      case 'stop':
        throw new StopSignal()
    }
  }

  #foreach(variable: string, sourceExpr: Expr, body: readonly TemplateNode[]): void {
    const source = this.#eval(sourceExpr)
    let items: JavaValue[]
    if (Array.isArray(source)) items = source
    else if (source instanceof Map) items = [...source.values()]
    else return
    const max = this.#budget.limits.maxForeachIterations
    const count = Math.min(items.length, max)
    const saved = ['foreach', 'velocityCount', 'velocityHasNext', variable].map((name) => [name, this.#vars.get(name)] as const)
    const parent = this.#vars.get('foreach') ?? null
    try {
      for (let i = 0; i < count; i++) {
        this.#budget.step()
        const hasNext = i + 1 < items.length
        this.#vars.set(variable, items[i])
        this.#vars.set('foreach', foreachScope(i, hasNext, parent))
        this.#vars.set('velocityCount', i + 1)
        this.#vars.set('velocityHasNext', hasNext)
        try {
          this.#renderNodes(body)
        } catch (signal) {
          if (signal instanceof BreakSignal) break
          throw signal
        }
      }
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) this.#vars.delete(name)
        else this.#vars.set(name, value)
      }
    }
  }

  #callMacro(name: string, argExprs: readonly Expr[]): void {
    const macro: MacroDefinition | undefined = this.#template.macros.get(name)
    if (!macro) return
    if (this.#macroDepth >= this.#budget.limits.maxMacroDepth) {
      throw new TemplateRenderError('MACRO_DEPTH_EXCEEDED', `#${name} nested deeper than ${this.#budget.limits.maxMacroDepth} calls`)
    }
    const args = argExprs.map((a) => this.#eval(a))
    const saved = macro.params.map((p) => [p, this.#vars.get(p)] as const)
    macro.params.forEach((p, i) => this.#vars.set(p, args[i] ?? null))
    this.#macroDepth++
    try {
      this.#renderNodes(macro.body)
    } catch (signal) {
      if (!(signal instanceof BreakSignal)) throw signal
    } finally {
      this.#macroDepth--
      for (const [p, value] of saved) {
        if (value === undefined) this.#vars.delete(p)
        else this.#vars.set(p, value)
      }
    }
  }

  #set(target: Reference, valueExpr: Expr): void {
    const value = this.#eval(valueExpr)
    // Velocity 1.7: "If the RHS is a property or method reference that evaluates to null, it will
    // not be assigned to the LHS."
    if (value === null) return
    if (target.path.length === 0) {
      this.#vars.set(target.id, value)
      return
    }
    let holder: JavaValue = this.#lookup(target.id)
    for (const access of target.path.slice(0, -1)) holder = this.#access(holder, access)
    const last = target.path[target.path.length - 1]
    if (last.kind === 'method') return
    const key = last.kind === 'property' ? last.name : this.#eval(last.index)
    if (holder instanceof Map) {
      if (key !== null) holder.set(toJavaString(key), value)
    } else if (Array.isArray(holder) && typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < holder.length) {
      holder[key] = value
    }
  }

  #lookup(id: string): JavaValue {
    return this.#vars.get(id) ?? null
  }

  #evalReference(ref: Reference): JavaValue {
    let value = this.#lookup(ref.id)
    for (const access of ref.path) {
      if (value === null) return null
      value = this.#access(value, access)
    }
    return value
  }

  #access(target: JavaValue, access: Access): JavaValue {
    this.#budget.step()
    if (target === null) return null
    switch (access.kind) {
      case 'property':
        return getJavaProperty(target, access.name)
      case 'index': {
        const index = this.#eval(access.index)
        if (target instanceof Map) return index === null ? null : target.get(toJavaString(index)) ?? null
        if (Array.isArray(target) && typeof index === 'number' && Number.isInteger(index)) {
          const at = index < 0 ? target.length + index : index
          return at >= 0 && at < target.length ? target[at] : null
        }
        return null
      }
      case 'method': {
        const args = access.args.map((a) => this.#eval(a))
        const result = callJavaMethod(target, access.name, args, this.#budget)
        return result === undefined ? null : result
      }
    }
  }

  #eval(expr: Expr): JavaValue {
    this.#budget.step()
    switch (expr.kind) {
      case 'reference': return this.#evalReference(expr)
      case 'string': return expr.value
      case 'interpolated': return this.#budget.limitString(this.#capture(expr.body))
      case 'integer': return expr.value
      case 'double': return new JavaDouble(expr.value)
      case 'boolean': return expr.value
      case 'null': return null
      case 'list': return expr.items.map((item) => this.#eval(item))
      case 'range': return this.#range(this.#eval(expr.from), this.#eval(expr.to))
      case 'map': {
        const map = new JavaHashMap()
        for (const [key, valueExpr] of expr.entries) map.set(key, this.#eval(valueExpr))
        return map
      }
      case 'not': return !isTruthy(this.#eval(expr.operand))
      case 'negate': {
        const v = this.#eval(expr.operand)
        if (!isJavaNumber(v)) return null
        return v instanceof JavaDouble ? new JavaDouble(-v.value) : typeof v === 'bigint' ? -v : -v
      }
      case 'binary': return this.#binary(expr.op, expr.left, expr.right)
    }
  }

  #range(from: JavaValue, to: JavaValue): JavaValue {
    if (!isJavaIntegral(from) || !isJavaIntegral(to)) return null
    const a = Number(from)
    const b = Number(to)
    this.#budget.limitSize(Math.abs(b - a) + 1)
    this.#budget.step(Math.abs(b - a) + 1)
    const out: JavaValue[] = []
    if (a <= b) for (let i = a; i <= b; i++) out.push(i)
    else for (let i = a; i >= b; i--) out.push(i)
    return out
  }

  #binary(op: BinaryOperator, leftExpr: Expr, rightExpr: Expr): JavaValue {
    if (op === '&&') return isTruthy(this.#eval(leftExpr)) && isTruthy(this.#eval(rightExpr))
    if (op === '||') return isTruthy(this.#eval(leftExpr)) || isTruthy(this.#eval(rightExpr))
    const left = this.#eval(leftExpr)
    const right = this.#eval(rightExpr)
    switch (op) {
      case '==': return velocityEquals(left, right)
      case '!=': return !velocityEquals(left, right)
      case '<': case '<=': case '>': case '>=': {
        if (!isJavaNumber(left) || !isJavaNumber(right)) return false
        const x = numberOf(left)
        const y = numberOf(right)
        return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y
      }
      case '+':
        if (typeof left === 'string' || typeof right === 'string') {
          // Velocity 1.7 concatenates when either side is a String.
          return this.#budget.limitString(toJavaString(left) + toJavaString(right))
        }
        return arithmetic(op, left, right)
      default:
        return arithmetic(op, left, right)
    }
  }
}

/** Velocity's truth: null and `false` are false, every other value (even `""` and `0`) is true. */
export function isTruthy(value: JavaValue): boolean {
  if (value === null) return false
  if (typeof value === 'boolean') return value
  return true
}

/**
 * Velocity 1.7's `==`: numbers by value whatever their type, same-kind values by `equals`,
 * different kinds by their strings. A missing value equals `$null` and also `""` (recorded:
 * test_apigateway_common > test_input_path_template_formatting > empty-body).
 */
export function velocityEquals(a: JavaValue, b: JavaValue): boolean {
  if (a === null || b === null) return (a === null || a === '') && (b === null || b === '')
  if (isJavaNumber(a) && isJavaNumber(b)) return numberOf(a) === numberOf(b)
  if (typeof a === typeof b && typeof a !== 'object') return a === b
  return toJavaString(a) === toJavaString(b)
}

/** Velocity's MathUtils: integer operands give integer results (division truncates), a double makes a double. */
function arithmetic(op: BinaryOperator, left: JavaValue, right: JavaValue): JavaValue {
  if (!isJavaNumber(left) || !isJavaNumber(right)) return null
  const integral = isJavaIntegral(left) && isJavaIntegral(right)
  if (integral && (typeof left === 'bigint' || typeof right === 'bigint')) {
    const x = BigInt(left)
    const y = BigInt(right)
    switch (op) {
      case '+': return x + y
      case '-': return x - y
      case '*': return x * y
      case '/': return y === 0n ? null : x / y
      case '%': return y === 0n ? null : x % y
    }
    return null
  }
  const x = numberOf(left)
  const y = numberOf(right)
  let r: number
  switch (op) {
    case '+': r = x + y; break
    case '-': r = x - y; break
    case '*': r = x * y; break
    case '/':
      if (integral && y === 0) return null
      r = integral ? Math.trunc(x / y) : x / y
      break
    case '%':
      if (integral && y === 0) return null
      r = x % y
      break
    default: return null
  }
  if (!integral) return new JavaDouble(r)
  return Number.isSafeInteger(r) ? r : BigInt(Math.trunc(r))
}

/** `$foreach` in Velocity 1.7: index (0-based), count (1-based), hasNext, first, last, parent. */
function foreachScope(index: number, hasNext: boolean, parent: JavaValue): HostObject {
  const members: Record<string, JavaValue> = { index, count: index + 1, hasNext, first: index === 0, last: !hasNext, parent }
  const getterNames: Record<string, string> = { getIndex: 'index', getCount: 'count', hasNext: 'hasNext', isFirst: 'first', isLast: 'last', getParent: 'parent', getHasNext: 'hasNext' }
  return {
    hostName: '$foreach',
    getProperty: (name) => (Object.hasOwn(members, name) ? members[name] : undefined),
    callMethod: (name, args) => (args.length === 0 && Object.hasOwn(getterNames, name) ? members[getterNames[name]] : undefined),
    toJavaString: () => '$foreach',
  }
}
