import type { AwsEnvironment } from '../../../core/aws-environment.ts'
import { headerValue } from '../../../core/http.ts'
import { formatClfTime } from '../../../integrations/aws-proxy/clf-time.ts'
import { contextDomainName } from './domain-name.ts'
import type { RequestContext, RoutedRequest } from './records.ts'

/** `requestTime` in AWS's CLF form: `17/Jun/2024:15:02:03 +0000`. */
export const formatRequestTime = formatClfTime

/**
 * `requestContext` of the payload 1.0 event, which is also `$context` in templates: exactly the
 * keys AWS sends without an authorizer, in its order, with the 12 identity keys (recorded: test_apigateway_lambda >
 * test_lambda_aws_proxy_integration > invocation-payload-without-trailing-slash). An AWS_IAM caller fills
 * `accessKey, accountId, caller, user, userArn` (sample event: powertools-ts/apigw-rest/iam-auth.json).
 */
export function buildRequestContext(routed: RoutedRequest, aws: AwsEnvironment): RequestContext {
  const { served, method, ids, http, caller } = routed
  const { domainName, domainPrefix } = contextDomainName(routed.domainName)
  return {
    accountId: aws.accountId,
    apiId: served.restApiId,
    deploymentId: served.deployment.deploymentId,
    domainName,
    domainPrefix,
    extendedRequestId: ids.extendedRequestId,
    httpMethod: http.method,
    identity: {
      accessKey: caller?.accessKeyId ?? null,
      accountId: caller?.accountId ?? null,
      caller: caller?.userId ?? null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: http.sourceIp,
      user: caller?.userId ?? null,
      userAgent: headerValue(http.rawHeaders, 'user-agent') ?? null,
      userArn: caller?.arn ?? null,
    },
    path: routed.stagePath,
    protocol: http.protocol,
    requestId: ids.requestId,
    requestTime: formatRequestTime(ids.requestTimeEpoch),
    requestTimeEpoch: ids.requestTimeEpoch,
    resourceId: method.resourceId,
    resourcePath: method.resourcePath,
    stage: served.stageName,
  }
}
