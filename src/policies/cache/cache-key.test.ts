import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CompiledMethod } from '../../apis/rest/deploy/compiled-deployment.ts'
import type { ParameterSources } from '../../mapping/parameter-source.ts'
import { compileResponseCacheKey, type CacheKeyMethod } from './cache-key.ts'

const responseCacheKey = (method: CacheKeyMethod, httpMethod: string, sources: ParameterSources): string => compileResponseCacheKey(method)(httpMethod, sources)

/** Developer guide, "Use method or integration parameters as cache keys" and `cacheNamespace`. */
describe('responseCacheKey', () => {
  const method = (resourceId: string, cacheNamespace: string, cacheKeyParameters: string[]) =>
    ({ resourceId, method: { methodIntegration: { cacheNamespace, cacheKeyParameters } } }) as unknown as CompiledMethod
  const sources = (query: Record<string, string>, pathParameters: Record<string, string> = {}, headers: string[] = []): ParameterSources => ({
    method: { headers, query: new Map(Object.entries(query).map(([k, v]) => [k, [v]])), pathParameters, body: Buffer.alloc(0) },
    stageVariables: {},
    context: {},
  })

  it('tells requests apart by their cache key parameters only', () => {
    const byId = method('r1', 'r1', ['method.request.path.id', 'method.request.header.Accept'])
    const a = responseCacheKey(byId, 'GET', sources({ x: '1' }, { id: '1' }, ['Accept', 'application/json']))
    assert.equal(a, responseCacheKey(byId, 'GET', sources({ x: '2' }, { id: '1' }, ['accept', 'application/json'])))
    assert.notEqual(a, responseCacheKey(byId, 'GET', sources({}, { id: '2' }, ['Accept', 'application/json'])))
    assert.notEqual(a, responseCacheKey(byId, 'GET', sources({}, { id: '1' })), 'a missing key parameter is a value of its own')
    assert.notEqual(a, responseCacheKey(byId, 'HEAD', sources({}, { id: '1' }, ['Accept', 'application/json'])), 'the verb is part of the key')
  })

  it('without key parameters, a path parameter does not tell requests apart (as in AWS)', () => {
    const plain = method('r1', 'r1', [])
    assert.equal(responseCacheKey(plain, 'GET', sources({}, { id: '1' })), responseCacheKey(plain, 'GET', sources({}, { id: '2' })))
  })

  it('methods of different resources share entries when they share a cacheNamespace; the resource id is the default', () => {
    const sharedA = method('ra', 'shared', ['method.request.querystring.q'])
    const sharedB = method('rb', 'shared', ['method.request.querystring.q'])
    assert.equal(responseCacheKey(sharedA, 'GET', sources({ q: 'x' })), responseCacheKey(sharedB, 'GET', sources({ q: 'x' })))
    assert.notEqual(responseCacheKey(method('ra', '', []), 'GET', sources({})), responseCacheKey(method('rb', '', []), 'GET', sources({})))
  })

  it('values cannot run into each other', () => {
    const two = method('r', 'r', ['method.request.querystring.a', 'method.request.querystring.b'])
    assert.notEqual(responseCacheKey(two, 'GET', sources({ a: 'x","y', b: '' })), responseCacheKey(two, 'GET', sources({ a: 'x', b: 'y' })))
  })

  it('is the JSON array of verb, namespace and each parameter with its value (or null), as every gateway sharing a cache writes it', () => {
    const keyed = method('r9', '', ['method.request.querystring.a', 'integration.request.header.x', 'method.request.header.B'])
    for (const value of ['', 'x","y', 'back\\slash', 'é\u2028', '\ud800', '\u0000\n']) {
      const key = responseCacheKey(keyed, 'GET', sources({ a: value }, {}, ['b', value]))
      assert.equal(key, JSON.stringify(['GET', 'r9', 'method.request.querystring.a', value, 'method.request.header.B', value]))
    }
    assert.equal(responseCacheKey(keyed, 'POST', sources({})), '["POST","r9","method.request.querystring.a",null,"method.request.header.B",null]')
  })
})
