import { performance } from 'node:perf_hooks'
import { createContext, Script } from 'node:vm'
import { JavaRegexError } from './java-regex-error.ts'
import type { RegexBudget } from './regex-budget.ts'

/** One match: where it starts and ends (UTF-16 offsets), its groups (`undefined` when a group did not take part) and named groups. */
export interface JavaMatch {
  readonly start: number
  readonly end: number
  readonly groups: readonly (string | undefined)[]
  readonly named: Readonly<Record<string, string | undefined>>
}

// The search runs inside its own V8 context so that `timeout` can stop it: V8 interrupts a
// backtracking RegExp mid-match when the watchdog fires, which no code on the event loop can do.
// Each run finds up to `max` matches (Java's iteration: after an empty match the next search starts
// one further on), so that a replaceAll over a long string pays the context switch once per batch.
// Compiled RegExps are kept inside that context, keyed by flags and source.
const CONTEXT = createContext({ request: undefined })
const SEARCH = new Script(`(() => {
  const { source, flags, input, from, max } = request
  const cache = globalThis.cache ??= new Map()
  const key = flags + '/' + source
  let regex = cache.get(key)
  if (regex === undefined) {
    if (cache.size >= 500) cache.clear()
    regex = new RegExp(source, flags)
    cache.set(key, regex)
  }
  const found = []
  let at = from
  while (found.length < max && at <= input.length) {
    regex.lastIndex = at
    const m = regex.exec(input)
    if (m === null) break
    const end = m.index + m[0].length
    found.push([m.index, end, Array.from(m), m.groups === undefined ? {} : { ...m.groups }])
    at = end === m.index ? end + 1 : end
  }
  return found
})()`, { filename: 'backtracking-regex' })

type FoundMatch = [number, number, (string | undefined)[], Record<string, string | undefined>]

/**
 * Up to `max` successive matches of a JavaScript RegExp (`flags` with `g` or `y`) from `from`, for
 * the Java patterns the linear-time engine cannot read. It runs synchronously but under `budget`:
 * past it the search is abandoned and `JavaRegexError('BUDGET_EXCEEDED')` thrown, so the event loop
 * is held for at most the budget's remaining milliseconds.
 */
export function searchWithBudget(source: string, flags: string, input: string, from: number, max: number, budget: RegexBudget): JavaMatch[] {
  const allowed = Math.floor(budget.remainingMillis)
  if (allowed < 1) throw budgetExceeded(source)
  CONTEXT.request = { source, flags, input, from, max }
  const started = performance.now()
  let found: FoundMatch[]
  try {
    found = SEARCH.runInContext(CONTEXT, { timeout: allowed })
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw budgetExceeded(source)
    throw new JavaRegexError('SYNTAX', `invalid regular expression ${JSON.stringify(source)}: ${(error as Error).message}`)
  } finally {
    CONTEXT.request = undefined
    budget.spend(performance.now() - started)
  }
  return Array.from(found, ([start, end, groups, named]) => ({ start, end, groups: [...groups], named: { ...named } }))
}

function budgetExceeded(source: string): JavaRegexError {
  return new JavaRegexError('BUDGET_EXCEEDED', `regular expression ${JSON.stringify(source)} exceeded its time budget`)
}
