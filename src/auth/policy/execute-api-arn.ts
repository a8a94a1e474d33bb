import { compilePolicy } from './compiled-policy.ts'
import { PolicyError } from './policy-error.ts'

/** The action every API Gateway invocation is authorised as. */
export const EXECUTE_API_INVOKE = 'execute-api:Invoke'

/**
 * The ARN of one invocation, as IAM and resource policies see it:
 * `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path without its leading slash}`.
 */
export function executeApiArn(parts: { region: string; accountId: string; restApiId: string; stage: string; httpMethod: string; path: string }): string {
  const path = parts.path.startsWith('/') ? parts.path.slice(1) : parts.path
  return `arn:aws:execute-api:${parts.region}:${parts.accountId}:${parts.restApiId}/${parts.stage}/${parts.httpMethod}/${path}`
}

/**
 * What API Gateway does to a resource policy on save (CreateRestApi, UpdateRestApi `/policy`,
 * imports): checks that it is a policy it can evaluate, and expands the shorthand
 * `execute-api:/{stage}/{VERB}/{path}` in `Resource`/`NotResource` to the API's full ARN
 * (developer guide, "Create and attach an API Gateway resource policy"). Returns the stored text.
 */
export function expandResourcePolicy(text: string, api: { region: string; accountId: string; restApiId: string }): string {
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch {
    throw new PolicyError('the policy is not valid JSON')
  }
  compilePolicy(document, 'resource')
  const prefix = `arn:aws:execute-api:${api.region}:${api.accountId}:${api.restApiId}`
  const expand = (value: unknown): unknown => {
    if (typeof value === 'string') return value.startsWith('execute-api:/') ? prefix + value.slice('execute-api:'.length) : value
    return Array.isArray(value) ? value.map(expand) : value
  }
  const statements = (document as Record<string, unknown>).Statement
  const expanded = (Array.isArray(statements) ? statements : [statements]).map((statement) => {
    const s = { ...(statement as Record<string, unknown>) }
    if (s.Resource !== undefined) s.Resource = expand(s.Resource)
    if (s.NotResource !== undefined) s.NotResource = expand(s.NotResource)
    return s
  })
  return JSON.stringify({ ...(document as Record<string, unknown>), Statement: Array.isArray(statements) ? expanded : expanded[0] })
}

export { PolicyError }
