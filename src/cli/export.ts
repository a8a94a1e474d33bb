import { writeFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { exportHttpApi, findHttpApi } from './http-api-openapi.ts'
import { callGateway, callGatewayJson, DEFAULT_ENDPOINT_URL, failWith, ManagementCallError } from './management-client.ts'

interface ExportFlags {
  endpointUrl: string
  stage?: string
  format: string
  type: string
  extensions: string
  output?: string
}

/**
 * `gatehouse export API --stage S [--format yaml]`: GetExport of a stage's deployed API, by id or
 * by name, with the `x-amazon-apigateway-*` extensions (so `gatehouse import` reads it back). An
 * HTTP API's id or name gets ExportApi as OpenAPI 3.0: its stage's deployment, or without --stage
 * its latest configuration.
 */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export a deployed REST API, or an HTTP API, as an OpenAPI document')
    .argument('<api>', 'the API id, or its name')
    .option('--stage <name>', 'the stage whose deployment is exported (required for REST APIs)')
    .option('--format <format>', 'json or yaml', 'json')
    .option('--type <type>', 'oas30 (OpenAPI 3.0) or swagger (2.0)', 'oas30')
    .option('--extensions <list>', 'apigateway, integrations, authorizers, postman, or none', 'apigateway')
    .option('-o, --output <file>', 'write the document here instead of stdout')
    .option('--endpoint-url <url>', 'the gateway\'s management API', DEFAULT_ENDPOINT_URL)
    .action(async (api: string, flags: ExportFlags) => {
      try {
        await exportDocument(api, flags)
      } catch (error) {
        failWith(error)
      }
    })
}

async function exportDocument(api: string, flags: ExportFlags): Promise<void> {
  const format = flags.format.toLowerCase()
  if (format !== 'json' && format !== 'yaml') throw new ManagementCallError(`--format must be json or yaml, not ${flags.format}`)
  const httpApiId = await findHttpApi(flags.endpointUrl, api)
  let document: Buffer
  if (httpApiId !== undefined) {
    document = await exportHttpApi(flags.endpointUrl, httpApiId, { stage: flags.stage, format, extensions: flags.extensions !== 'none' })
  } else {
    if (flags.stage === undefined) throw new ManagementCallError('--stage is required to export a REST API')
    document = await exportRestApi(api, flags, format, flags.stage)
  }
  if (flags.output === undefined) process.stdout.write(document.toString('utf8').endsWith('\n') ? document : Buffer.concat([document, Buffer.from('\n')]))
  else await writeFile(flags.output, document)
}

async function exportRestApi(api: string, flags: ExportFlags, format: string, stage: string): Promise<Buffer> {
  const restApiId = await resolveApiId(flags.endpointUrl, api)
  const query = flags.extensions === 'none' ? '' : `?${new URLSearchParams({ extensions: flags.extensions })}`
  return callGateway(
    flags.endpointUrl,
    `/restapis/${encodeURIComponent(restApiId)}/stages/${encodeURIComponent(stage)}/exports/${encodeURIComponent(flags.type)}${query}`,
    { headers: { accept: format === 'yaml' ? 'application/yaml' : 'application/json' } },
  )
}

/** An id as given when an API has it, else the one API of that name. */
export async function resolveApiId(endpoint: string, api: string): Promise<string> {
  const names: { id: string; name: string }[] = []
  let position: string | undefined
  do {
    const page = await callGatewayJson<{ item?: { id: string; name: string }[]; position?: string }>(
      endpoint, `/restapis?limit=500${position === undefined ? '' : `&position=${position}`}`)
    names.push(...(page.item ?? []))
    position = page.position
  } while (position !== undefined)
  if (names.some((candidate) => candidate.id === api)) return api
  const named = names.filter((candidate) => candidate.name === api)
  if (named.length === 1) return named[0].id
  if (named.length > 1) throw new ManagementCallError(`${named.length} REST APIs are named ${api} (${named.map((n) => n.id).join(', ')}): give the id`)
  throw new ManagementCallError(`no REST API has the id or name ${api}`)
}
