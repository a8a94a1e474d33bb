import { evaluatePolicies } from '../../auth/policy/compiled-policy.ts'
import { executeApiArn } from '../../auth/policy/execute-api-arn.ts'
import { conditionKeys } from '../../auth/policy/request-context.ts'
import { SignatureRejection } from '../../auth/sigv4/signature-rejection.ts'
import { signedRequest } from '../../auth/sigv4/signed-request.ts'
import { verifySignature, type SigningCredential } from '../../auth/sigv4/verify-signature.ts'
import type { GatewayError } from '../../core/gateway-error.ts'
import type { HttpRequest } from '../../core/http.ts'
import type { GatewayEngines } from '../api-kind.ts'
import { signatureGatewayError } from '../rest/pipeline/phases/iam-authentication.ts'

/** The IAM action for the `@connections` API (developer guide, "Control access to WebSocket APIs with IAM authorization"). */
export const EXECUTE_API_MANAGE_CONNECTIONS = 'execute-api:ManageConnections'

/** Who may call `@connections`. */
export interface ConnectionsApiAccess {
  /** True when calls must be signed: some admin key or IAM principal is configured. */
  readonly signatureRequired: boolean
  /**
   * Keys allowed every `@connections` call without a policy: the admin keys, and the credentials
   * local functions sign with (their execution role's, which on AWS a backend is given
   * `execute-api:ManageConnections` for).
   */
  readonly trustedKeys: readonly SigningCredential[]
}

/** No signature asked for: the default of a gateway without admin keys or principals, open on the loopback only. */
export const OPEN_CONNECTIONS_API: ConnectionsApiAccess = { signatureRequired: false, trustedKeys: [] }

export interface ManageConnectionsCall {
  readonly apiId: string
  readonly stage: string
  /** The path below the stage: `/@connections/{connectionId}`. */
  readonly path: string
}

/**
 * `@connections` takes SigV4-signed calls for `execute-api` (developer guide, "Use @connections
 * commands in your backend service"): by a trusted key, or by a principal of gatehouse.yaml whose
 * identity policies allow `execute-api:ManageConnections` on
 * `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/@connections/{connectionId}` (the
 * REST ARN form, same guide). A bad or missing signature is execute-api's own answer (REST's
 * AWS_IAM gateway responses: `Missing Authentication Token`, `InvalidSignatureException`, ...); a
 * principal not allowed is `forbidden` (403 ForbiddenException, as users report it).
 * Undefined when the call may go on.
 */
export function authorizeManageConnections(http: HttpRequest, call: ManageConnectionsCall, engines: GatewayEngines): GatewayError | 'forbidden' | undefined {
  const access = engines.connectionsAccess
  if (!access.signatureRequired) return undefined
  const trusted = (accessKeyId: string): SigningCredential | undefined => access.trustedKeys.find((key) => key.accessKeyId === accessKeyId)
  let accessKeyId: string
  try {
    accessKeyId = verifySignature(signedRequest(http.method, http.url ?? '/', http.rawHeaders, http.body), {
      credential: (id) => trusted(id) ?? engines.principals.byAccessKey(id),
      services: ['execute-api'],
      region: engines.aws.region,
      now: engines.clock.now(),
      unsignedPayload: 'accepted',
    }).accessKeyId
  } catch (error) {
    if (error instanceof SignatureRejection) return signatureGatewayError(error)
    throw error
  }
  if (trusted(accessKeyId) !== undefined) return undefined
  const caller = engines.principals.byAccessKey(accessKeyId)
  if (caller === undefined) return 'forbidden'
  const principal = { arn: caller.arn, accountId: caller.accountId }
  const decision = evaluatePolicies(caller.policies, {
    action: EXECUTE_API_MANAGE_CONNECTIONS,
    resource: executeApiArn({ ...engines.aws, restApiId: call.apiId, stage: call.stage, httpMethod: http.method, path: call.path }),
    principal,
    conditionKeys: conditionKeys({ sourceIp: http.sourceIp, secureTransport: http.secure === true, now: engines.clock.now(), principal }),
  })
  return decision === 'Allow' ? undefined : 'forbidden'
}
