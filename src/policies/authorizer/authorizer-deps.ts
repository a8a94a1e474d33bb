import type { AwsEnvironment } from '../../core/aws-environment.ts'
import type { Clock } from '../../core/clock.ts'
import type { Logger } from '../../core/logger.ts'
import type { FunctionHost } from '../../functions/function-host.ts'
import type { AuthorizerCache } from '../../state/authorizer-cache.ts'
import type { UserPoolKeys } from './user-pool-keys.ts'

/** What running an authorizer needs; built once by the data plane. */
export interface AuthorizerDeps {
  readonly functions: FunctionHost
  readonly cache: AuthorizerCache
  readonly aws: AwsEnvironment
  readonly logger: Logger
  /** Token expiry (`exp`, `nbf`) and cache expiry read this clock. */
  readonly clock: Clock
  /** The signing keys of the Cognito user pools Gatehouse knows (gatehouse.yaml `userPools`). */
  readonly userPools: UserPoolKeys
}
