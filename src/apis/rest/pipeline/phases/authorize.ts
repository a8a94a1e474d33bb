import { methodArn } from '../../../../policies/authorizer/authorizer-policy.ts'
import type { AuthorizerDeps } from '../../../../policies/authorizer/authorizer-deps.ts'
import { runCognitoAuthorizer } from '../../../../policies/authorizer/cognito-authorizer.ts'
import { runLambdaAuthorizer } from '../../../../policies/authorizer/lambda-authorizer.ts'
import type { MethodRequest } from '../records.ts'

/**
 * The authorizer step of Method Request (docs/architecture.md, "REST request pipeline"): for a CUSTOM or COGNITO_USER_POOLS method, run
 * its authorizer and join what it let through to the request — `requestContext.authorizer` (hence
 * `$context.authorizer.*` and the proxy event's `requestContext.authorizer`; sample event:
 * powertools-ts/apigw-rest/lambda-authorizer-auth.json) and the
 * `usageIdentifierKey` the API-key check reads. Methods without one pass unchanged.
 */
export async function authorize(request: MethodRequest, deps: AuthorizerDeps): Promise<MethodRequest> {
  const authorizer = request.method.authorizer
  if (authorizer === undefined) return request
  if (authorizer.type === 'COGNITO_USER_POOLS') {
    const result = await runCognitoAuthorizer(authorizer, request, deps)
    return { ...request, authorizer: result, requestContext: { ...request.requestContext, authorizer: result.context } }
  }
  const arn = methodArn({
    region: deps.aws.region,
    accountId: deps.aws.accountId,
    restApiId: request.served.restApiId,
    stage: request.served.stageName,
    httpMethod: request.http.method,
    path: request.path,
  })
  const result = await runLambdaAuthorizer(authorizer, request, arn, deps)
  return { ...request, authorizer: result, requestContext: { ...request.requestContext, authorizer: result.context } }
}
