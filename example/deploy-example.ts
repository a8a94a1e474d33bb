/**
 * Deploys the example pet-store API through Gatehouse's own management API — the same calls the
 * AWS CLI makes — so `npm start` serves something real: a Lambda proxy function, a MOCK and an
 * HTTP proxy to a backend the example serves itself.
 */
import { signRequest } from '../src/functions/sigv4-signer.ts'

export const EXAMPLE_API_ID = 'petstore00'
export const EXAMPLE_STAGE = 'dev'
export const EXAMPLE_FUNCTION = 'pets'

interface Client {
  <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>
}

/** The management API signs nothing in when admin keys are configured: then every call is SigV4-signed with one. */
type AdminCredentials = { readonly accessKeyId: string; readonly secretAccessKey: string }

function send(adminUrl: string, region: string, credentials: AdminCredentials | undefined, method: string, path: string, body?: unknown): Promise<Response> {
  const payload = body === undefined ? undefined : JSON.stringify(body)
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' }
  const url = new URL(adminUrl + path)
  const signature = credentials === undefined ? {} : signRequest({ method, url, headers, body: payload ?? '', service: 'apigateway', region, credentials })
  return fetch(url, { method, headers: { ...headers, ...signature }, body: payload })
}

function managementClient(adminUrl: string, region: string, credentials: AdminCredentials | undefined): Client {
  return async (method, path, body) => {
    const response = await send(adminUrl, region, credentials, method, path, body)
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`)
    return (text === '' ? {} : JSON.parse(text)) as never
  }
}

export async function deployExample(options: {
  adminUrl: string
  region: string
  accountId: string
  inventoryOrigin: string
  credentials?: AdminCredentials
}): Promise<void> {
  const call = managementClient(options.adminUrl, options.region, options.credentials)
  const existing = await send(options.adminUrl, options.region, options.credentials, 'GET', `/restapis/${EXAMPLE_API_ID}`)
  if (existing.ok) {
    // Kept from an earlier run (the store is on disk): only the backend's port has changed.
    await call('PATCH', `/restapis/${EXAMPLE_API_ID}/stages/${EXAMPLE_STAGE}`, {
      patchOperations: [{ op: 'replace', path: '/variables/inventory', value: options.inventoryOrigin }],
    })
    return
  }
  const api = await call<{ id: string; rootResourceId: string }>('POST', '/restapis', {
    name: 'PetStore',
    description: 'Gatehouse example: Lambda proxy, MOCK and HTTP proxy',
    endpointConfiguration: { types: ['REGIONAL'] },
    tags: { _custom_id_: EXAMPLE_API_ID },
  })
  const base = `/restapis/${api.id}`
  const resource = async (parentId: string, pathPart: string): Promise<string> =>
    (await call<{ id: string }>('POST', `${base}/resources/${parentId}`, { pathPart })).id
  const pets = await resource(api.rootResourceId, 'pets')
  const pet = await resource(pets, '{petId}')
  const health = await resource(api.rootResourceId, 'health')
  const store = await resource(api.rootResourceId, 'store')
  const storeProxy = await resource(store, '{proxy+}')

  const lambdaUri =
    `arn:aws:apigateway:${options.region}:lambda:path/2015-03-31/functions/` +
    `arn:aws:lambda:${options.region}:${options.accountId}:function:${EXAMPLE_FUNCTION}/invocations`
  const lambdaProxy = async (resourceId: string, verb: string, requestParameters?: Record<string, boolean>): Promise<void> => {
    await call('PUT', `${base}/resources/${resourceId}/methods/${verb}`, { authorizationType: 'NONE', requestParameters })
    await call('PUT', `${base}/resources/${resourceId}/methods/${verb}/integration`, {
      type: 'AWS_PROXY',
      integrationHttpMethod: 'POST',
      uri: lambdaUri,
    })
  }
  await lambdaProxy(pets, 'GET')
  await lambdaProxy(pets, 'POST')
  await lambdaProxy(pet, 'GET', { 'method.request.path.petId': true })

  // The AWS console's MOCK: the request template picks status 200, the integration response writes the body.
  await call('PUT', `${base}/resources/${health}/methods/GET`, { authorizationType: 'NONE' })
  await call('PUT', `${base}/resources/${health}/methods/GET/responses/200`, { responseModels: { 'application/json': 'Empty' } })
  await call('PUT', `${base}/resources/${health}/methods/GET/integration`, {
    type: 'MOCK',
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
  })
  await call('PUT', `${base}/resources/${health}/methods/GET/integration/responses/200`, {
    selectionPattern: '',
    responseTemplates: { 'application/json': '{"status": "ok", "stage": "$context.stage"}' },
  })

  // HTTP proxy: the backend's address is a stage variable, as it would be on AWS.
  await call('PUT', `${base}/resources/${storeProxy}/methods/ANY`, {
    authorizationType: 'NONE',
    requestParameters: { 'method.request.path.proxy': true },
  })
  await call('PUT', `${base}/resources/${storeProxy}/methods/ANY/integration`, {
    type: 'HTTP_PROXY',
    integrationHttpMethod: 'ANY',
    uri: 'http://${stageVariables.inventory}/inventory/{proxy}',
    requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
  })

  await call('POST', `${base}/deployments`, {
    stageName: EXAMPLE_STAGE,
    description: 'example deployment',
    variables: { inventory: options.inventoryOrigin },
  })
}
