import { IGNORE_PROBLEMS, type ReportProblem } from '../../core/compile-problem.ts'
import { compileLambdaTarget, type CompiledLambdaTarget } from '../../integrations/lambda-target.ts'
import { compileParameterSource, type ParameterReader } from '../../mapping/parameter-source.ts'
import type { Authorizer, AuthorizerType } from '../../model/authorizer.ts'

/**
 * An authorizer as the data plane runs it, built once per deployment (docs/architecture.md, "Deploy"): identity sources
 * as readers, the validation expression as a RegExp, the Lambda target parsed, the TTL in ms.
 */
export interface CompiledAuthorizer {
  readonly id: string
  readonly name: string
  readonly type: AuthorizerType
  /** `identitySource` expressions in order, each with its reader. */
  readonly identitySources: readonly { readonly expression: string; readonly read: ParameterReader }[]
  /**
   * `identityValidationExpression`, matched whole: against the token for TOKEN authorizers, against
   * the token's `aud` claim for COGNITO_USER_POOLS ones (API reference, `Authorizer`).
   */
  readonly validation?: RegExp
  /** `authorizerResultTtlInSeconds` (default 300, 0 = no caching) in milliseconds. */
  readonly ttlMs: number
  /** TOKEN and REQUEST: the function `authorizerUri` names. */
  readonly lambda?: CompiledLambdaTarget
  /** COGNITO_USER_POOLS: the user pools whose tokens are accepted. */
  readonly providerARNs: readonly string[]
}

/** AWS's default when an authorizer sets no TTL (developer guide: 300 seconds). */
const DEFAULT_TTL_SECONDS = 300

export function compileAuthorizer(authorizer: Authorizer, report: ReportProblem = IGNORE_PROBLEMS): CompiledAuthorizer {
  const expressions = (authorizer.identitySource ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '')
  let validation: RegExp | undefined
  if (authorizer.identityValidationExpression !== undefined && authorizer.type !== 'REQUEST') {
    try {
      validation = new RegExp(`^(?:${authorizer.identityValidationExpression})$`)
    } catch {
      // Checked on write; an imported API may still carry one that does not compile: it matches nothing.
      report(`identityValidationExpression ${JSON.stringify(authorizer.identityValidationExpression)} is not a regular expression; every token is refused`)
      validation = /$^/
    }
  }
  return {
    id: authorizer.id,
    name: authorizer.name,
    type: authorizer.type,
    identitySources: expressions.map((expression) => ({ expression, read: compileParameterSource(expression) })),
    validation,
    ttlMs: (authorizer.authorizerResultTtlInSeconds ?? DEFAULT_TTL_SECONDS) * 1000,
    // Whitespace inside the URI is dropped: AWS accepted one with spaces after `path/` and used it
    // (LS test_apigateway_basic > test_apigateway_with_custom_authorization_method).
    lambda: authorizer.type === 'COGNITO_USER_POOLS' || authorizer.authorizerUri === undefined
      ? undefined
      : compileLambdaTarget(authorizer.authorizerUri.replace(/\s+/g, '')),
    providerARNs: authorizer.providerARNs ?? [],
  }
}
