import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import type { LocalFunctionDefinition } from '../../../../functions/function-definition.ts'
import { addBinaryMediaTypes, addCors, addEvents, emptyDefinition, readCors, type ApiEvent } from './api-definition.ts'
import { addAuth } from './api-auth.ts'
import { addHttpApiAuth, cognitoPoolOfIssuer, jwtIssuers } from './http-api-auth.ts'
import { addHttpApiCors, addHttpApiEvents, emptyHttpApiDefinition, readHttpApiEvent, type HttpApiEvent } from './http-api-definition.ts'
import { PLAIN_API_TYPES, planPlainRestApis, rootResourceMarker } from './api-gateway-resources.ts'
import { isV2Type, planPlainV2Apis, refuseCreatedIdMarker, v2GetAtt, v2Ref, type PlainV2Plan } from './api-gateway-v2-resources.ts'
import { evaluateCondition, resolveIntrinsics, type IntrinsicScope } from './intrinsics.ts'
import { readTemplate, readYamlDocument, TemplateError } from './read-template.ts'
import { addResourcePolicy } from './resource-policy.ts'
import { unprotectedLine, unsupportedKind } from './unsupported-resources.ts'
import { addPlainUsagePlans, addSamUsagePlan, unenforcedWebSocketPlanLimits, USAGE_PLAN_TYPES, type UsagePlans } from './usage-plans.ts'

/**
 * What `gatehouse up` makes of a SAM template (SAM specification, "AWS SAM resource and property
 * reference"): the Node functions to host (AWS::Serverless::Function, with Globals.Function), and
 * each REST API with its OpenAPI document, stage and stage variables (AWS::Serverless::Api with
 * Globals.Api, plus the implicit `ServerlessRestApi` on stage `Prod` for Api events that name no
 * RestApiId), and each HTTP API (AWS::Serverless::HttpApi with Globals.HttpApi, plus the implicit
 * `ServerlessHttpApi` on the `$default` stage for HttpApi events that name no ApiId: SAM
 * specification, "HttpApi" event source). Whatever cannot run here is listed in `warnings`, never dropped silently; whatever
 * protects an API and cannot be enforced here makes the plan fail (a TemplateError naming each), unless
 * `acceptUnprotected` is set, when it is listed in `unprotected` instead.
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
  /** Where the document comes from, for messages: `Resources.X.Properties.DefinitionBody`, a file, ... */
  readonly source: string
}

/** An HTTP API (protocol HTTP, API Gateway v2): imported with ImportApi, served on its stage with AutoDeploy. */
export interface SamHttpApi {
  readonly logicalId: string
  readonly name: string
  /** Stable across restarts, as a REST API's. */
  readonly apiId: string
  /** `$default` unless the template names one (SAM specification, AWS::Serverless::HttpApi, StageName). */
  readonly stageName: string
  readonly stageVariables?: Record<string, string>
  /** The stage's DefaultRouteSettings and RouteSettings, as UpdateStage takes them (camel case). */
  readonly defaultRouteSettings?: Record<string, unknown>
  readonly routeSettings?: Record<string, Record<string, unknown>>
  readonly document: Record<string, any>
  readonly events: readonly HttpApiEvent[]
  readonly source: string
}

/** An `InlineCode` function's code, written to a file before the functions host starts. */
export interface InlineCodeFile {
  readonly path: string
  readonly code: string
}

export interface SamPlan {
  readonly functions: Record<string, LocalFunctionDefinition>
  readonly apis: readonly SamApi[]
  readonly httpApis: readonly SamHttpApi[]
  /** Plain AWS::ApiGatewayV2 HTTP and WebSocket APIs: the control-plane calls that create them, in order. */
  readonly v2: PlainV2Plan
  /** The Cognito user pools the authorizers name: `gatehouse token` mints tokens they accept. */
  readonly userPoolArns: readonly string[]
  /** API keys and usage plans, created after the APIs and their stages. */
  readonly usagePlans: UsagePlans
  readonly warnings: readonly string[]
  /** Protections of the template that are not enforced here (only with `acceptUnprotected`). */
  readonly unprotected: readonly string[]
  readonly inlineCode: readonly InlineCodeFile[]
  /** The template and the local files it names (DefinitionUri): a change to any reloads the app. */
  readonly files: readonly string[]
}

export interface SamPlanOptions {
  readonly region: string
  readonly accountId: string
  readonly stackName?: string
  readonly parameterOverrides?: Readonly<Record<string, string>>
  /** Where `InlineCode` functions are written (default `.gatehouse/inline-code` beside the template). */
  readonly inlineCodeDir?: string
  /** Serve even though some protection of the template cannot be enforced here (listed in `unprotected`). */
  readonly acceptUnprotected?: boolean
}

const IMPLICIT_API = 'ServerlessRestApi'
const IMPLICIT_HTTP_API = 'ServerlessHttpApi'
const HTTP_API_TYPES = new Set(['AWS::Serverless::HttpApi'])
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
      const resource = logicalId === IMPLICIT_API ? { Type: 'AWS::Serverless::Api' } : logicalId === IMPLICIT_HTTP_API ? { Type: 'AWS::Serverless::HttpApi' } : resources[logicalId]
      if (resource === undefined) return undefined
      if (FUNCTION_TYPES.has(resource.Type) || resource.Type === 'AWS::Lambda::Function') return functionName(logicalId)
      if (API_TYPES.has(resource.Type) || HTTP_API_TYPES.has(resource.Type) || resource.Type === 'AWS::ApiGateway::RestApi') return apiId(logicalId)
      if (isV2Type(resource.Type)) return v2Ref(resource, logicalId, apiId, resolveIn)
      // CloudFormation's Ref of a user pool is its id, `{region}_{...}`: here the one its Arn below names.
      if (resource.Type === 'AWS::Cognito::UserPool') return `${options.region}_${logicalId}`
      // CloudFormation's Ref of a stage is its name.
      if (resource.Type === 'AWS::ApiGateway::Stage') return String(resolveIn(resource.Properties?.StageName, `Resources.${logicalId}.Properties.StageName`))
      // ... and of a model its name, which methods' RequestModels use.
      if (resource.Type === 'AWS::ApiGateway::Model' && resource.Properties?.Name !== undefined) {
        return String(resolveIn(resource.Properties.Name, `Resources.${logicalId}.Properties.Name`))
      }
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
      const v2 = isV2Type(resource.Type) ? v2GetAtt(resource, logicalId, attribute, apiId, options.region) : undefined
      if (v2 !== undefined) return v2
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
  const unprotected: string[] = []
  const inlineCode: InlineCodeFile[] = []
  const inlineCodeDir = resolve(options.inlineCodeDir ?? join(baseDir, '.gatehouse', 'inline-code'))
  const eventsByApi = new Map<string, ApiEvent[]>()
  const eventsByHttpApi = new Map<string, HttpApiEvent[]>()
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!FUNCTION_TYPES.has(resource.Type) || !included(logicalId, resource)) continue
    const where = `Resources.${logicalId}.Properties`
    const props = resolveIn(withGlobals(globals.Function, resource.Properties ?? {}), where) as Record<string, any>
    const runtime = String(props.Runtime ?? '')
    if (props.PackageType === 'Image' || !runtime.startsWith('nodejs')) {
      warnings.push(`${logicalId}: Runtime ${runtime || props.PackageType || '(none)'} cannot run here (Node.js only): the function is not created`)
      continue
    }
    if (props.InlineCode === undefined && typeof props.CodeUri !== 'string' && props.CodeUri !== undefined) {
      warnings.push(`${logicalId}: CodeUri in S3 cannot be read here (only a local directory or InlineCode): the function is not created`)
      continue
    }
    if (typeof props.Handler !== 'string') throw new TemplateError(`${where}.Handler is required for ${logicalId}`)
    let codeDir: string
    if (props.InlineCode !== undefined) {
      // Lambda writes inline Node.js code to index.js (CloudFormation user guide, AWS::Lambda::Function Code, ZipFile),
      // so `Handler: index.handler` finds it; the empty package.json keeps a parent's "type" from changing how it loads.
      codeDir = join(inlineCodeDir, logicalId)
      inlineCode.push({ path: join(codeDir, 'index.js'), code: String(props.InlineCode) }, { path: join(codeDir, 'package.json'), code: '{}\n' })
    } else {
      codeDir = resolve(baseDir, props.CodeUri ?? '.')
      if (!existsSync(codeDir)) throw new TemplateError(`${where}.CodeUri: ${relative(baseDir, codeDir) || '.'} does not exist next to the template`)
    }
    const name = functionName(logicalId)
    functions[name] = {
      handler: join(relative(baseDir, codeDir), props.Handler),
      timeout: props.Timeout === undefined ? undefined : Number(props.Timeout),
      memorySize: props.MemorySize === undefined ? undefined : Number(props.MemorySize),
      environment: props.Environment?.Variables === undefined
        ? undefined
        : Object.fromEntries(Object.entries(props.Environment.Variables as Record<string, unknown>)
          .map(([k, v]) => [k, refuseCreatedIdMarker(String(v), `${where}.Environment.Variables.${k}`)])),
      reservedConcurrency: props.ReservedConcurrentExecutions === undefined ? undefined : Number(props.ReservedConcurrentExecutions),
    }
    for (const [eventName, event] of Object.entries((props.Events ?? {}) as Record<string, { Type: string; Properties?: Record<string, any> }>)) {
      if (event.Type === 'HttpApi') {
        const p = event.Properties ?? {}
        const httpApi = p.ApiId === undefined ? IMPLICIT_HTTP_API : [...apiIds].find(([, id]) => id === p.ApiId)?.[0] ?? String(p.ApiId)
        const list = eventsByHttpApi.get(httpApi) ?? []
        list.push(readHttpApiEvent(logicalId, name, eventName, p, `${where}.Events.${eventName}.Properties`))
        eventsByHttpApi.set(httpApi, list)
        continue
      }
      if (event.Type !== 'Api') {
        warnings.push(`${logicalId}: event ${eventName} of type ${event.Type} is not run locally (only Api and HttpApi events are)`)
        continue
      }
      const p = event.Properties ?? {}
      const restApi = p.RestApiId === undefined ? IMPLICIT_API : [...apiIds].find(([, id]) => id === p.RestApiId)?.[0] ?? String(p.RestApiId)
      if (typeof p.Path !== 'string' || typeof p.Method !== 'string') throw new TemplateError(`${where}.Events.${eventName}: Path and Method are required`)
      const list = eventsByApi.get(restApi) ?? []
      // An event's own resource policy guards its method; not applying it would open the method.
      if (p.Auth?.ResourcePolicy !== undefined) unprotected.push(`${logicalId}: event ${eventName}'s Auth.ResourcePolicy is not enforced here`)
      list.push({
        functionLogicalId: logicalId, functionName: name, path: p.Path, method: p.Method, authorizer: p.Auth?.Authorizer,
        apiKeyRequired: p.Auth?.ApiKeyRequired === undefined ? undefined : p.Auth.ApiKeyRequired === true || p.Auth.ApiKeyRequired === 'true',
        authorizationScopes: Array.isArray(p.Auth?.AuthorizationScopes) ? p.Auth.AuthorizationScopes.map(String) : undefined,
      })
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
    let source = `Resources.${logicalId}.Properties.DefinitionBody`
    if (props.DefinitionBody !== undefined) document = structuredClone(props.DefinitionBody)
    else if (typeof props.DefinitionUri === 'string') {
      const uri = resolve(baseDir, props.DefinitionUri)
      files.push(uri)
      document = readTemplateDocument(uri)
      source = `Resources.${logicalId}.Properties.DefinitionUri (${relative(baseDir, uri)})`
    } else {
      source = `Resources.${logicalId} (its events)`
      if (props.DefinitionUri !== undefined) warnings.push(`${logicalId}: DefinitionUri in S3 cannot be read here; the API has only its events`)
      document = emptyDefinition(name)
    }
    document.info = { ...document.info, title: name }
    const events = eventsByApi.get(logicalId) ?? []
    addEvents(document, events, options.region, options.accountId)
    if (typeof props.StageName !== 'string' || props.StageName === '') throw new TemplateError(`${where}.StageName is required for ${logicalId}`)
    // The SAM transform adds CORS preflights before Auth, so the defaults reach them too (unless told not to).
    const cors = readCors(props.Cors, `${where}.Cors`)
    if (cors !== undefined) addCors(document, cors)
    addAuth(document, props.Auth, events, options, logicalId)
    addResourcePolicy(document, props.Auth?.ResourcePolicy, props.StageName, logicalId)
    if (Array.isArray(props.BinaryMediaTypes)) addBinaryMediaTypes(document, props.BinaryMediaTypes.map(String))
    addSamUsagePlan(usagePlans, logicalId, props.Auth?.UsagePlan, stackName)
    apis.push({
      logicalId, name, restApiId: apiId(logicalId), stageName: props.StageName, document, events, source,
      variables: props.Variables === undefined ? undefined : Object.fromEntries(Object.entries(props.Variables as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
    })
  }
  const httpApis = planHttpApis()
  const apiLogicalIdOf = (restApiId: unknown) => [...apiIds].find(([, id]) => id === restApiId)?.[0]
  for (const plain of planPlainRestApis(resources, resolveIn, apiLogicalIdOf, warnings)) {
    if (plain.stageName === undefined) {
      warnings.push(`${plain.logicalId}: no AWS::ApiGateway::Stage or Deployment gives it a StageName: created nowhere`)
      continue
    }
    apis.push({ ...plain, restApiId: apiId(plain.logicalId), stageName: plain.stageName, events: [], source: `Resources.${plain.logicalId} (AWS::ApiGateway resources)` })
  }
  const v2 = planPlainV2Apis(resources, included, resolveIn, apiLogicalIdOf, apiId, warnings, unprotected)
  addPlainUsagePlans(usagePlans, resources, (id) => resolveIn(resources[id].Properties ?? {}, `Resources.${id}.Properties`) as Record<string, any>, apiLogicalIdOf, stackName)
  unprotected.push(...unenforcedWebSocketPlanLimits(usagePlans, new Set(v2.apis.filter((api) => api.protocolType === 'WEBSOCKET').map((api) => api.logicalId))))
  for (const [restApi, events] of eventsByApi) {
    if (!apis.some((api) => api.logicalId === restApi)) {
      warnings.push(`${events.map((e) => e.functionLogicalId).join(', ')}: RestApiId ${restApi} is not an AWS::Serverless::Api of this template: those events are not served`)
    }
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (FUNCTION_TYPES.has(resource.Type) || API_TYPES.has(resource.Type) || HTTP_API_TYPES.has(resource.Type) || PLAIN_API_TYPES.has(resource.Type) || isV2Type(resource.Type) || USAGE_PLAN_TYPES.has(resource.Type)) continue
    const kind = unsupportedKind(resource.Type)
    if (kind === 'protecting') unprotected.push(unprotectedLine(logicalId, resource.Type))
    else if (kind === 'other') warnings.push(`${logicalId}: ${resource.Type} is not supported by gatehouse up: not created`)
  }
  if (unprotected.length > 0 && options.acceptUnprotected !== true) {
    throw new TemplateError(`${file}: these protections cannot be enforced here, so gatehouse up will not serve the app open:\n  ${unprotected.join('\n  ')}\n` +
      'Remove them, or pass --accept-unprotected to serve without them.')
  }
  const userPoolArns = new Set(cognitoUserPools(apis))
  const issuers = [
    ...httpApis.flatMap((api) => jwtIssuers(api.document).map((issuer) => [api.logicalId, issuer])),
    ...v2.calls.flatMap((call) => typeof call.body.jwtConfiguration?.issuer === 'string' ? [[call.logicalId, call.body.jwtConfiguration.issuer as string]] : []),
  ]
  for (const [logicalId, issuer] of issuers) {
    const pool = cognitoPoolOfIssuer(issuer, options.accountId)
    if (pool !== undefined) userPoolArns.add(pool)
    else warnings.push(`${logicalId}: JWT issuer ${issuer} is asked for its keys (OpenID discovery) when a token arrives; without them every token is refused`)
  }
  return { functions, apis, httpApis, v2, usagePlans, userPoolArns: [...userPoolArns], warnings, unprotected, inlineCode, files }

  function planHttpApis(): SamHttpApi[] {
    const planned: SamHttpApi[] = []
    const resourcesOf = Object.entries(resources).filter(([id, r]) => HTTP_API_TYPES.has(r.Type) && included(id, r))
    if (eventsByHttpApi.has(IMPLICIT_HTTP_API)) resourcesOf.push([IMPLICIT_HTTP_API, { Type: 'AWS::Serverless::HttpApi', Properties: {} }])
    for (const [logicalId, resource] of resourcesOf) {
      const where = `Resources.${logicalId}.Properties`
      const props = resolveIn(withGlobals(globals.HttpApi, resource.Properties ?? {}), where) as Record<string, any>
      const name = typeof props.Name === 'string' ? props.Name : logicalId
      let document: Record<string, any>
      let source = `${where}.DefinitionBody`
      if (props.DefinitionBody !== undefined) document = structuredClone(props.DefinitionBody)
      else if (typeof props.DefinitionUri === 'string') {
        const uri = resolve(baseDir, props.DefinitionUri)
        files.push(uri)
        document = readTemplateDocument(uri)
        source = `${where}.DefinitionUri (${relative(baseDir, uri)})`
      } else {
        source = `Resources.${logicalId} (its events)`
        if (props.DefinitionUri !== undefined) warnings.push(`${logicalId}: DefinitionUri in S3 cannot be read here; the API has only its events`)
        document = emptyHttpApiDefinition(name)
      }
      document.info = { ...document.info, title: name }
      const events = eventsByHttpApi.get(logicalId) ?? []
      addHttpApiEvents(document, events, options.region, options.accountId)
      addHttpApiCors(document, props.CorsConfiguration, `${where}.CorsConfiguration`)
      addHttpApiAuth(document, props.Auth, events, options.region, logicalId, where)
      // Mutual TLS on the API's custom domain turns away callers without a client certificate: not enforced here.
      if (props.Domain?.MutualTlsAuthentication !== undefined) unprotected.push(`${logicalId}: Domain.MutualTlsAuthentication (mutual TLS) is not enforced here`)
      if (props.Domain !== undefined) warnings.push(`${logicalId}: Domain is not created here; the API answers at its execute-api URL`)
      if (props.DisableExecuteApiEndpoint === true) warnings.push(`${logicalId}: DisableExecuteApiEndpoint is ignored: the API answers at its execute-api URL`)
      if (props.AccessLogSettings !== undefined) warnings.push(`${logicalId}: AccessLogSettings are not written here`)
      const stageName = props.StageName === undefined ? '$default' : String(props.StageName)
      const routeSettings: Record<string, Record<string, unknown>> = {}
      for (const [key, value] of Object.entries((props.RouteSettings ?? {}) as Record<string, Record<string, unknown>>)) routeSettings[key] = camelCase(value)
      for (const event of events) if (event.routeSettings !== undefined) routeSettings[event.routeKey] = camelCase(event.routeSettings)
      planned.push({
        logicalId, name, apiId: apiId(logicalId), stageName, document, events, source,
        stageVariables: props.StageVariables === undefined ? undefined : Object.fromEntries(Object.entries(props.StageVariables as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
        defaultRouteSettings: props.DefaultRouteSettings === undefined ? undefined : camelCase(props.DefaultRouteSettings),
        routeSettings: Object.keys(routeSettings).length === 0 ? undefined : routeSettings,
      })
    }
    for (const [httpApi, events] of eventsByHttpApi) {
      if (!planned.some((api) => api.logicalId === httpApi)) {
        warnings.push(`${events.map((e) => e.functionLogicalId).join(', ')}: ApiId ${httpApi} is not an AWS::Serverless::HttpApi of this template: those events are not served`)
      }
    }
    return planned
  }
}

/** CloudFormation's `ThrottlingBurstLimit` is the v2 API's `throttlingBurstLimit`. */
const camelCase = (settings: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(settings).map(([key, value]) => [key[0].toLowerCase() + key.slice(1), value]))

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
