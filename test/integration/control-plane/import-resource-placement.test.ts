import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { GetResourcesCommand, GetRestApisCommand, ImportRestApiCommand, PutRestApiCommand } from '@aws-sdk/client-api-gateway'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'

/**
 * ImportRestApi and PutRestApi place every path of the document with CreateResource's rules. The rules' texts are
 * CreateResource's as recorded (test_apigateway_api > TestApiGatewayApiResource); the import's own wording around
 * them is not recorded. A refused document stores nothing.
 */

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
    await assert.rejects(importPaths('two-variables', ['/pets/{id}', '/pets/{petId}']), (error: Error) => {
      assert.equal(error.name, 'BadRequestException')
      assert.match(error.message, /Unable to create resource at path '\/pets\/\{petId\}': A sibling \(\{id\}\) of this resource already has a variable path part -- only one is allowed/)
      return true
    })
    assert.ok(!(await apiNames()).includes('two-variables'))
  })

  test('a child of a greedy path variable is refused', async () => {
    await assert.rejects(importPaths('under-greedy', ['/files/{proxy+}/meta']), (error: Error) => {
      assert.equal(error.name, 'BadRequestException')
      assert.match(error.message, /Unable to create resource at path '\/files\/\{proxy\+\}\/meta': Cannot create a child of a resource with a greedy path variable: \{proxy\+\}/)
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
    const api = await importPaths('merged', ['/a/x', '/a/{id}'])
    await gw.apigateway.send(new PutRestApiCommand({ restApiId: api.id, mode: 'merge', body: document('merged', ['/a/x', '/a/y']) }))
    assert.deepEqual(await allPaths(api.id!), ['/', '/a', '/a/x', '/a/y', '/a/{id}'])
    await assert.rejects(
      gw.apigateway.send(new PutRestApiCommand({ restApiId: api.id, mode: 'merge', failOnWarnings: true, body: document('merged', ['/a/{other}']) })),
      /A sibling \(\{id\}\) of this resource already has a variable path part/,
    )
    assert.deepEqual(await allPaths(api.id!), ['/', '/a', '/a/x', '/a/y', '/a/{id}'])
  })
})
