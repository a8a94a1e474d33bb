import { PolicyError } from './policy-error.ts'
import { CidrSet } from './source-ip.ts'
import { wildcardPattern } from './wildcard.ts'

/** A compiled `Condition` block: true when every operator's every key matches. */
export type CompiledCondition = (keys: ReadonlyMap<string, string>) => boolean

type ValueTest = (actual: string) => boolean

/**
 * The condition operators Gatehouse evaluates (IAM User Guide, "Condition operators"): String*,
 * IpAddress/NotIpAddress, Bool, Date*, Numeric*, each with `...IfExists`. Within an operator the keys
 * are ANDed and a key's values ORed; operators are ANDed. A key missing from the request fails a
 * positive operator and satisfies a negated one (and `IfExists` makes a missing key a match).
 * Unknown operators are refused when the policy is saved, never silently ignored.
 */
const OPERATORS: Readonly<Record<string, { negated: boolean; compile: (values: readonly string[]) => ValueTest }>> = {
  StringEquals: { negated: false, compile: (values) => (actual) => values.includes(actual) },
  StringNotEquals: { negated: true, compile: (values) => (actual) => !values.includes(actual) },
  StringEqualsIgnoreCase: { negated: false, compile: (values) => lowerIn(values) },
  StringNotEqualsIgnoreCase: { negated: true, compile: (values) => not(lowerIn(values)) },
  StringLike: { negated: false, compile: (values) => anyPattern(values) },
  StringNotLike: { negated: true, compile: (values) => not(anyPattern(values)) },
  IpAddress: { negated: false, compile: (values) => cidrs(values) },
  NotIpAddress: { negated: true, compile: (values) => not(cidrs(values)) },
  Bool: { negated: false, compile: (values) => (actual) => values.some((value) => value.toLowerCase() === actual.toLowerCase()) },
  DateEquals: { negated: false, compile: (values) => dates(values, (a, b) => a === b) },
  DateNotEquals: { negated: true, compile: (values) => not(dates(values, (a, b) => a === b)) },
  DateLessThan: { negated: false, compile: (values) => dates(values, (a, b) => a < b) },
  DateLessThanEquals: { negated: false, compile: (values) => dates(values, (a, b) => a <= b) },
  DateGreaterThan: { negated: false, compile: (values) => dates(values, (a, b) => a > b) },
  DateGreaterThanEquals: { negated: false, compile: (values) => dates(values, (a, b) => a >= b) },
  NumericEquals: { negated: false, compile: (values) => numbers(values, (a, b) => a === b) },
  NumericNotEquals: { negated: true, compile: (values) => not(numbers(values, (a, b) => a === b)) },
  NumericLessThan: { negated: false, compile: (values) => numbers(values, (a, b) => a < b) },
  NumericLessThanEquals: { negated: false, compile: (values) => numbers(values, (a, b) => a <= b) },
  NumericGreaterThan: { negated: false, compile: (values) => numbers(values, (a, b) => a > b) },
  NumericGreaterThanEquals: { negated: false, compile: (values) => numbers(values, (a, b) => a >= b) },
}

export function compileCondition(block: unknown, where: string): CompiledCondition {
  if (block === undefined) return () => true
  if (block === null || typeof block !== 'object' || Array.isArray(block)) throw new PolicyError(`${where}: Condition must be an object`)
  const checks: CompiledCondition[] = []
  for (const [operatorName, keys] of Object.entries(block)) {
    const ifExists = operatorName.endsWith('IfExists')
    const operator = OPERATORS[ifExists ? operatorName.slice(0, -'IfExists'.length) : operatorName]
    if (operator === undefined) throw new PolicyError(`${where}: unsupported condition operator '${operatorName}'`)
    if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) throw new PolicyError(`${where}: ${operatorName} must map condition keys to values`)
    for (const [key, raw] of Object.entries(keys as Record<string, unknown>)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map((value) => {
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new PolicyError(`${where}: ${operatorName} ${key} values must be strings`)
        return String(value)
      })
      let test: ValueTest
      try {
        test = operator.compile(values)
      } catch (error) {
        throw new PolicyError(`${where}: ${(error as Error).message}`)
      }
      const name = key.toLowerCase()
      const missing = ifExists || operator.negated
      checks.push((context) => {
        const actual = context.get(name)
        return actual === undefined ? missing : test(actual)
      })
    }
  }
  return (context) => checks.every((check) => check(context))
}

const not = (test: ValueTest): ValueTest => (actual) => !test(actual)

function lowerIn(values: readonly string[]): ValueTest {
  const lower = values.map((value) => value.toLowerCase())
  return (actual) => lower.includes(actual.toLowerCase())
}

function anyPattern(values: readonly string[]): ValueTest {
  const patterns = values.map((value) => wildcardPattern(value))
  return (actual) => patterns.some((pattern) => pattern.test(actual))
}

function cidrs(values: readonly string[]): ValueTest {
  const set = new CidrSet(values)
  return (actual) => set.has(actual)
}

function dates(values: readonly string[], compare: (actual: number, wanted: number) => boolean): ValueTest {
  const wanted = values.map((value) => {
    const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value)
    if (Number.isNaN(ms)) throw new Error(`'${value}' is not a date`)
    return ms
  })
  return (actual) => {
    const ms = /^\d+$/.test(actual) ? Number(actual) * 1000 : Date.parse(actual)
    return !Number.isNaN(ms) && wanted.some((value) => compare(ms, value))
  }
}

function numbers(values: readonly string[], compare: (actual: number, wanted: number) => boolean): ValueTest {
  const wanted = values.map((value) => {
    const number = Number(value)
    if (value.trim() === '' || Number.isNaN(number)) throw new Error(`'${value}' is not a number`)
    return number
  })
  return (actual) => {
    const number = Number(actual)
    return !Number.isNaN(number) && wanted.some((value) => compare(number, value))
  }
}
