/**
 * What a policy is evaluated against: the action, the resource ARN, who is calling, and the
 * global condition keys of the request (`aws:SourceIp`, `aws:UserAgent`, ...).
 */
export interface PolicyRequest {
  readonly action: string
  readonly resource: string
  /** Undefined for an unauthenticated caller (AWS's `anonymous`). */
  readonly principal?: PolicyPrincipal
  /** Condition keys by lowercase name (`aws:sourceip`); a key absent from the request is absent here. */
  readonly conditionKeys: ReadonlyMap<string, string>
}

export interface PolicyPrincipal {
  readonly arn: string
  readonly accountId: string
}

/** The condition keys API Gateway fills for an invocation (developer guide, resource policy examples). */
export function conditionKeys(values: {
  sourceIp: string
  userAgent?: string
  referer?: string
  secureTransport: boolean
  now: number
  principal?: PolicyPrincipal
}): Map<string, string> {
  const keys = new Map<string, string>([
    ['aws:sourceip', values.sourceIp],
    ['aws:securetransport', String(values.secureTransport)],
    ['aws:currenttime', new Date(values.now).toISOString().replace(/\.\d{3}Z$/, 'Z')],
    ['aws:epochtime', String(Math.floor(values.now / 1000))],
  ])
  if (values.userAgent !== undefined) keys.set('aws:useragent', values.userAgent)
  if (values.referer !== undefined) keys.set('aws:referer', values.referer)
  if (values.principal !== undefined) {
    keys.set('aws:principalarn', values.principal.arn)
    keys.set('aws:principalaccount', values.principal.accountId)
  }
  return keys
}
