import { relative } from 'node:path'
import type { Command } from 'commander'
import { createLogger, type LogLevel } from '../core/logger.ts'
import { TemplateError } from '../apis/rest/openapi/sam/read-template.ts'
import { ManagementCallError } from './management-client.ts'
import { startSamApp, type SamAppState } from './sam-app.ts'
import { createUpLogger } from './up-log.ts'

interface UpFlags {
  port: string
  host: string
  stackName: string
  parameterOverrides: string[]
  logLevel: string
  acceptUnprotected?: boolean
}

/**
 * `gatehouse up TEMPLATE`: runs a SAM template's Node functions, REST, HTTP and WebSocket APIs (cli/sam-app.ts),
 * prints what is not protected as on AWS first (only with --accept-unprotected; otherwise it refuses
 * to start), then each API's URLs and routes and every warning, shows what the functions log
 * (cli/up-log.ts), and reloads on template or code changes.
 */
export function registerUp(program: Command): void {
  program
    .command('up')
    .description('run a SAM template: its Node.js functions, REST, HTTP and WebSocket APIs, reloaded on change')
    .argument('[template]', 'the SAM or CloudFormation template', 'template.yaml')
    .option('--port <port>', 'port of the gateway (data plane and management API)', '3000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--stack-name <name>', 'what AWS::StackName stands for', 'gatehouse')
    .option('--parameter-overrides <name=value...>', 'template parameters, as sam deploy takes them', [])
    .option('--log-level <level>', "the gateway's own log level (functions' output always shows)", 'warn')
    .option('--accept-unprotected', 'serve even though some protection of the template (e.g. a WAF web ACL) cannot be enforced here')
    .action(async (template: string, flags: UpFlags) => {
      const parameterOverrides: Record<string, string> = {}
      for (const item of flags.parameterOverrides) {
        const at = item.indexOf('=')
        if (at <= 0) fail(`--parameter-overrides wants NAME=VALUE, not ${item}`)
        parameterOverrides[item.slice(0, at)] = item.slice(at + 1)
      }
      try {
        const app = await startSamApp({
          templatePath: template, port: Number(flags.port), host: flags.host, stackName: flags.stackName, parameterOverrides,
          logger: createUpLogger(flags.logLevel as LogLevel), acceptUnprotected: flags.acceptUnprotected === true,
        })
        printApp(template, app.current())
        console.log(`Watching ${template} and the functions' code: changes reload. Ctrl-C stops.`)
        app.onReload((outcome) => {
          if (outcome.ok) printApp(template, outcome.app)
          else console.error(`gatehouse: ${outcome.error.message} (still serving the previous version)`)
        })
        const stop = () => void app.close().then(() => process.exit(0))
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      } catch (error) {
        // A template, import or start-up problem (port in use, unsecured host) is the user's to fix: say it, exit 1.
        if (error instanceof TemplateError || error instanceof ManagementCallError || error instanceof Error) fail(error.message)
        throw error
      }
    })
}

function fail(message: string): never {
  console.error(`gatehouse: ${message}`)
  process.exit(1)
}

function printApp(template: string, app: SamAppState): void {
  // What is served with less protection than on AWS comes first, where it cannot be missed.
  const lines = app.plan.unprotected.map((line) => `UNPROTECTED: ${line}`)
  lines.push(`Gatehouse up: ${relative(process.cwd(), template) || template} on ${app.url} (routes answer at its root too, as under sam local)`)
  for (const { api, url, importWarnings } of app.apis) {
    lines.push(`  ${api.logicalId} (stage ${api.stageName}): ${url}`)
    for (const event of api.events) lines.push(`    ${event.method.toUpperCase().padEnd(7)} ${url}${event.path}  → ${event.functionLogicalId}`)
    // A plain AWS::ApiGateway API (or a DefinitionBody without events): its methods from the document.
    if (api.events.length === 0) {
      for (const [path, item] of Object.entries<Record<string, unknown>>(api.document.paths ?? {})) {
        for (const method of Object.keys(item)) {
          if (method === 'parameters') continue
          lines.push(`    ${(method === 'x-amazon-apigateway-any-method' ? 'ANY' : method.toUpperCase()).padEnd(7)} ${url}${path}`)
        }
      }
    }
    for (const warning of importWarnings) lines.push(`  warning: ${api.logicalId}: ${warning}`)
  }
  for (const { api, url } of app.httpApis) {
    lines.push(`  ${api.logicalId} (HTTP API, stage ${api.stageName}): ${url}`)
    for (const event of api.events) {
      const [method, path] = event.routeKey === '$default' ? ['$default', ''] : event.routeKey.split(' ')
      lines.push(`    ${method.padEnd(8)} ${url}${path}  → ${event.functionLogicalId}`)
    }
  }
  for (const { api, stages } of app.v2Apis) {
    const kind = api.protocolType === 'WEBSOCKET' ? 'WebSocket API' : 'HTTP API'
    lines.push(`  ${api.logicalId} (${kind}, AWS::ApiGatewayV2): routes ${api.routeKeys.join(', ') || '(none)'}`)
    for (const { stageName, url } of stages) lines.push(`    stage ${stageName}: ${url}`)
    if (stages.length === 0) lines.push('    no stage: not served')
  }
  for (const key of app.apiKeys) lines.push(`  API key ${key.name}: ${key.value}${key.enabled ? '' : ' (disabled)'}`)
  for (const arn of app.plan.userPoolArns) {
    lines.push(`  Cognito user pool ${arn}: gatehouse token --user-pool ${arn} --data-dir ${relative(process.cwd(), app.dataDir) || '.'} --id-token --sub NAME`)
  }
  for (const warning of app.plan.warnings) lines.push(`warning: ${warning}`)
  console.log(lines.join('\n'))
}
