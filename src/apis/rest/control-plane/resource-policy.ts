import { expandResourcePolicy, PolicyError } from '../../../auth/policy/execute-api-arn.ts'
import type { AwsEnvironment } from '../../../core/aws-environment.ts'
import { badRequest } from '../../../core/management-error.ts'
import { REST_MESSAGES } from './messages.ts'

/**
 * `RestApi.policy` as it is stored on CreateRestApi, UpdateRestApi `/policy`, ImportRestApi and
 * PutRestApi: checked, with the `execute-api:/{stage}/{VERB}/{path}` shorthand expanded to the
 * API's ARN. A policy Gatehouse cannot evaluate is refused now rather than ignored at run time.
 */
export function savedResourcePolicy(policy: string | undefined, restApiId: string, aws: AwsEnvironment): string | undefined {
  if (policy === undefined || policy.trim() === '') return undefined
  try {
    return expandResourcePolicy(policy, { region: aws.region, accountId: aws.accountId, restApiId })
  } catch (error) {
    if (error instanceof PolicyError) throw badRequest(REST_MESSAGES.invalidPolicyDocument(error.message))
    throw error
  }
}
