import type { AwsEnvironment } from '../core/aws-environment.ts'
import type { AwsCredentials } from './sigv4-signer.ts'

/** Variables the gateway passes on to handlers when set, as Lambda gives the function its role's credentials. */
const PASSED_THROUGH = ['PATH', 'HOME', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'NODE_EXTRA_CA_CERTS']

/**
 * The environment a handler sees: Lambda's reserved variables (developer guide, "Defined runtime
 * environment variables") plus the function's own, and nothing else of the gateway's.
 * Reserved names win over the function's own, as Lambda refuses to let a function set them.
 */
export function lambdaEnvironment(options: {
  functionName: string
  handler: string
  taskRoot: string
  memorySize: number
  logStreamName: string
  /** Where the runtime's own code is (`LAMBDA_RUNTIME_DIR`, `/var/runtime` on Lambda). */
  runtimeDir: string
  aws: AwsEnvironment
  own?: Readonly<Record<string, string>>
  /** The execution role's credentials; the gateway's own AWS_* variables when not given. */
  role?: AwsCredentials
  gateway?: NodeJS.ProcessEnv
}): Record<string, string> {
  const gateway = options.gateway ?? process.env
  const env: Record<string, string> = {}
  for (const name of PASSED_THROUGH) {
    const value = gateway[name]
    if (value !== undefined) env[name] = value
  }
  if (options.role !== undefined) {
    env.AWS_ACCESS_KEY_ID = options.role.accessKeyId
    env.AWS_SECRET_ACCESS_KEY = options.role.secretAccessKey
    if (options.role.sessionToken === undefined) delete env.AWS_SESSION_TOKEN
    else env.AWS_SESSION_TOKEN = options.role.sessionToken
  }
  Object.assign(env, options.own ?? {})
  const major = process.versions.node.split('.')[0]
  Object.assign(env, {
    _HANDLER: options.handler,
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${major}.x`,
    AWS_LAMBDA_FUNCTION_NAME: options.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memorySize),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${options.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: options.logStreamName,
    AWS_REGION: options.aws.region,
    AWS_DEFAULT_REGION: options.aws.region,
    LAMBDA_TASK_ROOT: options.taskRoot,
    LAMBDA_RUNTIME_DIR: options.runtimeDir,
    LANG: 'en_US.UTF-8',
    // Lambda runs functions in UTC and says so in the form glibc reads ("Defined runtime environment variables").
    TZ: ':UTC',
  })
  return env
}
