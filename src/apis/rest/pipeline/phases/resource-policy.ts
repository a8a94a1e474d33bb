import type { IamPrincipal } from '../../../../auth/iam-principal.ts'
import { evaluatePolicies, type PolicyDecision } from '../../../../auth/policy/compiled-policy.ts'
import { EXECUTE_API_INVOKE, executeApiArn } from '../../../../auth/policy/execute-api-arn.ts'
import { conditionKeys, type PolicyRequest } from '../../../../auth/policy/request-context.ts'
import type { AwsEnvironment } from '../../../../core/aws-environment.ts'
import type { Clock } from '../../../../core/clock.ts'
import { GatewayError } from '../../../../core/gateway-error.ts'
import { headerValue } from '../../../../core/http.ts'
import type { RoutedRequest } from '../records.ts'

export interface ResourcePolicyDeps {
  readonly clock: Clock
  readonly aws: AwsEnvironment
}

/**
 * The access decision AWS makes from the API's resource policy (compiled into the deployment, so
 * a changed policy takes effect on redeploy) and, for AWS_IAM methods, the caller's identity
 * policies — developer guide, "How API Gateway resource policies affect authorization workflow":
 *
 * - Any explicit Deny in the resource policy refuses the call before anything else runs (for
 *   Lambda and Cognito authorizers this is the "pre-auth" check; their own Allow then suffices,
 *   Table A).
 * - AWS_IAM: identity policy and resource policy are combined — same account, an Allow from either
 *   side (Table A); another account, both must Allow (Table B); a Deny on either side wins. Without
 *   a resource policy the identity policy alone must Allow.
 * - NONE with a resource policy: the policy must explicitly Allow.
 *
 * Refusals are ACCESS_DENIED 403 with IAM's body, `{"Message":"User: <arn|anonymous> is not
 * authorized to perform: execute-api:Invoke on resource: <arn>[ with an explicit deny]"}`.
 */
export function checkResourcePolicy(routed: RoutedRequest, deps: ResourcePolicyDeps): void {
  const resourcePolicy = routed.served.deployment.resourcePolicy
  const authorizationType = routed.method.method.authorizationType ?? 'NONE'
  const caller = routed.caller
  if (resourcePolicy === undefined && authorizationType !== 'AWS_IAM') return
  const { http } = routed
  const principal = caller === undefined ? undefined : { arn: caller.arn, accountId: caller.accountId }
  const request: PolicyRequest = {
    action: EXECUTE_API_INVOKE,
    resource: executeApiArn({
      region: deps.aws.region,
      accountId: deps.aws.accountId,
      restApiId: routed.served.restApiId,
      stage: routed.served.stageName,
      httpMethod: http.method,
      path: routed.path,
    }),
    principal,
    conditionKeys: conditionKeys({
      sourceIp: http.sourceIp,
      userAgent: headerValue(http.rawHeaders, 'user-agent'),
      referer: headerValue(http.rawHeaders, 'referer'),
      secureTransport: http.secure === true,
      now: deps.clock.now(),
      principal,
    }),
  }
  const resource: PolicyDecision | undefined = resourcePolicy === undefined ? undefined : evaluatePolicies([resourcePolicy], request)
  if (resource === 'Deny') throw accessDenied(caller, request.resource, true)
  if (authorizationType === 'AWS_IAM') {
    const identity = evaluatePolicies(caller?.policies ?? [], request)
    if (identity === 'Deny') throw accessDenied(caller, request.resource, true)
    const sameAccount = caller?.accountId === deps.aws.accountId
    const allowed = resource === undefined
      ? identity === 'Allow'
      : sameAccount ? identity === 'Allow' || resource === 'Allow' : identity === 'Allow' && resource === 'Allow'
    if (!allowed) throw accessDenied(caller, request.resource, false)
    return
  }
  if (authorizationType === 'NONE' && resource !== 'Allow') throw accessDenied(undefined, request.resource, false)
}

function accessDenied(caller: IamPrincipal | undefined, arn: string, explicit: boolean): GatewayError {
  const message = `User: ${caller?.arn ?? 'anonymous'} is not authorized to perform: ${EXECUTE_API_INVOKE} on resource: ${arn}${explicit ? ' with an explicit deny' : ''}`
  return new GatewayError('ACCESS_DENIED', message, { defaultBody: JSON.stringify({ Message: message }) })
}
