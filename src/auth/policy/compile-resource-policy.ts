import { IGNORE_PROBLEMS, type ReportProblem } from '../../core/compile-problem.ts'
import { compilePolicy, type CompiledPolicy } from './compiled-policy.ts'

/** Refuses every invocation: what an unreadable stored policy compiles to (fail closed, never open). */
const DENY_ALL: CompiledPolicy = {
  statements: [{ effect: 'Deny', principal: () => true, action: () => true, resource: () => true, condition: () => true }],
}

/**
 * The deployment's resource policy (`RestApi.policy` as it was when the deployment was created), or
 * undefined when the API has none. Policies are checked on save, so only a policy stored by an older
 * version could fail here; it then denies everything rather than let anyone in.
 */
export function compileResourcePolicy(policy: string | undefined, report: ReportProblem = IGNORE_PROBLEMS): CompiledPolicy | undefined {
  if (policy === undefined || policy.trim() === '') return undefined
  try {
    return compilePolicy(JSON.parse(policy), 'resource')
  } catch (error) {
    report(`${error instanceof Error ? error.message : String(error)}; every invocation is denied`)
    return DENY_ALL
  }
}
