import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { buildResourceTree } from '../../deploy/resource-tree.ts'
import type { Resource } from '../../../../model/resource.ts'
import { matchResource } from './match-resource.ts'

const method = (httpMethod: string) => ({ httpMethod, authorizationType: 'NONE', apiKeyRequired: false }) as never

function tree(spec: Record<string, string[]>) {
  const resources: Resource[] = []
  const ids = new Map<string, string>()
  for (const path of Object.keys(spec).sort((a, b) => a.length - b.length)) {
    const id = `r${ids.size}`
    ids.set(path, id)
    const parentPath = path === '/' ? undefined : path.slice(0, path.lastIndexOf('/')) || '/'
    resources.push({
      id,
      path,
      parentId: parentPath === undefined ? undefined : ids.get(parentPath),
      pathPart: path === '/' ? undefined : path.slice(path.lastIndexOf('/') + 1),
      resourceMethods: Object.fromEntries(spec[path].map((verb) => [verb, method(verb)])),
    })
  }
  return buildResourceTree(resources, (resource, verb) => `${verb} ${resource.path}`)!
}

/** Resource matching as the developer guide describes it ("Set up a proxy integration with a proxy resource"). */
describe('matchResource', () => {
  const root = tree({
    '/': ['GET'],
    '/pets': ['GET', 'POST'],
    '/pets/{petId}': ['GET'],
    '/pets/mine': ['GET'],
    '/pets/{petId}/toys': ['ANY'],
    '/{proxy+}': ['ANY'],
    '/files': [],
    '/files/{key+}': ['GET'],
  })
  const match = (path: string, verb = 'GET') => {
    const found = matchResource(root, path, verb)
    return found === undefined ? undefined : { method: found.method, params: found.pathParameters }
  }

  it('prefers a literal part over a variable, and a variable over a greedy one', () => {
    assert.deepEqual(match('/pets/mine'), { method: 'GET /pets/mine', params: {} })
    assert.deepEqual(match('/pets/7'), { method: 'GET /pets/{petId}', params: { petId: '7' } })
    assert.deepEqual(match('/other/deep/path'), { method: 'ANY /{proxy+}', params: { proxy: 'other/deep/path' } })
  })

  it('prefers the exact verb over ANY, and falls back along the tree when a verb is missing', () => {
    assert.deepEqual(match('/pets/7/toys', 'DELETE'), { method: 'ANY /pets/{petId}/toys', params: { petId: '7' } })
    // /pets has no PUT: the greedy root resource takes it.
    assert.deepEqual(match('/pets', 'PUT'), { method: 'ANY /{proxy+}', params: { proxy: 'pets' } })
    assert.deepEqual(match('/files/a/b.txt'), { method: 'GET /files/{key+}', params: { key: 'a/b.txt' } })
    assert.deepEqual(match('/files/a/b.txt', 'POST'), { method: 'ANY /{proxy+}', params: { proxy: 'files/a/b.txt' } })
  })

  it('ignores a trailing slash, keeps inner empty segments in a greedy value, and keeps escapes (recorded: test_apigateway_lambda > test_lambda_aws_proxy_integration)', () => {
    assert.deepEqual(match('/pets/'), { method: 'GET /pets', params: {} })
    assert.deepEqual(match('/a//b'), { method: 'ANY /{proxy+}', params: { proxy: 'a//b' } })
    assert.deepEqual(match('/pets/test%2Balias'), { method: 'GET /pets/{petId}', params: { petId: 'test%2Balias' } })
  })

  it('matches the root, and nothing where no method exists', () => {
    assert.deepEqual(match('/'), { method: 'GET /', params: {} })
    assert.equal(match('/', 'POST'), undefined)
    const noGreedy = tree({ '/': [], '/pets': ['GET'] })
    assert.equal(matchResource(noGreedy, '/cats', 'GET'), undefined)
    assert.equal(matchResource(noGreedy, '/pets', 'DELETE'), undefined)
  })
})
