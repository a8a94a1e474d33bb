import { mkdirSync, readFileSync, watch, writeFileSync, type FSWatcher } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { DEFAULT_AWS_ENVIRONMENT, type AwsEnvironment } from '../core/aws-environment.ts'
import { silentLogger, type Logger } from '../core/logger.ts'
import type { RootApi } from '../data-plane/root-api.ts'
import { startGateway, type RunningGateway } from '../main.ts'
import { planSamApp, type InlineCodeFile, type SamApi, type SamHttpApi, type SamPlan } from '../apis/rest/openapi/sam/sam-plan.ts'
import type { SamApiKey } from '../apis/rest/openapi/sam/usage-plans.ts'
import { TemplateError } from '../apis/rest/openapi/sam/read-template.ts'
import { invokeUrl } from './deploy.ts'
import { callGatewayJson, ManagementCallError } from './management-client.ts'
import { createV2Apis, type ServedV2Api } from './create-v2-apis.ts'

/**
 * `gatehouse up`'s engine: plans the template (apis/rest/openapi/sam/), starts a gateway hosting its Node
 * functions (with hot reload of their code), imports each API's OpenAPI document through the
 * management API and deploys its stage with its variables; each HTTP API goes through ImportApi and
 * gets its stage with AutoDeploy. When the template (or a DefinitionUri
 * file) changes it plans again and, if the new plan is sound, replaces the gateway on the same port;
 * API ids are pinned from the logical ids, so URLs survive reloads. A bad edit keeps the old app.
 * Once deployed, the APIs are served at the root of the port too, as `sam local start-api` serves
 * them; `InlineCode` functions are written under the data directory and run from there.
 */

export interface SamAppOptions {
  readonly templatePath: string
  readonly port: number
  readonly host: string
  readonly stackName?: string
  readonly parameterOverrides?: Readonly<Record<string, string>>
  readonly aws?: AwsEnvironment
  readonly logger?: Logger
  /** Where Gatehouse's token-signing key lives (`gatehouse token --data-dir`); default `.gatehouse` beside the template. */
  readonly dataDir?: string
  /** Reload when the template changes (default true). */
  readonly watch?: boolean
  /** Serve even though some protection of the template cannot be enforced here (`--accept-unprotected`). */
  readonly acceptUnprotected?: boolean
}

export interface ServedApi {
  readonly api: SamApi
  /** The stage's invoke URL. */
  readonly url: string
  /** What the importer reported, in AWS's words. */
  readonly importWarnings: readonly string[]
}

export interface ServedHttpApi {
  readonly api: SamHttpApi
  /** The stage's invoke URL (the API's root for `$default`). */
  readonly url: string
}

export type ReloadOutcome = { readonly ok: true; readonly app: SamAppState } | { readonly ok: false; readonly error: Error }

export interface SamAppState {
  readonly url: string
  readonly plan: SamPlan
  readonly apis: readonly ServedApi[]
  readonly httpApis: readonly ServedHttpApi[]
  /** Plain AWS::ApiGatewayV2 HTTP and WebSocket APIs, with their stages' URLs. */
  readonly v2Apis: readonly ServedV2Api[]
  /** The API keys created (with their values, for the banner). */
  readonly apiKeys: readonly SamApiKey[]
  /** `--data-dir` for `gatehouse token`. */
  readonly dataDir: string
}

export interface RunningSamApp {
  current(): SamAppState
  onReload(listener: (outcome: ReloadOutcome) => void): void
  close(): Promise<void>
}

export async function startSamApp(options: SamAppOptions): Promise<RunningSamApp> {
  const aws = options.aws ?? DEFAULT_AWS_ENVIRONMENT
  const templatePath = resolve(options.templatePath)
  const dataDir = options.dataDir ?? resolve(dirname(templatePath), '.gatehouse')
  const plan = () => planSamApp(templatePath, {
    ...aws, stackName: options.stackName, parameterOverrides: options.parameterOverrides,
    inlineCodeDir: join(dataDir, 'inline-code'), acceptUnprotected: options.acceptUnprotected,
  })
  // Empty until the APIs are deployed: until then the root of the port is the management API's alone.
  let rootApis: readonly RootApi[] = []

  let gateway: RunningGateway | undefined
  let state: SamAppState
  const boot = async (next: SamPlan, port: number): Promise<SamAppState> => {
    const names = new Set<string>()
    for (const api of [...next.apis, ...next.httpApis, ...next.v2.apis]) {
      if (names.has(api.name)) throw new TemplateError(`two APIs are named ${api.name}: give them different Name properties`)
      names.add(api.name)
    }
    writeInlineCode(next.inlineCode)
    rootApis = []
    gateway = await startGateway({
      // The store is in memory (the template is the truth); dataDir only keeps the key `gatehouse token` signs with,
      // and every Cognito pool of the template accepts those tokens.
      port, host: options.host, dataDir, inMemory: true, aws, functions: next.functions, baseDir: dirname(templatePath),
      userPools: Object.fromEntries(next.userPoolArns.map((arn) => [arn, { gatehouse: true }])),
      pinnedApiIds: Object.fromEntries([...next.apis.map((api) => [api.name, api.restApiId]), ...next.httpApis.map((api) => [api.name, api.apiId]), ...next.v2.apis.map((api) => [api.name, api.apiId])]), watch: true, logger: options.logger ?? silentLogger,
      rootApis: () => rootApis,
    })
    const apis: ServedApi[] = []
    const httpApis: ServedHttpApi[] = []
    let v2Apis: ServedV2Api[]
    try {
      for (const api of next.apis) apis.push(await createApi(gateway.adminUrl, api))
      for (const api of next.httpApis) httpApis.push(await createHttpApi(gateway.adminUrl, api))
      v2Apis = await createV2Apis(gateway.adminUrl, next.v2)
      await createUsagePlans(gateway.adminUrl, next)
    } catch (error) {
      await gateway.close()
      throw error
    }
    rootApis = [
      ...apis.map(({ api, url }): RootApi => ({ kind: 'REST', apiId: api.restApiId, stageName: api.stageName, label: api.logicalId, url })),
      ...httpApis.map(({ api, url }): RootApi => ({ kind: 'HTTP', apiId: api.apiId, stageName: api.stageName, label: api.logicalId, url })),
      // A plain HTTP API at the root through its first stage; WebSocket APIs answer only at their execute-api URLs.
      ...v2Apis.flatMap(({ api, stages }): RootApi[] =>
        api.protocolType === 'HTTP' && stages.length > 0 ? [{ kind: 'HTTP', apiId: api.apiId, stageName: stages[0].stageName, label: api.logicalId, url: stages[0].url }] : []),
    ]
    return { url: gateway.url, plan: next, apis, httpApis, v2Apis, apiKeys: next.usagePlans.keys, dataDir }
  }

  state = await boot(plan(), options.port)
  const port = Number(new URL(state.url).port)
  const listeners = new Set<(outcome: ReloadOutcome) => void>()
  const watchers: FSWatcher[] = []
  let timer: NodeJS.Timeout | undefined
  let reloading: Promise<void> = Promise.resolve()
  let closed = false

  const reload = async (): Promise<void> => {
    let outcome: ReloadOutcome
    try {
      const next = plan()
      await gateway?.close()
      gateway = undefined
      state = await boot(next, port)
      outcome = { ok: true, app: state }
      rewatch()
    } catch (error) {
      outcome = { ok: false, error: error as Error }
      // The old gateway was closed only once the new plan was sound; bring the last good app back.
      if (gateway === undefined && !closed) state = await boot(state.plan, port)
    }
    for (const listener of listeners) listener(outcome)
  }
  const rewatch = (): void => {
    for (const watcher of watchers.splice(0)) watcher.close()
    if (options.watch === false || closed) return
    for (const file of state.plan.files) {
      watchers.push(watch(file, () => {
        // Editors write a file in several steps: one reload after they are done.
        clearTimeout(timer)
        timer = setTimeout(() => {
          reloading = reloading.then(reload)
        }, 150)
      }))
    }
  }
  rewatch()

  return {
    current: () => state,
    onReload: (listener) => void listeners.add(listener),
    async close() {
      closed = true
      clearTimeout(timer)
      for (const watcher of watchers.splice(0)) watcher.close()
      await reloading
      await gateway?.close()
    },
  }
}

/** ImportRestApi with the API's document (its id pinned by name), then CreateDeployment to its stage. */
async function createApi(adminUrl: string, api: SamApi): Promise<ServedApi> {
  const json = { 'content-type': 'application/json' }
  let imported: { id: string; warnings?: string[] }
  try {
    imported = await callGatewayJson(adminUrl, '/restapis?mode=import&failonwarnings=false', { method: 'POST', headers: json, body: JSON.stringify(api.document) })
  } catch (error) {
    // The importer cannot know which part of the template the document came from: say it.
    if (error instanceof ManagementCallError) throw new TemplateError(`${api.source}: ${error.message}`)
    throw error
  }
  await callGatewayJson(adminUrl, `/restapis/${imported.id}/deployments`, {
    method: 'POST', headers: json, body: JSON.stringify({ stageName: api.stageName, variables: api.variables }),
  })
  return { api, url: invokeUrl(adminUrl, imported.id, api.stageName), importWarnings: imported.warnings ?? [] }
}

/**
 * ImportApi with the HTTP API's OpenAPI 3 document (its id pinned by name), then CreateStage with
 * AutoDeploy, as the SAM transform's AWS::ApiGatewayV2::Stage has it, with the stage variables and
 * route settings.
 */
async function createHttpApi(adminUrl: string, api: SamHttpApi): Promise<ServedHttpApi> {
  const json = { 'content-type': 'application/json' }
  let imported: { apiId: string }
  try {
    imported = await callGatewayJson(adminUrl, '/v2/apis', { method: 'PUT', headers: json, body: JSON.stringify({ body: JSON.stringify(api.document) }) })
  } catch (error) {
    if (error instanceof ManagementCallError) throw new TemplateError(`${api.source}: ${error.message}`)
    throw error
  }
  try {
    await callGatewayJson(adminUrl, `/v2/apis/${imported.apiId}/stages`, {
      method: 'POST', headers: json, body: JSON.stringify({
        stageName: api.stageName, autoDeploy: true,
        ...(api.stageVariables === undefined ? {} : { stageVariables: api.stageVariables }),
        ...(api.defaultRouteSettings === undefined ? {} : { defaultRouteSettings: api.defaultRouteSettings }),
        ...(api.routeSettings === undefined ? {} : { routeSettings: api.routeSettings }),
      }),
    })
  } catch (error) {
    if (error instanceof ManagementCallError) throw new TemplateError(`Resources.${api.logicalId} (its stage): ${error.message}`)
    throw error
  }
  const root = `${adminUrl.replace(/\/+$/, '')}/_aws/execute-api/${imported.apiId}`
  return { api, url: api.stageName === '$default' ? root : `${root}/${api.stageName}` }
}

/** Writes each InlineCode function's files, leaving unchanged ones alone (the functions host watches them). */
function writeInlineCode(files: readonly InlineCodeFile[]): void {
  for (const file of files) {
    let current: string | undefined
    try {
      current = readFileSync(file.path, 'utf8')
    } catch {
      current = undefined
    }
    if (current === file.code) continue
    mkdirSync(dirname(file.path), { recursive: true })
    writeFileSync(file.path, file.code)
  }
}

/** CreateApiKey for each key, then CreateUsagePlan on the APIs' stages and CreateUsagePlanKey for its keys. */
async function createUsagePlans(adminUrl: string, plan: SamPlan): Promise<void> {
  const json = { 'content-type': 'application/json' }
  const keyIds = new Map<string, string>()
  for (const key of plan.usagePlans.keys) {
    const created = await callGatewayJson<{ id: string }>(adminUrl, '/apikeys', {
      method: 'POST', headers: json, body: JSON.stringify({ name: key.name, value: key.value, enabled: key.enabled }),
    })
    keyIds.set(key.logicalId, created.id)
  }
  for (const usagePlan of plan.usagePlans.plans) {
    const apiStages = usagePlan.apiStages.map(({ apiLogicalId, stageName }) => {
      const api = plan.apis.find((candidate) => candidate.logicalId === apiLogicalId)
      if (api !== undefined) return { apiId: api.restApiId, stage: stageName ?? api.stageName }
      // A plain v2 API (CreateUsagePlan takes a WebSocket API's stage, and refuses an HTTP API's, as AWS does).
      const v2 = plan.v2.apis.find((candidate) => candidate.logicalId === apiLogicalId)
      if (v2 === undefined) throw new TemplateError(`${usagePlan.logicalId}: ${apiLogicalId} is not an API this template serves`)
      const stage = stageName ?? (v2.stageNames.length === 1 ? v2.stageNames[0] : undefined)
      if (stage === undefined) throw new TemplateError(`${usagePlan.logicalId}: ApiStages naming ${apiLogicalId} need its Stage (the API has ${v2.stageNames.length} stages)`)
      return { apiId: v2.apiId, stage }
    })
    const created = await callGatewayJson<{ id: string }>(adminUrl, '/usageplans', {
      method: 'POST', headers: json, body: JSON.stringify({ name: usagePlan.name, apiStages, throttle: usagePlan.throttle, quota: usagePlan.quota }),
    })
    for (const keyLogicalId of usagePlan.keyLogicalIds) {
      const keyId = keyIds.get(keyLogicalId)
      if (keyId === undefined) throw new TemplateError(`${usagePlan.logicalId}: ${keyLogicalId} is not an AWS::ApiGateway::ApiKey of this template`)
      await callGatewayJson(adminUrl, `/usageplans/${created.id}/keys`, { method: 'POST', headers: json, body: JSON.stringify({ keyId, keyType: 'API_KEY' }) })
    }
  }
}
