import { javaEquals } from './java-equals.ts'
import { toJavaString } from './java-format.ts'
import { javaStringHash } from './java-hash-map.ts'
import { compileJavaRegex, expandJavaReplacement, type JavaRegex } from './java-regex.ts'
import { JavaRegexError } from './java-regex-error.ts'
import { isHostObject, isJavaIntegral, JavaDouble, numberOf, type HostObject, type JavaValue } from './java-value.ts'
import type { RegexBudget } from './regex-budget.ts'
import { TemplateRenderError } from './template-error.ts'

/** What a method needs from the rendering it runs in: caps on the strings and lists it builds, and on regex work. */
export interface MethodContext {
  limitString(s: string): string
  limitSize(elements: number): void
  readonly regexBudget: RegexBudget
}

/**
 * Java `String`, `Map`, `List`, `Number` and `Boolean` methods that AWS templates call
 * (`length()`, `contains()`, `replaceAll()`, `keySet()`, `size()`, ...), with Java's semantics —
 * `replace` replaces every literal occurrence, `matches` must match the whole string, `split`
 * drops trailing empty strings, `List.add` returns `true`, `Map.put` returns the previous value.
 *
 * Returns `undefined` when Java would have no such method for these arguments; the interpreter
 * then renders nothing, as AWS does for a method that cannot be resolved. A Java exception
 * (an index out of bounds) fails the rendering, as a MethodInvocationException does in Velocity.
 */
export function callJavaMethod(target: JavaValue, name: string, args: JavaValue[], ctx: MethodContext): JavaValue | undefined {
  if (target === null) return undefined
  if (typeof target === 'string') return callStringMethod(target, name, args, ctx)
  if (target instanceof Map) return callMapMethod(target, name, args)
  if (Array.isArray(target)) return callListMethod(target, name, args, ctx)
  if (isHostObject(target)) return target.callMethod(name, args)
  return callScalarMethod(target, name, args)
}

/** `$x.name`: a map's entry, a host object's property, or Velocity's `isEmpty()` getter form. */
export function getJavaProperty(target: JavaValue, name: string): JavaValue {
  if (target === null) return null
  if (target instanceof Map) return target.get(name) ?? null
  if (isHostObject(target)) return target.getProperty(name) ?? null
  if ((typeof target === 'string' || Array.isArray(target)) && name === 'empty') return target.length === 0
  return null
}

function methodException(message: string): never {
  throw new TemplateRenderError('METHOD_EXCEPTION', message)
}

const isString = (v: JavaValue | undefined): v is string => typeof v === 'string'
const isInt = (v: JavaValue | undefined): v is number => typeof v === 'number' && Number.isInteger(v)

function javaTrim(s: string): string {
  let start = 0
  let end = s.length
  while (start < end && s.charCodeAt(start) <= 0x20) start++
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--
  return s.slice(start, end)
}

function callStringMethod(s: string, name: string, args: JavaValue[], ctx: MethodContext): JavaValue | undefined {
  const [a, b] = args
  switch (`${name}/${args.length}`) {
    case 'length/0': return s.length
    case 'isEmpty/0': return s.length === 0
    case 'isBlank/0': return javaTrim(s).length === 0 && /^\s*$/.test(s)
    case 'toString/0': return s
    case 'trim/0': return javaTrim(s)
    case 'strip/0': return s.trim()
    case 'toLowerCase/0': return s.toLowerCase()
    case 'toUpperCase/0': return s.toUpperCase()
    case 'hashCode/0': return javaStringHash(s)
    case 'equals/1': return a === s
    case 'equalsIgnoreCase/1': return isString(a) && a.toLowerCase() === s.toLowerCase()
    case 'contains/1': return isString(a) ? s.includes(a) : undefined
    case 'startsWith/1': return isString(a) ? s.startsWith(a) : undefined
    case 'startsWith/2': return isString(a) && isInt(b) ? s.startsWith(a, b) : undefined
    case 'endsWith/1': return isString(a) ? s.endsWith(a) : undefined
    case 'indexOf/1': return isString(a) ? s.indexOf(a) : undefined
    case 'indexOf/2': return isString(a) && isInt(b) ? s.indexOf(a, Math.max(b, 0)) : undefined
    case 'lastIndexOf/1': return isString(a) ? s.lastIndexOf(a) : undefined
    case 'lastIndexOf/2': return isString(a) && isInt(b) ? (b < 0 ? -1 : s.lastIndexOf(a, b)) : undefined
    case 'compareTo/1': return isString(a) ? compareStrings(s, a) : undefined
    case 'compareToIgnoreCase/1': return isString(a) ? compareStrings(s.toLowerCase(), a.toLowerCase()) : undefined
    case 'concat/1': return isString(a) ? ctx.limitString(s + a) : undefined
    case 'charAt/1': {
      if (!isInt(a)) return undefined
      if (a < 0 || a >= s.length) methodException(`String index out of range: ${a}`)
      return s[a]
    }
    case 'substring/1': {
      if (!isInt(a)) return undefined
      if (a < 0 || a > s.length) methodException(`String index out of range: ${a}`)
      return s.slice(a)
    }
    case 'substring/2': {
      if (!isInt(a) || !isInt(b)) return undefined
      if (a < 0 || b > s.length || a > b) methodException(`begin ${a}, end ${b}, length ${s.length}`)
      return s.slice(a, b)
    }
    case 'replace/2': {
      if (!isString(a) || !isString(b)) return undefined
      return ctx.limitString(s.split(a).join(b))
    }
    case 'replaceAll/2':
    case 'replaceFirst/2': {
      if (!isString(a) || !isString(b)) return undefined
      return runRegex(a, (regex) => {
        const once = name === 'replaceFirst'
        let out = ''
        let last = 0
        for (const match of regex.matchAll(s, ctx.regexBudget)) {
          out += s.slice(last, match.start) + expandJavaReplacement(b, match)
          last = match.end
          if (out.length > s.length * 2 + 1024) ctx.limitString(out)
          if (once) break
        }
        return ctx.limitString(out + s.slice(last))
      })
    }
    case 'matches/1': {
      if (!isString(a)) return undefined
      return runRegex(a, (regex) => regex.matches(s, ctx.regexBudget))
    }
    case 'split/1':
    case 'split/2': {
      if (!isString(a) || (args.length === 2 && !isInt(b))) return undefined
      return runRegex(a, (regex) => javaSplit(s, regex, args.length === 2 ? (b as number) : 0, ctx.regexBudget))
    }
  }
  return undefined
}

function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i)
    if (d !== 0) return d
  }
  return a.length - b.length
}

/** `String.split(regex, limit)` with Java's rules on leading and trailing empty strings. */
function javaSplit(s: string, regex: JavaRegex, limit: number, budget: RegexBudget): JavaValue[] {
  if (s.length === 0) return ['']
  const parts: string[] = []
  let last = 0
  for (const match of regex.matchAll(s, budget)) {
    if (limit > 0 && parts.length === limit - 1) break
    const empty = match.end === match.start
    if (empty && match.start >= s.length) break
    // A zero-width match at the start never yields a leading empty string (Java 8+).
    if (!(empty && match.start === 0)) {
      parts.push(s.slice(last, match.start))
      last = match.end
    }
  }
  parts.push(s.slice(last))
  if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
  return parts
}

/**
 * Compiles `pattern` and runs `use` with it, turning the regex engine's failures into the
 * rendering's: a pattern Java would not compile is AWS's `PatternSyntaxException`, a pattern that
 * outran its budget ends the rendering; either is the method's 500.
 */
function runRegex<T>(pattern: string, use: (regex: JavaRegex) => T): T {
  try {
    return use(compileJavaRegex(pattern))
  } catch (error) {
    if (!(error instanceof JavaRegexError)) throw error
    if (error.reason === 'BUDGET_EXCEEDED') throw new TemplateRenderError('TIME_BUDGET_EXCEEDED', error.message)
    throw new TemplateRenderError('INVALID_REGEX', error.message)
  }
}

function mapKey(key: JavaValue): string | undefined {
  return typeof key === 'string' ? key : undefined
}

function callMapMethod(map: Map<string, JavaValue>, name: string, args: JavaValue[]): JavaValue | undefined {
  const [a, b] = args
  switch (`${name}/${args.length}`) {
    case 'get/1': {
      const key = mapKey(a)
      return key === undefined ? null : map.get(key) ?? null
    }
    case 'getOrDefault/2': {
      const key = mapKey(a)
      return key !== undefined && map.has(key) ? map.get(key) ?? null : b
    }
    case 'containsKey/1': {
      const key = mapKey(a)
      return key !== undefined && map.has(key)
    }
    case 'containsValue/1': return [...map.values()].some((v) => javaEquals(v, a))
    case 'keySet/0': return [...map.keys()]
    case 'values/0': return [...map.values()]
    case 'entrySet/0': return [...map.entries()].map(([k, v]) => mapEntry(map, k, v))
    case 'size/0': return map.size
    case 'isEmpty/0': return map.size === 0
    case 'put/2': {
      const key = a === null ? 'null' : toJavaString(a)
      const previous = map.get(key) ?? null
      map.set(key, b)
      return previous
    }
    case 'putAll/1': {
      if (!(a instanceof Map)) return undefined
      for (const [k, v] of a) map.set(k, v)
      return null
    }
    case 'remove/1': {
      const key = mapKey(a)
      if (key === undefined) return null
      const previous = map.get(key) ?? null
      map.delete(key)
      return previous
    }
    case 'clear/0':
      map.clear()
      return null
    case 'toString/0': return toJavaString(map)
    case 'equals/1': return javaEquals(map, a)
  }
  return undefined
}

/** A `Map.Entry` from `entrySet()`: `$e.key`, `$e.value`, `$e.getKey()`, `$e.setValue(x)`. */
function mapEntry(map: Map<string, JavaValue>, key: string, value: JavaValue): HostObject {
  let current = value
  return {
    hostName: 'Map.Entry',
    getProperty: (name) => (name === 'key' ? key : name === 'value' ? current : undefined),
    callMethod: (name, args) => {
      if (name === 'getKey' && args.length === 0) return key
      if (name === 'getValue' && args.length === 0) return current
      if (name === 'setValue' && args.length === 1) {
        const previous = current
        current = args[0]
        map.set(key, current)
        return previous
      }
      if (name === 'toString' && args.length === 0) return `${key}=${toJavaString(current)}`
      return undefined
    },
    toJavaString: () => `${key}=${current === null ? 'null' : toJavaString(current)}`,
  }
}

function listIndex(list: JavaValue[], index: JavaValue, allowEnd = false): number {
  if (!isInt(index)) return -2
  if (index < 0 || index > list.length || (!allowEnd && index === list.length)) {
    methodException(`Index ${index} out of bounds for length ${list.length}`)
  }
  return index
}

function callListMethod(list: JavaValue[], name: string, args: JavaValue[], ctx: MethodContext): JavaValue | undefined {
  const [a, b] = args
  switch (`${name}/${args.length}`) {
    case 'get/1': {
      const i = listIndex(list, a)
      return i === -2 ? undefined : list[i]
    }
    case 'size/0': return list.length
    case 'isEmpty/0': return list.length === 0
    case 'contains/1': return list.some((v) => javaEquals(v, a))
    case 'indexOf/1': return list.findIndex((v) => javaEquals(v, a))
    case 'lastIndexOf/1': {
      for (let i = list.length - 1; i >= 0; i--) if (javaEquals(list[i], a)) return i
      return -1
    }
    case 'add/1':
      ctx.limitSize(list.length + 1)
      list.push(a)
      return true
    case 'add/2': {
      const i = listIndex(list, a, true)
      if (i === -2) return undefined
      list.splice(i, 0, b)
      return null
    }
    case 'addAll/1': {
      if (!Array.isArray(a)) return undefined
      ctx.limitSize(list.length + a.length)
      list.push(...a)
      return a.length > 0
    }
    case 'set/2': {
      const i = listIndex(list, a)
      if (i === -2) return undefined
      const previous = list[i]
      list[i] = b
      return previous
    }
    case 'remove/1': {
      if (isInt(a)) {
        const i = listIndex(list, a)
        return list.splice(i, 1)[0]
      }
      const i = list.findIndex((v) => javaEquals(v, a))
      if (i < 0) return false
      list.splice(i, 1)
      return true
    }
    case 'subList/2': {
      if (!isInt(a) || !isInt(b)) return undefined
      if (a < 0 || b > list.length || a > b) methodException(`fromIndex ${a}, toIndex ${b}, size ${list.length}`)
      return list.slice(a, b)
    }
    case 'clear/0':
      list.length = 0
      return null
    case 'toString/0': return toJavaString(list)
    case 'equals/1': return javaEquals(list, a)
  }
  return undefined
}

function callScalarMethod(value: JavaValue, name: string, args: JavaValue[]): JavaValue | undefined {
  if (args.length === 1 && name === 'equals') return javaEquals(value, args[0])
  if (args.length !== 0) return undefined
  if (typeof value === 'boolean') {
    if (name === 'toString') return String(value)
    if (name === 'booleanValue') return value
    return undefined
  }
  if (typeof value === 'number' || typeof value === 'bigint' || value instanceof JavaDouble) {
    const n = numberOf(value)
    switch (name) {
      case 'toString': return toJavaString(value)
      case 'intValue': return Number.isFinite(n) ? Math.trunc(n) | 0 : 0
      case 'longValue': return isJavaIntegral(value) ? value : Math.trunc(n)
      case 'doubleValue':
      case 'floatValue': return new JavaDouble(n)
      case 'hashCode': return isJavaIntegral(value) ? Number(value) | 0 : 0
    }
  }
  return undefined
}
