/**
 * What `gatehouse up` says about a resource it does not create. Three kinds:
 *
 * - **protecting**: it guards an API (a WAF web ACL association). Serving the API without it would let
 *   in callers AWS turns away, so `up` refuses to start unless told to accept that
 *   (`--accept-unprotected`), and then lists it first;
 * - **quiet**: plumbing that changes nothing a local caller sees (the permission that lets API
 *   Gateway invoke a function, the roles and log groups around it): not mentioned;
 * - everything else: one warning line.
 */

export const PROTECTING_TYPES: Readonly<Record<string, string>> = {
  'AWS::WAFv2::WebACLAssociation': 'its web ACL is not enforced here',
  'AWS::WAFRegional::WebACLAssociation': 'its web ACL is not enforced here',
}

export const QUIET_TYPES = new Set([
  'AWS::Lambda::Permission', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::Logs::LogGroup', 'AWS::ApiGateway::Account',
])

export type UnsupportedKind = 'protecting' | 'quiet' | 'other'

export function unsupportedKind(type: string): UnsupportedKind {
  if (Object.hasOwn(PROTECTING_TYPES, type)) return 'protecting'
  return QUIET_TYPES.has(type) ? 'quiet' : 'other'
}

/** The line for a protecting resource that is not enforced. */
export const unprotectedLine = (logicalId: string, type: string): string => `${logicalId}: ${type} is not created, ${PROTECTING_TYPES[type]}`
