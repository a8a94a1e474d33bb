import type { IncomingMessage } from 'node:http'
import type { PrincipalDirectory } from '../../../auth/iam-principal.ts'
import { evaluatePolicies } from '../../../auth/policy/compiled-policy.ts'
import { EXECUTE_API_INVOKE } from '../../../auth/policy/execute-api-arn.ts'
import { conditionKeys } from '../../../auth/policy/request-context.ts'
import { SignatureRejection } from '../../../auth/sigv4/signature-rejection.ts'
import { signedRequest } from '../../../auth/sigv4/signed-request.ts'
import { verifySignature } from '../../../auth/sigv4/verify-signature.ts'
import type { AwsEnvironment } from '../../../core/aws-environment.ts'
import type { WebSocketIamIdentity } from '../../../state/connection-registry.ts'

export type ConnectAuthentication =
  | { readonly identity: WebSocketIamIdentity }
  | { readonly refused: { readonly status: number; readonly body: string } }

export interface ConnectAuthenticationDeps {
  readonly principals: PrincipalDirectory
  readonly aws: AwsEnvironment
  readonly now: number
}

/**
 * AWS_IAM on `$connect` (developer guide, "Controlling access to WebSocket APIs with IAM
 * authorization"): the upgrade request is signed with SigV4 for `execute-api` — in its headers, or
 * presigned in its query string as the page's example client does — with an access key of
 * gatehouse.yaml `principals`, verified by the verifier REST's AWS_IAM methods use; then the caller's
 * identity policies must allow `execute-api:Invoke` on `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/$connect`.
 * Anything else refuses the upgrade with 403 (developer guide, "$connect and $disconnect routes": a
 * failed authorization refuses the connection), its body the text REST answers for the same rejection.
 */
export function authenticateConnect(req: IncomingMessage, target: { apiId: string; stage: string; sourceIp: string; secure: boolean }, deps: ConnectAuthenticationDeps): ConnectAuthentication {
  let accessKeyId: string
  try {
    accessKeyId = verifySignature(signedRequest('GET', req.url ?? '/', req.rawHeaders, new Uint8Array()), {
      credential: (key) => deps.principals.byAccessKey(key),
      services: ['execute-api'],
      region: deps.aws.region,
      now: deps.now,
      unsignedPayload: 'accepted',
    }).accessKeyId
  } catch (error) {
    if (!(error instanceof SignatureRejection)) throw error
    return { refused: { status: 403, body: JSON.stringify({ message: error.message }) } }
  }
  const caller = deps.principals.byAccessKey(accessKeyId)!
  const resource = `arn:aws:execute-api:${deps.aws.region}:${deps.aws.accountId}:${target.apiId}/${target.stage}/$connect`
  const principal = { arn: caller.arn, accountId: caller.accountId }
  const decision = evaluatePolicies(caller.policies, {
    action: EXECUTE_API_INVOKE,
    resource,
    principal,
    conditionKeys: conditionKeys({
      sourceIp: target.sourceIp, userAgent: req.headers['user-agent'], secureTransport: target.secure, now: deps.now, principal,
    }),
  })
  if (decision !== 'Allow') {
    const message = `User: ${caller.arn} is not authorized to perform: ${EXECUTE_API_INVOKE} on resource: ${resource}${decision === 'Deny' ? ' with an explicit deny' : ''}`
    return { refused: { status: 403, body: JSON.stringify({ Message: message }) } }
  }
  return { identity: { accessKey: caller.accessKeyId, accountId: caller.accountId, caller: caller.userId, user: caller.userId, userArn: caller.arn } }
}
