import { TemplateRenderError } from './template-error.ts'

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: '\\x00-\\x7F', Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~', Graph: '!-~', Print: ' -~', Blank: ' \\t', Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F', Space: ' \\t\\n\\x0B\\f\\r',
}

const CACHE = new Map<string, RegExp>()
const CACHE_LIMIT = 500

/**
 * Translates a `java.util.regex` pattern (what `matches`, `replaceAll`, `replaceFirst` and `split`
 * take in AWS templates) into a JavaScript RegExp. Covers the differences templates meet: leading
 * inline flags `(?i)`/`(?s)`/`(?m)`, `\Q...\E` quoting, POSIX `\p{Alpha}` classes, `\A`/`\Z`/`\z`.
 *
 * Patterns that repeat an ambiguous group (`(a+)+`, `(a|aa)*`) are refused: on a backtracking engine they take
 * exponential time on short hostile input, and a rendering must not stall the event loop.
 */
export function compileJavaRegex(pattern: string): RegExp {
  const cached = CACHE.get(pattern)
  if (cached) return new RegExp(cached.source, cached.flags)
  let source = pattern
  let flags = 'g'
  const inline = /^\(\?([imsux]+)\)/.exec(source)
  if (inline) {
    source = source.slice(inline[0].length)
    for (const f of inline[1]) if ('ims'.includes(f) && !flags.includes(f)) flags += f
  }
  source = source.replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_, literal: string) => literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'))
  source = source.replace(/\\p\{(?:Is)?([A-Za-z]+)\}/g, (whole, name: string) => (POSIX_CLASSES[name] ? `[${POSIX_CLASSES[name]}]` : whole))
  source = source.replace(/\\A/g, '^').replace(/\\[Zz]/g, '$')
  if (hasNestedQuantifier(source)) {
    throw new TemplateRenderError('INVALID_REGEX', `regular expression refused (a repeated group that can backtrack without bound): ${pattern}`)
  }
  let regex: RegExp
  try {
    regex = new RegExp(source, flags)
  } catch (error) {
    throw new TemplateRenderError('INVALID_REGEX', `invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`)
  }
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear()
  CACHE.set(pattern, regex)
  return new RegExp(regex.source, regex.flags)
}

/**
 * True for the shapes of catastrophic backtracking: a group repeated without bound (`*`, `+`,
 * `{n,}`) that contains a quantifier (`(a+)+`) or alternatives that can overlap (`(a|aa)*`).
 * Literal alternatives with distinct first characters (`(\r|\n)+`, `(?:get|post)+`) are allowed.
 */
function hasNestedQuantifier(source: string): boolean {
  // For each open group: where it starts, whether a quantifier / an alternation occurred inside it.
  const stack: { start: number; quantified: boolean; alternation: boolean }[] = []
  let inClass = false
  const unboundedAt = (i: number): boolean => source[i] === '*' || source[i] === '+' || (source[i] === '{' && /^\{\d+,\}/.test(source.slice(i)))
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]
    if (ch === '\\') {
      i++
      continue
    }
    if (inClass) {
      if (ch === ']') inClass = false
      continue
    }
    if (ch === '[') {
      inClass = true
      continue
    }
    const top = stack[stack.length - 1]
    if (ch === '(') {
      // Skip a group's modifier (`?:`, `?=`, `?<name>`, ...) so its `?` is not read as a quantifier.
      const modifier = /^\(\?(?:[:=!]|<[=!]|<[A-Za-z][A-Za-z0-9]*>)/.exec(source.slice(i))
      if (modifier) i += modifier[0].length - 1
      stack.push({ start: i + 1, quantified: false, alternation: false })
      continue
    }
    if (ch === '|' && top) {
      top.alternation = true
      continue
    }
    if (ch === ')') {
      const group = stack.pop()
      if (!group) continue
      const repeated = unboundedAt(i + 1)
      if (repeated && group.quantified) return true
      const safeAlternation = group.alternation && deterministicAlternatives(source.slice(group.start, i))
      if (repeated && group.alternation && !safeAlternation) return true
      const parent = stack[stack.length - 1]
      if (parent && (group.quantified || repeated || source[i + 1] === '?' || source[i + 1] === '{')) parent.quantified = true
      if (parent && group.alternation && !safeAlternation) parent.alternation = true
      continue
    }
    const isQuantifier = ch === '*' || ch === '+' || ch === '?' || (ch === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i)))
    if (isQuantifier && top) top.quantified = true
  }
  return false
}

/**
 * `foo|bar`, `\r|\n`: literal alternatives whose first characters all differ. Such a group is
 * matched deterministically (the next character picks the alternative), so repeating it cannot
 * backtrack exponentially.
 */
function deterministicAlternatives(body: string): boolean {
  const token = /\\[rntf0\\.|()[\]{}*+?^$/-]|[^\\.[\](){}*+?^$|]/y
  const firsts = new Set<string>()
  const alternatives = body.split('|')
  for (const alternative of alternatives) {
    if (alternative === '') return false
    token.lastIndex = 0
    const first = token.exec(alternative)
    if (!first) return false
    let end = token.lastIndex
    while (end < alternative.length) {
      token.lastIndex = end
      if (!token.exec(alternative)) return false
      end = token.lastIndex
    }
    firsts.add(first[0])
  }
  return firsts.size === alternatives.length
}

/**
 * Java's replacement syntax (`$1`, `${name}`, `\$` for a literal dollar) applied to one match.
 */
export function expandJavaReplacement(replacement: string, match: RegExpExecArray): string {
  let out = ''
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i]
    if (ch === '\\' && i + 1 < replacement.length) {
      out += replacement[++i]
    } else if (ch === '$') {
      const named = /^\{([A-Za-z][A-Za-z0-9]*)\}/.exec(replacement.slice(i + 1))
      if (named) {
        out += match.groups?.[named[1]] ?? ''
        i += named[0].length
        continue
      }
      const digits = /^\d/.exec(replacement.slice(i + 1))
      if (!digits) throw new TemplateRenderError('INVALID_REGEX', `illegal group reference in replacement ${JSON.stringify(replacement)}`)
      // Java takes further digits only while they still name an existing group.
      let n = Number(digits[0])
      let used = 1
      while (i + 1 + used < replacement.length && /\d/.test(replacement[i + 1 + used]) && n * 10 + Number(replacement[i + 1 + used]) < match.length) {
        n = n * 10 + Number(replacement[i + 1 + used])
        used++
      }
      out += match[n] ?? ''
      i += used
    } else {
      out += ch
    }
  }
  return out
}
