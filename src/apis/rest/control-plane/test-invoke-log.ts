/**
 * The execution log TestInvokeMethod answers, in AWS's text form (recorded: test_apigateway_api >
 * test_invoke_test_method > test-invoke-method-get-pets, test_apigateway_basic >
 * test_apigw_test_invoke_method_api): a first line `Execution log for request <id>`, then one line
 * per step stamped with Java's `Date.toString()` in UTC (`Fri Dec 04 22:44:50 UTC 2026 : ...`),
 * each line ended by a newline. Maps print as Java's `toString()` does: `{a=1, b=2}`.
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Java's `Date.toString()` in UTC: `EEE MMM dd HH:mm:ss zzz yyyy`. */
export function javaDate(epochMs: number): string {
  const d = new Date(epochMs)
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
}

/** A Java map's `toString()`: `{name=value, ...}`. */
export function javaMap(entries: Iterable<readonly [string, string]>): string {
  const parts: string[] = []
  for (const [name, value] of entries) parts.push(`${name}=${value}`)
  return `{${parts.join(', ')}}`
}

export class ExecutionLog {
  readonly #lines: string[]
  readonly #now: () => number

  constructor(requestId: string, now: () => number) {
    this.#lines = [`Execution log for request ${requestId}`]
    this.#now = now
  }

  add(text: string): void {
    this.#lines.push(`${javaDate(this.#now())} : ${text}`)
  }

  text(): string {
    return `${this.#lines.join('\n')}\n`
  }
}
