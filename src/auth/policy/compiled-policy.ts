import { compileCondition, type CompiledCondition } from './condition.ts'
import { PolicyError } from './policy-error.ts'
import type { PolicyPrincipal, PolicyRequest } from './request-context.ts'
import { wildcardPattern } from './wildcard.ts'

/** The three outcomes of IAM evaluation (IAM User Guide, "Policy evaluation logic"). */
export type PolicyDecision = 'Allow' | 'Deny' | 'NotMatched'

interface CompiledStatement {
  readonly effect: 'Allow' | 'Deny'
  /** True when the statement names the caller (resource policies); identity policies have no Principal. */
  readonly principal: (principal: PolicyPrincipal | undefined) => boolean
  readonly action: (action: string) => boolean
  readonly resource: (resource: string) => boolean
  readonly condition: CompiledCondition
}

export interface CompiledPolicy {
  readonly statements: readonly CompiledStatement[]
}

/**
 * Compiles an IAM policy document — an identity policy (no `Principal`) or a resource policy
 * (`Principal` required) — into matchers built once. Refuses what it cannot evaluate faithfully.
 */
export function compilePolicy(document: unknown, kind: 'identity' | 'resource'): CompiledPolicy {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) throw new PolicyError('a policy must be a JSON object')
  const raw = (document as Record<string, unknown>).Statement
  if (raw === undefined) throw new PolicyError('a policy needs a Statement')
  const statements = (Array.isArray(raw) ? raw : [raw]).map((statement, index) => compileStatement(statement, `Statement ${index + 1}`, kind))
  return { statements }
}

function compileStatement(statement: unknown, where: string, kind: 'identity' | 'resource'): CompiledStatement {
  if (statement === null || typeof statement !== 'object' || Array.isArray(statement)) throw new PolicyError(`${where} must be an object`)
  const s = statement as Record<string, unknown>
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new PolicyError(`${where}: Effect must be Allow or Deny`)
  if ((s.Action === undefined) === (s.NotAction === undefined)) throw new PolicyError(`${where}: exactly one of Action and NotAction is required`)
  if ((s.Resource === undefined) === (s.NotResource === undefined)) throw new PolicyError(`${where}: exactly one of Resource and NotResource is required`)
  const action = matcher(s.Action ?? s.NotAction, s.NotAction !== undefined, true, `${where}: Action`)
  const resource = matcher(s.Resource ?? s.NotResource, s.NotResource !== undefined, false, `${where}: Resource`)
  let principal: CompiledStatement['principal'] = () => true
  if (kind === 'resource') {
    if ((s.Principal === undefined) === (s.NotPrincipal === undefined)) throw new PolicyError(`${where}: a resource policy statement needs Principal or NotPrincipal`)
    const matches = principalMatcher(s.Principal ?? s.NotPrincipal, where)
    principal = s.NotPrincipal !== undefined ? (caller) => !matches(caller) : matches
  }
  return { effect: s.Effect, principal, action, resource, condition: compileCondition(s.Condition, where) }
}

function strings(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value]
  if (list.length === 0 || list.some((item) => typeof item !== 'string')) throw new PolicyError(`${where} must be a string or a list of strings`)
  return list as string[]
}

function matcher(value: unknown, negated: boolean, ignoreCase: boolean, where: string): (text: string) => boolean {
  const patterns = strings(value, where).map((pattern) => wildcardPattern(pattern, ignoreCase))
  return negated ? (text) => !patterns.some((p) => p.test(text)) : (text) => patterns.some((p) => p.test(text))
}

/**
 * `"*"` and `{"AWS": "*"}` match everyone, the anonymous caller included. `{"AWS": ...}` otherwise
 * names IAM callers: an account (`123456789012` or `arn:aws:iam::123456789012:root`) matches every
 * principal of that account, an ARN matches that principal.
 */
function principalMatcher(value: unknown, where: string): (caller: PolicyPrincipal | undefined) => boolean {
  if (value === '*') return () => true
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new PolicyError(`${where}: Principal must be "*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}`)
  const aws = (value as Record<string, unknown>).AWS
  const others = Object.keys(value).filter((key) => key !== 'AWS')
  if (others.length > 0 && aws === undefined) return () => false // Service/Federated principals never call execute-api directly
  const names = strings(aws, `${where}: Principal.AWS`)
  if (names.includes('*')) return () => true
  const accounts = new Set<string>()
  const arns = new Set<string>()
  for (const name of names) {
    const root = /^(?:arn:aws:iam::)?(\d{12})(?::root)?$/.exec(name)
    if (root !== null) accounts.add(root[1])
    else arns.add(name)
  }
  return (caller) => caller !== undefined && (accounts.has(caller.accountId) || arns.has(caller.arn))
}

/** Explicit Deny wins; else any matching Allow; else nothing matched (an implicit deny). */
export function evaluatePolicies(policies: readonly CompiledPolicy[], request: PolicyRequest): PolicyDecision {
  let allowed = false
  for (const policy of policies) {
    for (const statement of policy.statements) {
      if (!statement.principal(request.principal)) continue
      if (!statement.action(request.action) || !statement.resource(request.resource)) continue
      if (!statement.condition(request.conditionKeys)) continue
      if (statement.effect === 'Deny') return 'Deny'
      allowed = true
    }
  }
  return allowed ? 'Allow' : 'NotMatched'
}
