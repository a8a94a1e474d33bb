import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import type { LocalFunctionDefinition } from '../../../../functions/function-definition.ts'
import { addBinaryMediaTypes, addCors, addEvents, emptyDefinition, readCors, type ApiEvent } from './api-definition.ts'
import { addAuth } from './api-auth.ts'
import { PLAIN_API_TYPES, planPlainRestApis, rootResourceMarker } from './api-gateway-resources.ts'
import { evaluateCondition, resolveIntrinsics, type IntrinsicScope } from './intrinsics.ts'
import { readTemplate, readYamlDocument, TemplateError } from './read-template.ts'
import { addPlainUsagePlans, addSamUsagePlan, USAGE_PLAN_TYPES, type UsagePlans } from './usage-plans.ts'

/**
 * What `gatehouse up` makes of a SAM template (SAM specification, "AWS SAM resource and property
 * reference"): the Node functions to host (AWS::Serverless::Function, with Globals.Function), and
 * each REST API with its OpenAPI document, stage and stage variables (AWS::Serverless::Api with
 * Globals.Api, plus the implicit `ServerlessRestApi` on stage `Prod` for Api events that name no
 * RestApiId). Whatever cannot run here is listed in `warnings`, never dropped silently.
 */

export interface SamApi {
  readonly logicalId: string
  readonly name: string
  /** Stable across restarts: derived from the stack and logical id, pinned by name. */
  readonly restApiId: string
  readonly stageName: string
  readonly variables?: Record<string, string>
  readonly document: Record<string, any>
  readonly events: readonly ApiEvent[]
}

export interface SamPlan {
  readonly functions: Record<string, LocalFunctionDefinition>
  readonly apis: readonly SamApi[]
  /** The Cognito user pools the authorizers name: `gatehouse token` mints tokens they accept. */
  readonly userPoolArns: readonly string[]
  /** API keys and usage plans, created after the APIs and their stages. */
  readonly usagePlans: UsagePlans
  readonly warnings: readonly string[]
  /** The template and the local files it names (DefinitionUri): a change to any reloads the app. */
  readonly files: readonly string[]
}

export interface SamPlanOptions {
  readonly region: string
  readonly accountId: string
  readonly stackName?: string
  readonly parameterOverrides?: Readonly<Record<string, string>>
}

const IMPLICIT_API = 'ServerlessRestApi'
const FUNCTION_TYPES = new Set(['AWS::Serverless::Function'])
const API_TYPES = new Set(['AWS::Serverless::Api'])

type Resource = { Type: string; Properties?: Record<string, unknown>; Condition?: string }

export const stableApiId = (stackName: string, logicalId: string): string => {
  const digest = createHash('sha256').update(`${stackName}/${logicalId}`).digest()
  let id = ''
  for (let i = 0; id.length < 10; i++) id += 'abcdefghijklmnopqrstuvwxyz0123456789'[digest[i] % 36]
  return id
}

/** Globals merge: the resource's value wins; maps (Environment.Variables, Variables) merge key by key. */
function withGlobals(globals: Record<string, unknown> | undefined, properties: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...globals }
  for (const [key, value] of Object.entries(properties)) {
    const base = merged[key]
    const bothMaps = [base, value].every((v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v as object).some((k) => k === 'Ref' || k.startsWith('Fn::')))
    merged[key] = bothMaps ? withGlobals(base as Record<string, unknown>, value as Record<string, unknown>) : value
  }
  return merged
}

export function planSamApp(templatePath: string, options: SamPlanOptions): SamPlan {
  const file = resolve(templatePath)
  const baseDir = dirname(file)
  const template = readTemplate(readFileSync(file, 'utf8'), file)
  const warnings: string[] = []
  const files = [file]
  const stackName = options.stackName ?? 'gatehouse'
  const resources = template.Resources as Record<string, Resource>
  const globals = (template.Globals ?? {}) as Record<string, Record<string, unknown>>

  const parameters: Record<string, string> = {}
  for (const [name, declaration] of Object.entries((template.Parameters ?? {}) as Record<string, { Default?: unknown }>)) {
    const value = options.parameterOverrides?.[name] ?? declaration?.Default
    if (value === undefined) throw new TemplateError(`${file}: parameter ${name} has no Default: pass --parameter-overrides ${name}=...`)
    parameters[name] = String(value)
  }
  for (const name of Object.keys(options.parameterOverrides ?? {})) {
    if (!Object.hasOwn(parameters, name)) warnings.push(`parameter override ${name} names no parameter of the template`)
  }

  const functionName = (logicalId: string): string => {
    const name = resources[logicalId]?.Properties?.FunctionName
    return typeof name === 'string' ? name : logicalId
  }
  const apiIds = new Map<string, string>()
  const apiId = (logicalId: string): string => {
    let id = apiIds.get(logicalId)
    if (id === undefined) apiIds.set(logicalId, (id = stableApiId(stackName, logicalId)))
    return id
  }
  const scope: IntrinsicScope = {
    parameters,
    region: options.region,
    accountId: options.accountId,
    stackName,
    mappings: (template.Mappings ?? {}) as Record<string, unknown>,
    conditions: (template.Conditions ?? {}) as Record<string, unknown>,
    ref(logicalId) {
      const resource = logicalId === IMPLICIT_API ? { Type: 'AWS::Serverless::Api' } : resources[logicalId]
      if (resource === undefined) return undefined
      if (FUNCTION_TYPES.has(resource.Type) || resource.Type === 'AWS::Lambda::Function') return functionName(logicalId)
      if (API_TYPES.has(resource.Type) || resource.Type === 'AWS::ApiGateway::RestApi') return apiId(logicalId)
      // CloudFormation's Ref of a stage is its name.
      if (resource.Type === 'AWS::ApiGateway::Stage') return String(resolveIn(resource.Properties?.StageName, `Resources.${logicalId}.Properties.StageName`))
      return logicalId
    },
    getAtt(logicalId, attribute) {
      const resource = resources[logicalId]
      if (resource === undefined) return undefined
      if ((FUNCTION_TYPES.has(resource.Type) || resource.Type === 'AWS::Lambda::Function') && attribute === 'Arn') {
        return `arn:aws:lambda:${options.region}:${options.accountId}:function:${functionName(logicalId)}`
      }
      if (resource.Type === 'AWS::IAM::Role' && attribute === 'Arn') return `arn:aws:iam::${options.accountId}:role/${logicalId}`
      if (resource.Type === 'AWS::ApiGateway::RestApi' && attribute === 'RootResourceId') return rootResourceMarker(logicalId)
      if (resource.Type === 'AWS::Cognito::UserPool' && attribute === 'Arn') {
        return `arn:aws:cognito-idp:${options.region}:${options.accountId}:userpool/${options.region}_${logicalId}`
      }
      // A resource this stack does not create still has attributes others read (a queue's Arn in an
      // event, a table's StreamArn in an environment variable): a stand-in, said once.
      const service = resource.Type.split('::')[1]?.toLowerCase() ?? 'unknown'
      const standIn = attribute === 'Arn' ? `arn:aws:${service}:${options.region}:${options.accountId}:${logicalId}` : `${logicalId}.${attribute}`
      const note = `${logicalId}.${attribute} stands in as ${standIn} (${resource.Type} is not created here)`
      if (!warnings.includes(note)) warnings.push(note)
      return standIn
    },
  }
  const resolveIn = (value: unknown, where: string): unknown => resolveIntrinsics(value, scope, where)
  const included = (logicalId: string, resource: Resource): boolean =>
    resource.Condition === undefined || evaluateCondition(resource.Condition, scope, `Resources.${logicalId}.Condition`)

  const functions: Record<string, LocalFunctionDefinition> = {}
  const eventsByApi = new Map<string, ApiEvent[]>()
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!FUNCTION_TYPES.has(resource.Type) || !included(logicalId, resource)) continue
    const where = `Resources.${logicalId}.Properties`
    const props = resolveIn(withGlobals(globals.Function, resource.Properties ?? {}), where) as Record<string, any>
    const runtime = String(props.Runtime ?? '')
    if (props.PackageType === 'Image' || !runtime.startsWith('nodejs')) {
      warnings.push(`${logicalId}: Runtime ${runtime || props.PackageType || '(none)'} cannot run here (Node.js only): the function is not created`)
      continue
    }
    if (typeof props.InlineCode === 'string' || typeof props.CodeUri !== 'string' && props.CodeUri !== undefined) {
      warnings.push(`${logicalId}: only a local CodeUri directory runs here (not InlineCode or S3): the function is not created`)
      continue
    }
    if (typeof props.Handler !== 'string') throw new TemplateError(`${where}.Handler is required for ${logicalId}`)
    const codeDir = resolve(baseDir, props.CodeUri ?? '.')
    if (!existsSync(codeDir)) throw new TemplateError(`${where}.CodeUri: ${relative(baseDir, codeDir) || '.'} does not exist next to the template`)
    const name = functionName(logicalId)
    functions[name] = {
      handler: join(relative(baseDir, codeDir), props.Handler),
      timeout: props.Timeout === undefined ? undefined : Number(props.Timeout),
      memorySize: props.MemorySize === undefined ? undefined : Number(props.MemorySize),
      environment: props.Environment?.Variables === undefined
        ? undefined
        : Object.fromEntries(Object.entries(props.Environment.Variables as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
      reservedConcurrency: props.ReservedConcurrentExecutions === undefined ? undefined : Number(props.ReservedConcurrentExecutions),
    }
    for (const [eventName, event] of Object.entries((props.Events ?? {}) as Record<string, { Type: string; Properties?: Record<string, any> }>)) {
      if (event.Type !== 'Api') {
        warnings.push(`${logicalId}: event ${eventName} of type ${event.Type} is not run locally (only Api events are)`)
        continue
      }
      const p = event.Properties ?? {}
      const restApi = p.RestApiId === undefined ? IMPLICIT_API : [...apiIds].find(([, id]) => id === p.RestApiId)?.[0] ?? String(p.RestApiId)
      if (typeof p.Path !== 'string' || typeof p.Method !== 'string') throw new TemplateError(`${where}.Events.${eventName}: Path and Method are required`)
      const list = eventsByApi.get(restApi) ?? []
      list.push({ functionLogicalId: logicalId, functionName: name, path: p.Path, method: p.Method, authorizer: p.Auth?.Authorizer, apiKeyRequired: p.Auth?.ApiKeyRequired })
      eventsByApi.set(restApi, list)
    }
  }

  const apis: SamApi[] = []
  const usagePlans: UsagePlans = { keys: [], plans: [] }
  const apiResources = Object.entries(resources).filter(([id, r]) => API_TYPES.has(r.Type) && included(id, r))
  if (eventsByApi.has(IMPLICIT_API)) apiResources.push([IMPLICIT_API, { Type: 'AWS::Serverless::Api', Properties: { StageName: 'Prod' } }])
  for (const [logicalId, resource] of apiResources) {
    const where = `Resources.${logicalId}.Properties`
    const props = resolveIn(withGlobals(globals.Api, resource.Properties ?? {}), where) as Record<string, any>
    const name = typeof props.Name === 'string' ? props.Name : logicalId
    let document: Record<string, any>
    if (props.DefinitionBody !== undefined) document = structuredClone(props.DefinitionBody)
    else if (typeof props.DefinitionUri === 'string') {
      const uri = resolve(baseDir, props.DefinitionUri)
      files.push(uri)
      document = readTemplateDocument(uri)
    } else {
      if (props.DefinitionUri !== undefined) warnings.push(`${logicalId}: DefinitionUri in S3 cannot be read here; the API has only its events`)
      document = emptyDefinition(name)
    }
    document.info = { ...document.info, title: name }
    const events = eventsByApi.get(logicalId) ?? []
    addEvents(document, events, options.region, options.accountId)
    addAuth(document, props.Auth, events, options, warnings, logicalId)
    const cors = readCors(props.Cors, `${where}.Cors`)
    if (cors !== undefined) addCors(document, cors)
    if (Array.isArray(props.BinaryMediaTypes)) addBinaryMediaTypes(document, props.BinaryMediaTypes.map(String))
    if (typeof props.StageName !== 'string' || props.StageName === '') throw new TemplateError(`${where}.StageName is required for ${logicalId}`)
    addSamUsagePlan(usagePlans, logicalId, props.Auth?.UsagePlan, stackName)
    apis.push({
      logicalId, name, restApiId: apiId(logicalId), stageName: props.StageName, document, events,
      variables: props.Variables === undefined ? undefined : Object.fromEntries(Object.entries(props.Variables as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
    })
  }
  const apiLogicalIdOf = (restApiId: unknown) => [...apiIds].find(([, id]) => id === restApiId)?.[0]
  for (const plain of planPlainRestApis(resources, resolveIn, apiLogicalIdOf, warnings)) {
    if (plain.stageName === undefined) {
      warnings.push(`${plain.logicalId}: no AWS::ApiGateway::Stage or Deployment gives it a StageName: created nowhere`)
      continue
    }
    apis.push({ ...plain, restApiId: apiId(plain.logicalId), stageName: plain.stageName, events: [] })
  }
  addPlainUsagePlans(usagePlans, resources, (id) => resolveIn(resources[id].Properties ?? {}, `Resources.${id}.Properties`) as Record<string, any>, apiLogicalIdOf, stackName)
  for (const [restApi, events] of eventsByApi) {
    if (!apis.some((api) => api.logicalId === restApi)) {
      warnings.push(`${events.map((e) => e.functionLogicalId).join(', ')}: RestApiId ${restApi} is not an AWS::Serverless::Api of this template: those events are not served`)
    }
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (FUNCTION_TYPES.has(resource.Type) || API_TYPES.has(resource.Type) || PLAIN_API_TYPES.has(resource.Type) || USAGE_PLAN_TYPES.has(resource.Type)) continue
    warnings.push(`${logicalId}: ${resource.Type} is not supported by gatehouse up: not created`)
  }
  return { functions, apis, usagePlans, userPoolArns: cognitoUserPools(apis), warnings, files }
}

/** Every `providerARNs` of a Cognito authorizer in the APIs' documents (Swagger or OpenAPI 3). */
function cognitoUserPools(apis: readonly SamApi[]): string[] {
  const arns = new Set<string>()
  for (const { document } of apis) {
    const schemes = { ...document.securityDefinitions, ...document.components?.securitySchemes } as Record<string, any>
    for (const scheme of Object.values(schemes)) {
      const authorizer = scheme?.['x-amazon-apigateway-authorizer']
      if (String(authorizer?.type).toLowerCase() === 'cognito_user_pools') for (const arn of authorizer.providerARNs ?? []) arns.add(String(arn))
    }
  }
  return [...arns]
}

/** A DefinitionUri file: OpenAPI in YAML or JSON. */
function readTemplateDocument(file: string): Record<string, any> {
  if (!existsSync(file)) throw new TemplateError(`DefinitionUri ${file} does not exist`)
  return readYamlDocument(readFileSync(file, 'utf8'), file) as Record<string, any>
}
