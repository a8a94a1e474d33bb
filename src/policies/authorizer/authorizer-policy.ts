/**
 * Evaluating the IAM policy a Lambda authorizer returned (developer guide, "Output from an API
 * Gateway Lambda authorizer") against the method ARN of the request:
 * `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}`. `Action` and `Resource`
 * may be a string or a list and may use IAM wildcards (`*` any run of characters, `?` one); a
 * matching Deny wins over any Allow, and without a matching Allow the answer is no. The two noes
 * answer different texts (AWS knowledge center, "How do I troubleshoot HTTP 403 Forbidden errors
 * from a Lambda authorizer with an API Gateway REST API?"), so the decision keeps them apart.
 */

export interface PolicyStatement {
  readonly effect: 'Allow' | 'Deny'
  readonly actions: readonly RegExp[]
  readonly resources: readonly RegExp[]
}

export type PolicyDecision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny'

/** IAM wildcards (`*`, `?`), shared with identity and resource policies (auth/policy/wildcard.ts). */
export { wildcardPattern } from '../../auth/policy/wildcard.ts'

export function evaluatePolicy(statements: readonly PolicyStatement[], methodArn: string): PolicyDecision {
  let allowed = false
  for (const statement of statements) {
    if (!matchesAny(statement.actions, 'execute-api:Invoke')) continue
    if (!matchesAny(statement.resources, methodArn)) continue
    if (statement.effect === 'Deny') return 'ExplicitDeny'
    allowed = true
  }
  return allowed ? 'Allow' : 'ImplicitDeny'
}

/** `patterns.some((pattern) => pattern.test(text))` without a closure per call: it runs for every request behind an authorizer. */
function matchesAny(patterns: readonly RegExp[], text: string): boolean {
  for (const pattern of patterns) if (pattern.test(text)) return true
  return false
}

/** The method ARN an authorizer sees (`methodArn`) and its policy is checked against
 * (sample event: powertools-ts/apigw-rest/authorizer-token.json). */
export function methodArn(parts: { region: string; accountId: string; restApiId: string; stage: string; httpMethod: string; path: string }): string {
  const path = parts.path.startsWith('/') ? parts.path.slice(1) : parts.path
  return `arn:aws:execute-api:${parts.region}:${parts.accountId}:${parts.restApiId}/${parts.stage}/${parts.httpMethod}/${path}`
}
