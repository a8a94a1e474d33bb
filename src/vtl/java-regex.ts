import { RE2JS } from 're2js'
import { searchWithBudget, type JavaMatch } from './backtracking-regex.ts'
import { JavaRegexError } from './java-regex-error.ts'
import type { RegexBudget } from './regex-budget.ts'

export type { JavaMatch } from './backtracking-regex.ts'

/**
 * A compiled `java.util.regex` pattern: what `matches`, `replaceAll`, `replaceFirst` and `split`
 * take in AWS templates, and what an integration response's `selectionPattern` is.
 */
export interface JavaRegex {
  readonly pattern: string
  /** `linear`: RE2 runs it in time linear in the input, whatever the pattern. `backtracking`: it runs under a budget. */
  readonly engine: 'linear' | 'backtracking'
  /**
   * Successive matches, as Java's `Matcher.find()` loop meets them (after an empty match the next
   * search starts one character further on). Found lazily: stop iterating and no more is searched.
   */
  matchAll(input: string, budget: RegexBudget): Generator<JavaMatch>
  /** Whether the whole input matches (Java's `Matcher.matches()`). */
  matches(input: string, budget: RegexBudget): boolean
}

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: '\\x00-\\x7F', Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~', Graph: '!-~', Print: ' -~', Blank: ' \\t', Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F', Space: ' \\t\\n\\x0B\\f\\r',
}

const CACHE = new Map<string, JavaRegex>()
const CACHE_LIMIT = 500
/** Matches found per run of the backtracking engine. */
const BATCH = 256

/**
 * Compiles a Java pattern with a guarantee on its running time. RE2 (the `re2js` port of RE2/J,
 * which reads Java's syntax) takes every pattern it can: its automaton never backtracks, so
 * `^(.*a){12}$` costs the same microseconds as `^a$`. What RE2 cannot express — backreferences,
 * lookaround, possessive quantifiers and atomic groups — is translated to a JavaScript RegExp and
 * run under a `RegexBudget` (see `searchWithBudget`). Throws `JavaRegexError('SYNTAX')` for a
 * pattern neither reads, as Java throws `PatternSyntaxException`.
 */
export function compileJavaRegex(pattern: string): JavaRegex {
  const cached = CACHE.get(pattern)
  if (cached) return cached
  const compiled = compileLinear(pattern) ?? compileBacktracking(pattern)
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear()
  CACHE.set(pattern, compiled)
  return compiled
}

function compileLinear(pattern: string): JavaRegex | undefined {
  const source = toRe2Syntax(pattern)
  if (source === undefined) return undefined
  let re: RE2JS
  try {
    re = RE2JS.compile(source)
  } catch {
    return undefined
  }
  return {
    pattern,
    engine: 'linear',
    *matchAll(input) {
      const matcher = re.matcher(input)
      let at = 0
      while (at <= input.length && matcher.find(at)) {
        const groups: (string | undefined)[] = []
        for (let g = 0; g <= matcher.groupCount(); g++) groups.push(matcher.group(g) ?? undefined)
        const named: Record<string, string | undefined> = {}
        for (const name of Object.keys(matcher.namedGroups)) named[name] = matcher.group(name) ?? undefined
        const start = matcher.start()
        const end = matcher.end()
        yield { start, end, groups, named }
        at = end === start ? end + 1 : end
      }
    },
    matches(input) {
      return re.matches(input)
    },
  }
}

function compileBacktracking(pattern: string): JavaRegex {
  const { source, flags } = toJavaScriptSyntax(pattern)
  // Compiling never runs the pattern, so it is safe here; only searches go through the budget.
  const whole = `(?:${source})(?![\\s\\S])`
  try {
    new RegExp(source, flags)
    new RegExp(whole, flags)
  } catch (error) {
    throw new JavaRegexError('SYNTAX', `invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`)
  }
  return {
    pattern,
    engine: 'backtracking',
    *matchAll(input, budget) {
      let from = 0
      for (;;) {
        const batch = searchWithBudget(source, `${flags}g`, input, from, BATCH, budget)
        yield* batch
        if (batch.length < BATCH) return
        const last = batch[batch.length - 1]
        from = last.end === last.start ? last.end + 1 : last.end
      }
    },
    matches: (input, budget) => searchWithBudget(whole, `${flags}y`, input, 0, 1, budget).length === 1,
  }
}

/**
 * Java's syntax as RE2 reads it, or undefined where the two disagree on meaning. RE2/J already
 * reads inline flags, `\Q...\E`, `\A`, `\z`, named groups and Unicode classes; what is left is
 * Java's POSIX classes (`\p{Alpha}`), `\Z`, `\uXXXX` and `\e`. Nested classes and intersections
 * (`[a-z&&[^b]]`) mean something else to RE2 and `(?U)` is another flag there, so those go to the
 * backtracking engine.
 */
function toRe2Syntax(pattern: string): string | undefined {
  if (/\(\?[a-zA-Z-]*U/.test(pattern)) return undefined
  let out = ''
  let inClass = false
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === '\\') {
      const rest = pattern.slice(i)
      if (rest.startsWith('\\Q')) {
        const end = pattern.indexOf('\\E', i + 2)
        const literal = end < 0 ? pattern.slice(i + 2) : pattern.slice(i + 2, end)
        out += literal.replace(/[\\^$.*+?()[\]{}|/&-]/g, '\\$&')
        i = end < 0 ? pattern.length : end + 1
        continue
      }
      const posix = /^\\([pP])\{(?:Is)?([A-Za-z]+)\}/.exec(rest)
      if (posix && POSIX_CLASSES[posix[2]] !== undefined) {
        const body = POSIX_CLASSES[posix[2]]
        if (posix[1] === 'p') out += inClass ? body : `[${body}]`
        else if (inClass) return undefined
        else out += `[^${body}]`
        i += posix[0].length - 1
        continue
      }
      const unicode = /^\\u([0-9a-fA-F]{4})/.exec(rest)
      if (unicode) {
        out += `\\x{${unicode[1]}}`
        i += unicode[0].length - 1
        continue
      }
      if (rest.startsWith('\\Z')) out += '\\z'
      else if (rest.startsWith('\\e')) out += '\\x{1B}'
      else out += rest.slice(0, 2)
      i++
      continue
    }
    if (inClass) {
      if (ch === '[' || (ch === '&' && pattern[i + 1] === '&')) return undefined
      if (ch === ']') inClass = false
      out += ch
      continue
    }
    if (ch === '[') {
      inClass = true
      out += ch
      // A `]` or `^]` right after the bracket is a literal, not the class's end.
      const lead = /^\^?\]/.exec(pattern.slice(i + 1))
      if (lead) {
        out += lead[0].replace(']', '\\]')
        i += lead[0].length
      }
      continue
    }
    out += ch
  }
  return out
}

/**
 * Java's syntax as a JavaScript RegExp reads it: leading inline flags `(?i)`/`(?s)`/`(?m)`,
 * `\Q...\E` quoting, POSIX `\p{Alpha}` classes, `\A`/`\Z`/`\z`.
 */
function toJavaScriptSyntax(pattern: string): { source: string; flags: string } {
  let source = pattern
  let flags = ''
  const inline = /^\(\?([imsux]+)\)/.exec(source)
  if (inline) {
    source = source.slice(inline[0].length)
    for (const f of inline[1]) if ('ims'.includes(f) && !flags.includes(f)) flags += f
  }
  source = source.replace(/\\Q([\s\S]*?)(?:\\E|$)/g, (_, literal: string) => literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'))
  source = source.replace(/\\p\{(?:Is)?([A-Za-z]+)\}/g, (whole, name: string) => (POSIX_CLASSES[name] ? `[${POSIX_CLASSES[name]}]` : whole))
  source = source.replace(/\\A/g, '^').replace(/\\[Zz]/g, '$')
  return { source, flags }
}

/**
 * Java's replacement syntax (`$1`, `${name}`, `\$` for a literal dollar) applied to one match.
 * Throws `JavaRegexError('SYNTAX')` for a `$` that names no group, as Java throws.
 */
export function expandJavaReplacement(replacement: string, match: JavaMatch): string {
  let out = ''
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i]
    if (ch === '\\' && i + 1 < replacement.length) {
      out += replacement[++i]
    } else if (ch === '$') {
      const named = /^\{([A-Za-z][A-Za-z0-9]*)\}/.exec(replacement.slice(i + 1))
      if (named) {
        out += match.named[named[1]] ?? ''
        i += named[0].length
        continue
      }
      const digits = /^\d/.exec(replacement.slice(i + 1))
      if (!digits) throw new JavaRegexError('SYNTAX', `illegal group reference in replacement ${JSON.stringify(replacement)}`)
      // Java takes further digits only while they still name an existing group.
      let n = Number(digits[0])
      let used = 1
      while (i + 1 + used < replacement.length && /\d/.test(replacement[i + 1 + used]) && n * 10 + Number(replacement[i + 1 + used]) < match.groups.length) {
        n = n * 10 + Number(replacement[i + 1 + used])
        used++
      }
      out += match.groups[n] ?? ''
      i += used
    } else {
      out += ch
    }
  }
  return out
}
