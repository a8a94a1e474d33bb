import type { ParameterSources } from '../../mapping/parameter-source.ts'
import type { AuthorizerRequest } from './authorizer-request.ts'
import { unauthorized } from './authorizer-errors.ts'
import type { CompiledAuthorizer } from './compiled-authorizer.ts'

/**
 * The identity-source values of a request, in the authorizer's order (developer guide): each of
 * `method.request.header.X`, `method.request.querystring.X`, `stageVariables.X`, `context.X` must
 * be present and non-empty, else the answer is 401 without calling the authorizer. A TOKEN
 * authorizer's token must also match `identityValidationExpression` when one is set (for Cognito
 * authorizers the expression applies to the token's `aud` claim instead: cognito-authorizer.ts).
 */
export function readIdentity(authorizer: CompiledAuthorizer, request: AuthorizerRequest): string[] {
  const sources: ParameterSources = {
    method: { headers: request.headers, query: request.query, pathParameters: request.pathParameters, body: request.http.body },
    stageVariables: request.served.stageVariables,
    context: request.requestContext,
  }
  const values: string[] = []
  for (const { read } of authorizer.identitySources) {
    const value = read(sources)
    if (value === undefined || value === '') throw unauthorized()
    values.push(value)
  }
  if (authorizer.type !== 'REQUEST' && values.length === 0) throw unauthorized()
  if (authorizer.type === 'TOKEN' && authorizer.validation !== undefined && !authorizer.validation.test(values[0])) throw unauthorized()
  return values
}
