import { randomBytes } from 'node:crypto'
import type { AwsCredentials } from './sigv4-signer.ts'

/** The gateway's own AWS credentials, from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY(/AWS_SESSION_TOKEN) when both are set. */
export function credentialsFromEnvironment(env: NodeJS.ProcessEnv): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY
  if (accessKeyId === undefined || secretAccessKey === undefined || accessKeyId === '' || secretAccessKey === '') return undefined
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined }
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/**
 * What local functions sign with, as a Lambda function signs with its execution role's temporary
 * credentials: the gateway's own when its environment has some (a function may call real AWS
 * services with them), else a key made for this gateway's lifetime, in the shape of STS's
 * (`ASIA…`, a secret, a session token). The gateway accepts calls signed with it where a function's
 * role would be allowed (`@connections`).
 */
export function executionRoleCredentials(env: NodeJS.ProcessEnv): AwsCredentials {
  const own = credentialsFromEnvironment(env)
  if (own !== undefined) return own
  const id = [...randomBytes(16)].map((byte) => BASE32[byte % 32]).join('')
  return { accessKeyId: `ASIA${id}`, secretAccessKey: randomBytes(30).toString('base64'), sessionToken: randomBytes(96).toString('base64') }
}
