/**
 * The management API as the bench calls it: plain rest-json over fetch (an unsecured loopback
 * gateway takes unsigned calls), answering the parsed body or failing with what the gateway said.
 */
export function managementCalls(gateway: string): (method: string, path: string, body?: unknown) => Promise<Record<string, string>> {
  return async (method, path, body) => {
    const response = await fetch(gateway + path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as Record<string, string>
  }
}

/**
 * A REST API with `GET /mock` (MOCK, answering the stage variable `v`) and, given a backend, `GET /proxy`
 * (HTTP_PROXY to it), deployed to `prod`; answers the stage's URL and the API's id.
 */
export async function deployScaleOutApi(gateway: string, backend?: string): Promise<{ stage: string; restApiId: string }> {
  const call = managementCalls(gateway)
  const api = await call('POST', '/restapis', { name: 'bench-scale-out' })
  const base = `/restapis/${api.id}`
  const add = async (pathPart: string, integration: Record<string, unknown>): Promise<string> => {
    const { id } = await call('POST', `${base}/resources/${api.rootResourceId}`, { pathPart })
    await call('PUT', `${base}/resources/${id}/methods/GET`, { authorizationType: 'NONE' })
    await call('PUT', `${base}/resources/${id}/methods/GET/integration`, integration)
    return id
  }
  const mock = await add('mock', { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } })
  await call('PUT', `${base}/resources/${mock}/methods/GET/responses/200`, {})
  await call('PUT', `${base}/resources/${mock}/methods/GET/integration/responses/200`, {
    selectionPattern: '', responseTemplates: { 'application/json': '{"v": "$stageVariables.v"}' },
  })
  if (backend !== undefined) await add('proxy', { type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backend}/` })
  await call('POST', `${base}/deployments`, { stageName: 'prod', variables: { v: '0' } })
  // The account's bucket (AWS's 10,000 rps) would answer the surplus 429 and make the workers lines count refusals.
  await call('PATCH', '/account', { patchOperations: [{ op: 'replace', path: '/throttle/rateLimit', value: '1000000' }, { op: 'replace', path: '/throttle/burstLimit', value: '1000000' }] })
  return { stage: `${gateway}/_aws/execute-api/${api.id}/prod`, restApiId: api.id }
}
