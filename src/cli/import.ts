import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { importHttpApi, isHttpApiDocument } from './http-api-openapi.ts'
import { callGatewayJson, DEFAULT_ENDPOINT_URL, failWith, ManagementCallError } from './management-client.ts'

interface ImportFlags {
  endpointUrl: string
  stage?: string
  restApiId?: string
  mode?: string
  basepath?: string
  failOnWarnings?: boolean
  kind?: string
  apiId?: string
}

interface ImportedApi {
  id: string
  name: string
  warnings?: string[]
}

/**
 * `gatehouse import FILE [--stage S]`: ImportRestApi (or, with --rest-api-id, PutRestApi) of an
 * OpenAPI 2.0/3.0 document, JSON or YAML, on a running gateway; with --stage, CreateDeployment
 * too, and the invoke URL is printed. An HTTP API's definition (`--kind http`, or a document with
 * `x-amazon-apigateway-importexport-version`) goes to ImportApi or, with --api-id, ReimportApi.
 */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import an OpenAPI (Swagger 2.0 / OpenAPI 3.0) document as a REST API, or an HTTP API')
    .argument('<file>', 'the document, JSON or YAML, with its x-amazon-apigateway-* extensions')
    .option('--stage <name>', 'deploy the imported API to this stage (HTTP APIs: a stage with AutoDeploy, e.g. $default)')
    .option('--kind <kind>', 'rest or http (default: http for a document with x-amazon-apigateway-importexport-version)')
    .option('--api-id <id>', 'HTTP APIs: reimport over this API (ReimportApi) instead of creating one')
    .option('--rest-api-id <id>', 'update this API (PutRestApi) instead of creating one')
    .option('--mode <mode>', 'with --rest-api-id: merge (default) or overwrite')
    .option('--basepath <mode>', 'ignore (default), prepend or split the document\'s base path')
    .option('--fail-on-warnings', 'import nothing if anything in the document would be skipped')
    .option('--endpoint-url <url>', 'the gateway\'s management API', DEFAULT_ENDPOINT_URL)
    .action(async (file: string, flags: ImportFlags) => {
      let body: Buffer
      try {
        body = await readFile(file)
      } catch (error) {
        console.error(`gatehouse: cannot read ${file}: ${(error as Error).message}`)
        process.exit(2)
      }
      try {
        const kind = flags.kind ?? (isHttpApiDocument(body) ? 'http' : 'rest')
        if (kind !== 'rest' && kind !== 'http') throw new ManagementCallError(`--kind must be rest or http, not ${flags.kind}`)
        if (kind === 'http') await importHttpApi(flags.endpointUrl, body, { apiId: flags.apiId, stage: flags.stage })
        else await importDocument(body, flags)
      } catch (error) {
        failWith(error)
      }
    })
}

async function importDocument(body: Buffer, flags: ImportFlags): Promise<void> {
  const query = new URLSearchParams()
  if (flags.failOnWarnings === true) query.set('failonwarnings', 'true')
  if (flags.basepath !== undefined) query.set('basepath', flags.basepath)
  let path: string
  let method: string
  if (flags.restApiId === undefined) {
    if (flags.mode !== undefined) throw new ManagementCallError('--mode needs --rest-api-id (the API to merge into or overwrite)')
    query.set('mode', 'import')
    path = `/restapis?${query}`
    method = 'POST'
  } else {
    query.set('mode', flags.mode ?? 'merge')
    path = `/restapis/${encodeURIComponent(flags.restApiId)}?${query}`
    method = 'PUT'
  }
  const api = await callGatewayJson<ImportedApi>(flags.endpointUrl, path, { method, body })
  console.log(`${flags.restApiId === undefined ? 'Imported' : 'Updated'} REST API ${api.name} (${api.id})`)
  for (const warning of api.warnings ?? []) console.error(`warning: ${warning}`)
  if (flags.stage === undefined) return
  const deployment = await callGatewayJson<{ id: string }>(flags.endpointUrl, `/restapis/${api.id}/deployments`, {
    method: 'POST',
    body: JSON.stringify({ stageName: flags.stage }),
    headers: { 'content-type': 'application/json' },
  })
  console.log(`Deployed ${deployment.id} to stage ${flags.stage}`)
  // The data plane shares the management port unless `serve --admin-port` split them.
  console.log(`Invoke URL: ${flags.endpointUrl.replace(/\/+$/, '')}/_aws/execute-api/${api.id}/${flags.stage}`)
}
