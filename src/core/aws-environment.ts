/** The account and region the gateway pretends to be, used in ARNs, hosts and events. */
export interface AwsEnvironment {
  readonly region: string
  readonly accountId: string
}

export const DEFAULT_AWS_ENVIRONMENT: AwsEnvironment = { region: 'us-east-1', accountId: '000000000000' }
