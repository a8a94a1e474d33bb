import { callGateway, callGatewayJson, ManagementCallError } from './management-client.ts'

/**
 * Whether a document describes an HTTP API: AWS writes `x-amazon-apigateway-importexport-version`
 * only into HTTP API definitions (developer guide, "x-amazon-apigateway-importexport-version":
 * "the import and export algorithm for HTTP APIs"), so `gatehouse import` needs no flag for them.
 */
export const isHttpApiDocument = (body: Buffer): boolean => body.includes('x-amazon-apigateway-importexport-version')

/**
 * ImportApi (or, with an id, ReimportApi) of an OpenAPI 3.0 document; with a stage, that stage
 * with AutoDeploy (so the import is served at once), and the invoke URL is printed.
 */
export async function importHttpApi(endpoint: string, body: Buffer, options: { apiId?: string; stage?: string }): Promise<void> {
  const path = options.apiId === undefined ? '/v2/apis' : `/v2/apis/${encodeURIComponent(options.apiId)}`
  const api = await callGatewayJson<{ apiId: string; name: string }>(endpoint, path, {
    method: 'PUT', body: JSON.stringify({ body: body.toString('utf8') }), headers: { 'content-type': 'application/json' },
  })
  console.log(`${options.apiId === undefined ? 'Imported' : 'Reimported'} HTTP API ${api.name} (${api.apiId})`)
  if (options.stage === undefined) return
  const stages = await callGatewayJson<{ items?: { stageName: string }[] }>(endpoint, `/v2/apis/${api.apiId}/stages`)
  if (!(stages.items ?? []).some((stage) => stage.stageName === options.stage)) {
    await callGatewayJson(endpoint, `/v2/apis/${api.apiId}/stages`, {
      method: 'POST', body: JSON.stringify({ stageName: options.stage, autoDeploy: true }), headers: { 'content-type': 'application/json' },
    })
    console.log(`Created stage ${options.stage} with AutoDeploy`)
  }
  const base = `${endpoint.replace(/\/+$/, '')}/_aws/execute-api/${api.apiId}`
  console.log(`Invoke URL: ${options.stage === '$default' ? base : `${base}/${options.stage}`}`)
}

/** The HTTP API with this id or (the only one with) this name, or undefined when none has either. */
export async function findHttpApi(endpoint: string, api: string): Promise<string | undefined> {
  const apis: { apiId: string; name: string }[] = []
  let nextToken: string | undefined
  do {
    const page = await callGatewayJson<{ items?: { apiId: string; name: string }[]; nextToken?: string }>(
      endpoint, `/v2/apis?maxResults=500${nextToken === undefined ? '' : `&nextToken=${encodeURIComponent(nextToken)}`}`)
    apis.push(...(page.items ?? []))
    nextToken = page.nextToken
  } while (nextToken !== undefined)
  if (apis.some((candidate) => candidate.apiId === api)) return api
  const named = apis.filter((candidate) => candidate.name === api)
  if (named.length > 1) throw new ManagementCallError(`${named.length} HTTP APIs are named ${api} (${named.map((n) => n.apiId).join(', ')}): give the id`)
  return named[0]?.apiId
}

/** ExportApi as OpenAPI 3.0: a stage's deployment, or without a stage the latest configuration. */
export function exportHttpApi(endpoint: string, apiId: string, options: { stage?: string; format: 'json' | 'yaml'; extensions: boolean }): Promise<Buffer> {
  const query = new URLSearchParams({ outputType: options.format.toUpperCase(), includeExtensions: String(options.extensions) })
  if (options.stage !== undefined) query.set('stageName', options.stage)
  return callGateway(endpoint, `/v2/apis/${encodeURIComponent(apiId)}/exports/OAS30?${query}`)
}
