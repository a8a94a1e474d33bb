import type { PlainV2Api, PlainV2Plan } from '../apis/rest/openapi/sam/api-gateway-v2-resources.ts'
import { replaceCreatedIds } from '../apis/rest/openapi/sam/api-gateway-v2-resources.ts'
import { TemplateError } from '../apis/rest/openapi/sam/read-template.ts'
import { callGatewayJson, ManagementCallError } from './management-client.ts'

export interface ServedV2Stage {
  readonly stageName: string
  /** The stage's invoke URL: `ws://` for a WebSocket API, the API's root for an HTTP API's `$default`. */
  readonly url: string
}

export interface ServedV2Api {
  readonly api: PlainV2Api
  readonly stages: readonly ServedV2Stage[]
}

/**
 * Makes the plain AWS::ApiGatewayV2 resources' `apigatewayv2` calls in the planned order through
 * the management API, as CloudFormation makes them against AWS: each call's markers become the ids
 * earlier answers gave; a refusal names the template's resource and stops `gatehouse up`.
 */
export async function createV2Apis(adminUrl: string, plan: PlainV2Plan): Promise<ServedV2Api[]> {
  const ids = new Map<string, string>()
  for (const call of plan.calls) {
    const path = replaceCreatedIds(call.path, ids, call.source)
    const body = replaceCreatedIds(call.body, ids, call.source)
    let answer: Record<string, unknown>
    try {
      answer = await callGatewayJson(adminUrl, path, { method: call.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    } catch (error) {
      if (error instanceof ManagementCallError) throw new TemplateError(`${call.source}: ${error.message}`)
      throw error
    }
    if (call.idMember !== undefined) ids.set(call.logicalId, String(answer[call.idMember]))
  }
  const root = adminUrl.replace(/\/+$/, '')
  return plan.apis.map((api) => {
    const base = `${api.protocolType === 'WEBSOCKET' ? root.replace(/^http/, 'ws') : root}/_aws/execute-api/${api.apiId}`
    return { api, stages: api.stageNames.map((stageName) => ({ stageName, url: stageName === '$default' && api.protocolType === 'HTTP' ? base : `${base}/${stageName}` })) }
  })
}
