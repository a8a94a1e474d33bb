import assert from 'node:assert/strict'
import {
  GetIntegrationCommand, GetIntegrationResponseCommand, GetMethodCommand, GetMethodResponseCommand, GetResourcesCommand,
  type Resource,
} from '@aws-sdk/client-api-gateway'
import type { TestGateway } from './gateway.ts'
import type { RecordingMatcher } from './openapi-recording.ts'

/** The recording's placeholder values for the Lambda ARNs the LocalStack tests substitute into their inputs. */
export const LAMBDA_INVOCATION_ARN =
  'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:function-name/invocations'

/** GetResources (every page), sorted by path as the LocalStack tests sort them. */
export async function sortedResources(gw: TestGateway, restApiId: string): Promise<{ items: Resource[] }> {
  const { items = [] } = await gw.apigateway.send(new GetResourcesCommand({ restApiId, limit: 500 }))
  return { items: [...items].sort((a, b) => (a.path! < b.path! ? -1 : 1)) }
}

/**
 * What LocalStack's `apigw_snapshot_imported_resources` fixture records for every method of an
 * imported API: `method-<path>-<verb>`, `method-response-…`, `integration-…`,
 * `integration-response-…` (status 200), each an answer or the error it raised. Checks every such
 * key of `recorded` (with `prefix`) against the API(s) given; returns how many keys it checked.
 */
export async function matchImportedMethods(
  gw: TestGateway,
  apis: readonly { restApiId: string; resources: Resource[] }[],
  recorded: Record<string, any>,
  matcher: RecordingMatcher,
  prefix = '',
): Promise<number> {
  let checked = 0
  for (const [key, expected] of Object.entries(recorded)) {
    const match = new RegExp(`^${prefix}(method-response|integration-response|method|integration)-(.+)-([a-z]+)$`).exec(key)
    if (match === null) continue
    const [, kind, pathKey, verb] = match
    const path = pathKey === 'root' ? '/' : `/${pathKey}`
    const api = apis.find((candidate) => candidate.resources.some((resource) => resource.path === path))
    assert.ok(api !== undefined, `${key}: a resource at ${path}`)
    const resourceId = api.resources.find((resource) => resource.path === path)!.id!
    const input = { restApiId: api.restApiId, resourceId, httpMethod: verb.toUpperCase() }
    const call = (): Promise<unknown> => {
      switch (kind) {
        case 'method': return gw.apigateway.send(new GetMethodCommand(input))
        case 'method-response': return gw.apigateway.send(new GetMethodResponseCommand({ ...input, statusCode: '200' }))
        case 'integration': return gw.apigateway.send(new GetIntegrationCommand(input))
        default: return gw.apigateway.send(new GetIntegrationResponseCommand({ ...input, statusCode: '200' }))
      }
    }
    if (expected.Error !== undefined) {
      await assert.rejects(call(), (error: Error) => {
        assert.equal(error.name, expected.Error.Code, key)
        assert.equal(error.message, expected.Error.Message, key)
        return true
      })
    } else {
      matcher.match(await call(), expected, key)
    }
    checked++
  }
  return checked
}
