import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { CreateResourceCommand, CreateRestApiCommand, GetResourcesCommand, GetRestApisCommand, ImportRestApiCommand, PutRestApiCommand } from '@aws-sdk/client-api-gateway'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { recording } from '../../helpers/recordings.ts'

/**
 * ImportRestApi and PutRestApi place every path of the document with CreateResource's rules. The rules' texts are
 * CreateResource's as recorded ([LS test_apigateway_api > TestApiGatewayApiResource::test_create_proxy_resource_validation]);
 * the import's own wording around them is not recorded. A refused document stores nothing.
 */
const recorded = recording('test_apigateway_api', 'TestApiGatewayApiResource::test_create_proxy_resource_validation')
/** "A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed". */
const SECOND_VARIABLE: string = recorded['create-proxy-dynamic-sibling-resource'].Error.Message
/** "Cannot create a child of a resource with a greedy path variable: {proxy+}". */
const UNDER_GREEDY: string = recorded['create-proxy-static-child-resource'].Error.Message
const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

let gw: TestGateway

before(async () => {
  gw = await startTestGateway()
})
after(async () => {
  await gw.close()
})

const mock = { 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } }, responses: {} }
const document = (title: string, paths: readonly string[]): Uint8Array =>
  Buffer.from(JSON.stringify({ openapi: '3.0.1', info: { title, version: '1' }, paths: Object.fromEntries(paths.map((path) => [path, { get: mock }])) }))

const importPaths = (title: string, paths: readonly string[]) =>
  gw.apigateway.send(new ImportRestApiCommand({ body: document(title, paths), failOnWarnings: true }))

const apiNames = async (): Promise<string[]> => ((await gw.apigateway.send(new GetRestApisCommand({}))).items ?? []).map((api) => api.name!)

const allPaths = async (restApiId: string): Promise<string[]> => {
  const paths: string[] = []
  let position: string | undefined
  do {
    const page = await gw.apigateway.send(new GetResourcesCommand({ restApiId, limit: 500, position }))
    paths.push(...(page.items ?? []).map((resource) => resource.path!))
    position = page.position
  } while (position !== undefined)
  return paths.sort()
}

describe('ImportRestApi places resources with CreateResource rules', () => {
  test('a second variable path part under one parent is refused, and nothing is stored', async () => {
    await assert.rejects(importPaths('two-variables', ['/pets/{proxy+}', '/pets/{petId}']), (error: Error) => {
      assert.equal(error.name, 'BadRequestException')
      assert.match(error.message, new RegExp(`Unable to create resource at path '/pets/\\{petId\\}': ${escaped(SECOND_VARIABLE)}`))
      return true
    })
    assert.ok(!(await apiNames()).includes('two-variables'))
  })

  test('a child of a greedy path variable is refused', async () => {
    await assert.rejects(importPaths('under-greedy', ['/files/{proxy+}/meta']), (error: Error) => {
      assert.equal(error.name, 'BadRequestException')
      assert.match(error.message, new RegExp(`Unable to create resource at path '/files/\\{proxy\\+\\}/meta': ${escaped(UNDER_GREEDY)}`))
      return true
    })
    assert.ok(!(await apiNames()).includes('under-greedy'))
  })

  test('thousands of siblings under one parent are all placed, each with its parents', async () => {
    const paths = Array.from({ length: 3000 }, (_, index) => `/items/r${index}`)
    const api = await importPaths('wide', [...paths, '/items/{id}'])
    assert.deepEqual(await allPaths(api.id!), ['/', '/items', ...paths, '/items/{id}'].sort())
  })

  test('a merge places new siblings next to the ones the API has, and keeps to the one-variable rule', async () => {
    const api = await importPaths('merged', ['/a/x', '/a/{proxy+}'])
    await gw.apigateway.send(new PutRestApiCommand({ restApiId: api.id, mode: 'merge', body: document('merged', ['/a/x', '/a/y']) }))
    assert.deepEqual(await allPaths(api.id!), ['/', '/a', '/a/x', '/a/y', '/a/{proxy+}'])
    await assert.rejects(
      gw.apigateway.send(new PutRestApiCommand({ restApiId: api.id, mode: 'merge', failOnWarnings: true, body: document('merged', ['/a/{other}']) })),
      new RegExp(escaped(SECOND_VARIABLE)),
    )
    assert.deepEqual(await allPaths(api.id!), ['/', '/a', '/a/x', '/a/y', '/a/{proxy+}'])
  })

  // Hostile documents: paths deep enough that listing every ancestor's text would take the gateway's memory. A
  // regional API's URL is at most 10,240 characters (developer guide, "Quotas for configuring and running a REST
  // API"); the bound on what one document creates is Gatehouse's own (placed-resources.ts).
  test('a path longer than any URL is refused, named by its start only, and nothing is stored', async () => {
    const deep = '/a'.repeat(100_000)
    await assert.rejects(importPaths('too-long', [deep, '/fine']), (error: Error) => {
      assert.equal(error.name, 'BadRequestException')
      assert.match(error.message, /Unable to create resource at path '(\/a){40}\.\.\.': A resource path cannot be longer than 10240 characters/)
      assert.ok(error.message.length < 500, `the message repeats the path: ${error.message.length} characters`)
      return true
    })
    assert.ok(!(await apiNames()).includes('too-long'))
  })

  test('a document whose new resources would hold more path text than the bound is refused whole', async () => {
    // 5,000 parts within the URL length: 5,000 resources whose paths hold about 25 million characters together.
    const chain = '/a'.repeat(5_000)
    await assert.rejects(importPaths('too-deep', [chain]), (error: Error) => {
      assert.equal(error.name, 'BadRequestException')
      assert.match(error.message, /The resources this document creates have paths of more than 16777216 characters together/)
      return true
    })
    assert.ok(!(await apiNames()).includes('too-deep'))
  })

  test('CreateResource refuses a path longer than any URL', async () => {
    const api = await gw.apigateway.send(new CreateRestApiCommand({ name: 'long-part' }))
    const root = (await gw.apigateway.send(new GetResourcesCommand({ restApiId: api.id }))).items![0]
    await assert.rejects(
      gw.apigateway.send(new CreateResourceCommand({ restApiId: api.id, parentId: root.id, pathPart: 'x'.repeat(10_240) })),
      (error: Error) => error.name === 'BadRequestException' && /cannot be longer than 10240 characters/.test(error.message),
    )
    const fits = await gw.apigateway.send(new CreateResourceCommand({ restApiId: api.id, parentId: root.id, pathPart: 'x'.repeat(10_239) }))
    assert.equal(fits.path!.length, 10_240)
  })
})
