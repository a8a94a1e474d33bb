import { wildcardPattern, type PolicyStatement } from './authorizer-policy.ts'

/**
 * A Lambda authorizer's answer, checked as API Gateway checks it (developer guide, "Output from an
 * API Gateway Lambda authorizer"; sample event: lambda-go/apigw-custom-auth-response.json): a JSON object with a string `principalId`, a
 * `policyDocument` whose `Statement` is one statement or a list of them, each with `Effect`
 * `Allow`/`Deny`, `Action` and `Resource` (string or list); an optional `context` whose values are
 * strings, numbers or booleans only — objects and arrays are refused — and an optional
 * `usageIdentifierKey`. Anything else is the authorizer's configuration error (500), which
 * `undefined` signals.
 */
export interface LambdaAuthorizerOutput {
  readonly principalId: string
  readonly statements: readonly PolicyStatement[]
  /** Context values, stringified as every consumer sees them (`1` → `"1"`, `true` → `"true"`). */
  readonly context: Readonly<Record<string, string>>
  readonly usageIdentifierKey?: string
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

const stringList = (value: unknown): string[] | undefined => {
  const list = Array.isArray(value) ? value : [value]
  return list.length > 0 && list.every((item) => typeof item === 'string') ? (list as string[]) : undefined
}

export function readLambdaAuthorizerOutput(output: unknown): LambdaAuthorizerOutput | undefined {
  if (!isObject(output)) return undefined
  const { principalId, policyDocument, context, usageIdentifierKey } = output
  if (typeof principalId !== 'string' && typeof principalId !== 'number') return undefined
  if (!isObject(policyDocument)) return undefined
  const rawStatements = Array.isArray(policyDocument.Statement) ? policyDocument.Statement : [policyDocument.Statement]
  const statements: PolicyStatement[] = []
  for (const raw of rawStatements) {
    if (!isObject(raw) || (raw.Effect !== 'Allow' && raw.Effect !== 'Deny')) return undefined
    const actions = stringList(raw.Action)
    const resources = stringList(raw.Resource)
    if (actions === undefined || resources === undefined) return undefined
    statements.push({
      effect: raw.Effect,
      actions: actions.map((action) => wildcardPattern(action, true)),
      resources: resources.map((resource) => wildcardPattern(resource)),
    })
  }
  const values: Record<string, string> = {}
  if (context !== undefined && context !== null) {
    if (!isObject(context)) return undefined
    for (const [key, value] of Object.entries(context)) {
      if (value === null) continue
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined
      values[key] = String(value)
    }
  }
  if (usageIdentifierKey !== undefined && usageIdentifierKey !== null && typeof usageIdentifierKey !== 'string') return undefined
  return {
    principalId: String(principalId),
    statements,
    context: values,
    usageIdentifierKey: typeof usageIdentifierKey === 'string' ? usageIdentifierKey : undefined,
  }
}
