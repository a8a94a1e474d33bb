import { createHash } from 'node:crypto'
import type { AwsEnvironment } from '../core/aws-environment.ts'
import { compilePolicy, type CompiledPolicy } from './policy/compiled-policy.ts'
import { PolicyError } from './policy/policy-error.ts'
import type { SigningCredential } from './sigv4/verify-signature.ts'

/** A principal as gatehouse.yaml declares it (`principals:`). */
export interface PrincipalConfig {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  /** ISO 8601; past it the session token is expired. */
  readonly expiration?: string
  readonly accountId?: string
  readonly arn?: string
  readonly userId?: string
  /** IAM identity policies (JSON documents) granting `execute-api:Invoke`. */
  readonly policies?: readonly unknown[]
}

/** An IAM caller Gatehouse knows: its credential, who it is, and its identity policies, compiled. */
export interface IamPrincipal extends SigningCredential {
  readonly name: string
  readonly accountId: string
  /** `arn:aws:iam::{account}:user/{name}` unless configured. */
  readonly arn: string
  /** The unique id AWS reports as `caller` and `user` (`AIDA...` for IAM users). */
  readonly userId: string
  readonly policies: readonly CompiledPolicy[]
}

/** The principals of gatehouse.yaml, by access key id. Built once at start-up. */
export class PrincipalDirectory {
  readonly #byAccessKey = new Map<string, IamPrincipal>()

  constructor(principals: Readonly<Record<string, PrincipalConfig>>, aws: AwsEnvironment) {
    for (const [name, config] of Object.entries(principals)) {
      if (this.#byAccessKey.has(config.accessKeyId)) throw new PolicyError(`principals.${name}: access key ${config.accessKeyId} is used twice`)
      const accountId = config.accountId ?? aws.accountId
      const policies = (config.policies ?? []).map((policy, index) => {
        try {
          return compilePolicy(policy, 'identity')
        } catch (error) {
          throw new PolicyError(`principals.${name}.policies[${index}]: ${(error as Error).message}`)
        }
      })
      this.#byAccessKey.set(config.accessKeyId, {
        name,
        accessKeyId: config.accessKeyId,
        secretAccessKey: config.secretAccessKey,
        sessionToken: config.sessionToken,
        expiresAt: config.expiration === undefined ? undefined : Date.parse(config.expiration),
        accountId,
        arn: config.arn ?? `arn:aws:iam::${accountId}:user/${name}`,
        userId: config.userId ?? derivedUserId(accountId, name),
        policies,
      })
    }
  }

  get size(): number {
    return this.#byAccessKey.size
  }

  byAccessKey(accessKeyId: string): IamPrincipal | undefined {
    return this.#byAccessKey.get(accessKeyId)
  }
}

/** A stable IAM-user-style unique id (`AIDA` + 17 characters) when the config gives none. */
function derivedUserId(accountId: string, name: string): string {
  const digest = createHash('sha256').update(`${accountId}/${name}`).digest('base64').replace(/[^A-Za-z0-9]/g, '').toUpperCase()
  return `AIDA${digest.slice(0, 17)}`
}

export const NO_PRINCIPALS = new PrincipalDirectory({}, { region: 'us-east-1', accountId: '000000000000' })
