import { GATEWAY_MESSAGES, GatewayError } from '../core/gateway-error.ts'
import { compileJavaRegex, type JavaRegex } from '../vtl/java-regex.ts'
import { JavaRegexError } from '../vtl/java-regex-error.ts'
import { RegexBudget } from '../vtl/regex-budget.ts'

/** An integration response's `selectionPattern`, compiled at deploy time. */
export interface SelectionPattern {
  /**
   * Whether the pattern matches the whole value. Throws `GatewayError('API_CONFIGURATION_ERROR')`
   * when a pattern only a backtracking engine can run outruns `budget`.
   */
  test(value: string, budget?: RegexBudget): boolean
}

/**
 * Wall-clock milliseconds one selection may spend on patterns that need backtracking, all its
 * integration responses together. Such patterns take microseconds on a status code or an error
 * message; this is only ever reached by one that has gone exponential.
 */
export const SELECTION_PATTERN_MILLIS = 100

/** A budget for one selection: every pattern tried for one integration response shares it. */
export function selectionBudget(): RegexBudget {
  return new RegexBudget(SELECTION_PATTERN_MILLIS)
}

/**
 * `selectionPattern` is a Java regular expression that must match the whole string (Java's
 * `String.matches`): HTTP and MOCK test it against the status code, Lambda non-proxy against
 * `errorMessage`. As in Java, `.` stops at a line break unless the pattern says `(?s)`, so `.+`
 * does not match a multi-line message (API reference, IntegrationResponse.selectionPattern) while
 * `(\n|.)+` or `(?s).+` does. Compiled once at deploy time; a pattern that cannot be read never
 * matches, which is what AWS does with a pattern that cannot match. Returns undefined for one.
 *
 * A pattern RE2 reads runs in linear time. One that needs backtracking and outruns its budget fails
 * the request with AWS's 500 `Internal server error`, the answer AWS gives when the integration
 * response cannot be chosen (developer guide, "Set up an integration response in API Gateway": the
 * default response catches responses no pattern selects). Treating it as "no match" instead would
 * hand an error the default response — usually the 200 — so a hostile error message could turn a
 * failure into a success.
 */
export function compileSelectionPattern(pattern: string): SelectionPattern | undefined {
  let regex: JavaRegex
  try {
    regex = compileJavaRegex(pattern)
  } catch {
    return undefined
  }
  return {
    test(value, budget = selectionBudget()) {
      try {
        return regex.matches(value, budget)
      } catch (error) {
        if (!(error instanceof JavaRegexError)) throw error
        throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError, { cause: error })
      }
    },
  }
}
