import { writeFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { callGateway, callGatewayJson, DEFAULT_ENDPOINT_URL, failWith, ManagementCallError } from './management-client.ts'

interface ExportFlags {
  endpointUrl: string
  stage: string
  format: string
  type: string
  extensions: string
  output?: string
}

/**
 * `gatehouse export API --stage S [--format yaml]`: GetExport of a stage's deployed API, by id or
 * by name, with the `x-amazon-apigateway-*` extensions (so `gatehouse import` reads it back).
 */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export a deployed REST API as an OpenAPI document')
    .argument('<api>', 'the REST API id, or its name')
    .requiredOption('--stage <name>', 'the stage whose deployment is exported')
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
  const restApiId = await resolveApiId(flags.endpointUrl, api)
  const query = flags.extensions === 'none' ? '' : `?${new URLSearchParams({ extensions: flags.extensions })}`
  const document = await callGateway(
    flags.endpointUrl,
    `/restapis/${encodeURIComponent(restApiId)}/stages/${encodeURIComponent(flags.stage)}/exports/${encodeURIComponent(flags.type)}${query}`,
    { headers: { accept: format === 'yaml' ? 'application/yaml' : 'application/json' } },
  )
  if (flags.output === undefined) process.stdout.write(document.toString('utf8').endsWith('\n') ? document : Buffer.concat([document, Buffer.from('\n')]))
  else await writeFile(flags.output, document)
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
