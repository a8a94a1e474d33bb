import { operations } from './api-auth.ts'
import { TemplateError } from './read-template.ts'

/**
 * SAM's `Auth.ResourcePolicy` of an AWS::Serverless::Api (SAM specification, ResourcePolicyStatement),
 * written into the document's `x-amazon-apigateway-policy` as the SAM transform writes it, for every
 * method of the document (the DefinitionBody's own ones too): each method's resource is
 * `execute-api:/{stage}/{VERB}/{path}` with path parameters as `*` and ANY as `*`;
 * `AwsAccountWhitelist`/`Blacklist` allow/deny those accounts; `IpRangeWhitelist`/`Blacklist` allow
 * everyone and deny the other/listed ranges (`NotIpAddress`/`IpAddress` on `aws:SourceIp`); the VPC
 * lists deny on `aws:SourceVpc`/`aws:SourceVpce` the same way; `CustomStatements` are added as they are.
 * The importer then stores the policy and the data plane evaluates it on every call (developer guide,
 * "Control access to a REST API with API Gateway resource policies").
 */

type Document = Record<string, any>
type Statement = Record<string, unknown>

const KNOWN = new Set([
  'AwsAccountWhitelist', 'AwsAccountBlacklist', 'IpRangeWhitelist', 'IpRangeBlacklist', 'SourceVpcWhitelist', 'SourceVpcBlacklist',
  'IntrinsicVpcWhitelist', 'IntrinsicVpcBlacklist', 'IntrinsicVpceWhitelist', 'IntrinsicVpceBlacklist', 'CustomStatements',
])

const strings = (value: unknown): string[] | undefined => (value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String))

/** The resource of one method in the policy, as SAM writes it (path parameters and ANY become `*`). */
function methodResource(stageName: string, path: string, method: string): string {
  const verb = method === 'x-amazon-apigateway-any-method' ? '*' : method.toUpperCase()
  return `execute-api:/${stageName}/${verb}${path.replace(/\{[^}]+\}/g, '*')}`
}

export function addResourcePolicy(document: Document, policy: Record<string, any> | undefined, stageName: string, apiLogicalId: string): void {
  if (policy === undefined) return
  const where = `Resources.${apiLogicalId}.Properties.Auth.ResourcePolicy`
  if (policy === null || typeof policy !== 'object') throw new TemplateError(`${where} must be a mapping`)
  const unknown = Object.keys(policy).filter((key) => !KNOWN.has(key))
  // A protection this reader does not know would otherwise be dropped, leaving the API open.
  if (unknown.length > 0) throw new TemplateError(`${where}: ${unknown.join(', ')} cannot be applied here, so the API would be open: remove it or run on AWS`)
  const statements: Statement[] = []
  const resources = operations(document).map(([path, method]) => methodResource(stageName, path, method))
  if (resources.length === 0) return
  const allowAll: Statement = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: resources }
  const deny = (condition: Record<string, Record<string, string[]>>): Statement =>
    ({ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: resources, Condition: condition })

  const accountsIn = strings(policy.AwsAccountWhitelist)
  if (accountsIn !== undefined) statements.push({ Effect: 'Allow', Principal: { AWS: accountsIn }, Action: 'execute-api:Invoke', Resource: resources })
  const accountsOut = strings(policy.AwsAccountBlacklist)
  if (accountsOut !== undefined) statements.push({ Effect: 'Deny', Principal: { AWS: accountsOut }, Action: 'execute-api:Invoke', Resource: resources })
  const ipsIn = strings(policy.IpRangeWhitelist)
  if (ipsIn !== undefined) statements.push(allowAll, deny({ NotIpAddress: { 'aws:SourceIp': ipsIn } }))
  const ipsOut = strings(policy.IpRangeBlacklist)
  if (ipsOut !== undefined) statements.push(allowAll, deny({ IpAddress: { 'aws:SourceIp': ipsOut } }))
  for (const [suffix, operator] of [['Blacklist', 'StringEquals'], ['Whitelist', 'StringNotEquals']] as const) {
    const vpcs = [...strings(policy[`SourceVpc${suffix}`]) ?? [], ...strings(policy[`IntrinsicVpc${suffix}`]) ?? []]
    const endpoints = strings(policy[`IntrinsicVpce${suffix}`]) ?? []
    if (vpcs.length === 0 && endpoints.length === 0) continue
    const condition: Record<string, string[]> = {}
    if (vpcs.length > 0) condition['aws:SourceVpc'] = vpcs
    if (endpoints.length > 0) condition['aws:SourceVpce'] = endpoints
    statements.push(allowAll, deny({ [operator]: condition }))
  }
  if (policy.CustomStatements !== undefined) statements.push(...(Array.isArray(policy.CustomStatements) ? policy.CustomStatements : [policy.CustomStatements]))
  const existing = document['x-amazon-apigateway-policy'] as Document | undefined
  document['x-amazon-apigateway-policy'] = {
    Version: '2012-10-17',
    Statement: [...(Array.isArray(existing?.Statement) ? existing.Statement : []), ...dedupe(statements)],
  }
}

/** The whitelist forms each add the same allow-all statement: once is enough. */
function dedupe(statements: Statement[]): Statement[] {
  const seen = new Set<string>()
  return statements.filter((statement) => {
    const key = JSON.stringify(statement)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
