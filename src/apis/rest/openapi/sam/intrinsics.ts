import { TemplateError } from './read-template.ts'

/**
 * CloudFormation's intrinsic functions as a local stack resolves them (CloudFormation user guide,
 * "Intrinsic function reference"): `Ref` (parameters, pseudo parameters, resources), `Fn::GetAtt`,
 * `Fn::Sub` (both forms), `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`, `Fn::Base64`, and
 * `Fn::If` with the template's Conditions (`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`).
 * `Ref AWS::NoValue` removes the property, as CloudFormation does.
 */

export interface IntrinsicScope {
  readonly parameters: Readonly<Record<string, string>>
  readonly region: string
  readonly accountId: string
  readonly stackName: string
  readonly mappings: Readonly<Record<string, unknown>>
  readonly conditions: Readonly<Record<string, unknown>>
  /** What `Ref` of a resource gives (a function's name, an API's id); undefined for no such resource. */
  ref(logicalId: string): string | undefined
  /** What `Fn::GetAtt` gives; undefined when this stack cannot know it. */
  getAtt(logicalId: string, attribute: string): string | undefined
}

const NO_VALUE = Symbol('AWS::NoValue')

export function resolveIntrinsics(value: unknown, scope: IntrinsicScope, where: string): unknown {
  const resolved = resolve(value, scope, where)
  return resolved === NO_VALUE ? undefined : resolved
}

function pseudo(name: string, scope: IntrinsicScope): string | typeof NO_VALUE | undefined {
  switch (name) {
    case 'AWS::Region': return scope.region
    case 'AWS::AccountId': return scope.accountId
    case 'AWS::StackName': return scope.stackName
    case 'AWS::StackId': return `arn:aws:cloudformation:${scope.region}:${scope.accountId}:stack/${scope.stackName}/local`
    case 'AWS::Partition': return 'aws'
    case 'AWS::URLSuffix': return 'amazonaws.com'
    case 'AWS::NoValue': return NO_VALUE
    default: return undefined
  }
}

function ref(name: string, scope: IntrinsicScope, where: string): string | typeof NO_VALUE {
  const value = pseudo(name, scope) ?? (Object.hasOwn(scope.parameters, name) ? scope.parameters[name] : scope.ref(name))
  if (value === undefined) throw new TemplateError(`${where}: Ref ${name} names no parameter or resource`)
  return value
}

function getAtt(logicalId: string, attribute: string, scope: IntrinsicScope, where: string): string {
  const value = scope.getAtt(logicalId, attribute)
  if (value === undefined) throw new TemplateError(`${where}: Fn::GetAtt ${logicalId}.${attribute} is not known to a local stack`)
  return value
}

const text = (value: unknown, where: string): string => {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new TemplateError(`${where}: expected a string, got ${JSON.stringify(value)}`)
}

/** `${Param}`, `${Resource.Attribute}`, `${AWS::Region}`; `${!Literal}` stays `${Literal}`. */
function substitute(template: string, variables: Readonly<Record<string, unknown>>, scope: IntrinsicScope, where: string): string {
  return template.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`
    if (Object.hasOwn(variables, name)) return text(variables[name], where)
    const dot = name.indexOf('.')
    if (dot > 0 && !name.startsWith('AWS::')) return getAtt(name.slice(0, dot), name.slice(dot + 1), scope, where)
    const value = ref(name, scope, where)
    return value === NO_VALUE ? '' : value
  })
}

export function evaluateCondition(name: string, scope: IntrinsicScope, where: string): boolean {
  if (!Object.hasOwn(scope.conditions, name)) throw new TemplateError(`${where}: no condition named ${name}`)
  return truth(resolve(scope.conditions[name], scope, `Conditions.${name}`), `Conditions.${name}`)
}

function truth(value: unknown, where: string): boolean {
  if (typeof value === 'boolean') return value
  if (value === 'true' || value === 'false') return value === 'true'
  throw new TemplateError(`${where}: a condition must be true or false, got ${JSON.stringify(value)}`)
}

function resolve(value: unknown, scope: IntrinsicScope, where: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item, i) => resolve(item, scope, `${where}[${i}]`)).filter((item) => item !== NO_VALUE)
  }
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value)
  if (entries.length === 1) {
    const [key, argument] = entries[0]
    const at = `${where}.${key}`
    switch (key) {
      case 'Ref':
        return ref(text(argument, at), scope, at)
      case 'Condition':
        return evaluateCondition(text(argument, at), scope, at)
      case 'Fn::GetAtt': {
        const parts = typeof argument === 'string' ? argument.split(/\.(.*)/s) : (resolve(argument, scope, at) as unknown[])
        return getAtt(text(parts[0], at), text(parts[1], at), scope, at)
      }
      case 'Fn::Sub': {
        if (typeof argument === 'string') return substitute(argument, {}, scope, at)
        const [template, variables] = argument as [unknown, Record<string, unknown>]
        return substitute(text(template, at), resolve(variables ?? {}, scope, at) as Record<string, unknown>, scope, at)
      }
      case 'Fn::Join': {
        const [separator, items] = argument as [unknown, unknown]
        const list = resolve(items, scope, at)
        if (!Array.isArray(list)) throw new TemplateError(`${at}: expected a list to join`)
        return list.map((item) => text(item, at)).join(text(separator, at))
      }
      case 'Fn::Select': {
        const [index, items] = resolve(argument, scope, at) as [unknown, unknown[]]
        const chosen = Array.isArray(items) ? items[Number(index)] : undefined
        if (chosen === undefined) throw new TemplateError(`${at}: index ${String(index)} is out of range`)
        return chosen
      }
      case 'Fn::Split': {
        const [separator, source] = resolve(argument, scope, at) as [unknown, unknown]
        return text(source, at).split(text(separator, at))
      }
      case 'Fn::Base64':
        return Buffer.from(text(resolve(argument, scope, at), at)).toString('base64')
      case 'Fn::FindInMap': {
        const [map, top, second] = (resolve(argument, scope, at) as unknown[]).map((part) => text(part, at))
        const found = (scope.mappings[map] as Record<string, Record<string, unknown>> | undefined)?.[top]?.[second]
        if (found === undefined) throw new TemplateError(`${at}: Mappings has no ${map}.${top}.${second}`)
        return found
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = argument as [unknown, unknown, unknown]
        return evaluateCondition(text(condition, at), scope, at) ? resolve(whenTrue, scope, at) : resolve(whenFalse, scope, at)
      }
      case 'Fn::Equals': {
        const [a, b] = resolve(argument, scope, at) as [unknown, unknown]
        return JSON.stringify(a) === JSON.stringify(b)
      }
      case 'Fn::Not':
        return !truth((resolve(argument, scope, at) as unknown[])[0], at)
      case 'Fn::And':
        return (resolve(argument, scope, at) as unknown[]).every((item) => truth(item, at))
      case 'Fn::Or':
        return (resolve(argument, scope, at) as unknown[]).some((item) => truth(item, at))
    }
    if (key.startsWith('Fn::')) throw new TemplateError(`${at}: ${key} is not supported by gatehouse up`)
  }
  const out: Record<string, unknown> = {}
  for (const [key, item] of entries) {
    const resolved = resolve(item, scope, `${where}.${key}`)
    if (resolved !== NO_VALUE) out[key] = resolved
  }
  return out
}
