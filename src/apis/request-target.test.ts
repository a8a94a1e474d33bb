import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isDataPlaneRequest, parseRequestTarget } from './request-target.ts'

describe('parseRequestTarget', () => {
  it('reads the three URL forms', () => {
    const host = parseRequestTarget('abc123.execute-api.localhost:4567', '/prod/pets/1?x=1')
    assert.deepEqual(host, { restApiId: 'abc123', stageName: 'prod', path: '/pets/1', stagePath: '/prod/pets/1', rawQuery: 'x=1', domainName: 'abc123.execute-api.localhost:4567' })
    const local = parseRequestTarget('localhost:4567', '/_aws/execute-api/abc123/prod/pets/1')
    assert.equal(local?.restApiId, 'abc123')
    assert.equal(local?.path, '/pets/1')
    const user = parseRequestTarget('localhost:4567', '/restapis/abc123/prod/_user_request_/pets/1')
    assert.equal(user?.stageName, 'prod')
    assert.equal(user?.path, '/pets/1')
  })

  it('treats slashes around the stage as AWS does (recorded: test_apigateway_lambda > test_lambda_aws_proxy_integration)', () => {
    const before = parseRequestTarget('a1.execute-api.localhost', '//stage/proxy-value')!
    assert.equal(before.path, '/proxy-value')
    assert.equal(before.stagePath, '/stage/proxy-value')
    const after = parseRequestTarget('a1.execute-api.localhost', '/stage//proxy-value')!
    assert.equal(after.path, '/proxy-value')
    assert.equal(after.stagePath, '/stage//proxy-value')
    const trailing = parseRequestTarget('a1.execute-api.localhost', '/stage/proxy-value/')!
    assert.equal(trailing.path, '/proxy-value/')
  })

  it('drops the fragment, and names the API root with stage \'\' (an HTTP API\'s $default stage serves it)', () => {
    assert.equal(parseRequestTarget('a1.execute-api.localhost', '/s/x?zhash=abort/#&ignored=1')?.rawQuery, 'zhash=abort/')
    const root = { restApiId: 'a1', stageName: '', path: '/', stagePath: '/', rawQuery: 'q=1', domainName: 'a1.execute-api.localhost' }
    assert.deepEqual(parseRequestTarget('a1.execute-api.localhost', '/?q=1'), root)
    assert.deepEqual(parseRequestTarget('a1.execute-api.localhost', '/_aws/execute-api/a1?q=1'), root)
    assert.equal(parseRequestTarget('a1.execute-api.localhost', '/_aws/execute-api/a1/')?.stageName, '')
    assert.equal(parseRequestTarget('localhost', '/restapis/abc'), undefined)
  })

  it('tells data-plane requests from management calls', () => {
    assert.equal(isDataPlaneRequest('localhost:4567', '/restapis/abc/resources'), false)
    assert.equal(isDataPlaneRequest('abc.execute-api.localhost:4567', '/prod'), true)
    assert.equal(isDataPlaneRequest('localhost', '/_aws/execute-api/abc/prod/x'), true)
    assert.equal(isDataPlaneRequest('localhost', '/restapis/abc/prod/_user_request_/x'), true)
  })
})
