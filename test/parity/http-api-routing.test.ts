import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RouteTable } from '../../src/apis/http/routing/match-route.ts'
import { parseRouteKey } from '../../src/apis/http/routing/route-key.ts'
import { httpApiAnswers } from '../helpers/recordings.ts'

describe('HTTP API route priority (developer guide, "Working with routes for HTTP APIs")', () => {
  const { routePriority } = httpApiAnswers()

  it('answers the documented table: full match, then greedy, then $default', () => {
    const table = new RouteTable<string>(routePriority.routes.map((routeKey: string) => ({ routeKey, value: routeKey })))
    for (const [method, path, expected] of routePriority.requests) {
      assert.equal(table.match(method, path)?.routeKey, expected, `${method} ${path}`)
    }
  })

  it('prefers a route for the method over ANY, and falls back to $default', () => {
    const table = new RouteTable<string>(['ANY /pets', 'GET /pets', 'GET /pets/{id}', '$default'].map((routeKey) => ({ routeKey, value: routeKey })))
    assert.equal(table.match('GET', '/pets')?.routeKey, 'GET /pets')
    assert.equal(table.match('DELETE', '/pets')?.routeKey, 'ANY /pets')
    assert.deepEqual(table.match('GET', '/pets/a%20b')?.pathParameters, { id: 'a b' })
    assert.equal(table.match('POST', '/pets/1')?.routeKey, '$default')
  })

  it('gives a greedy variable the rest of the path without its leading slash, and never the root', () => {
    const table = new RouteTable<string>([{ routeKey: 'ANY /{proxy+}', value: 'x' }])
    assert.deepEqual(table.match('GET', '/hello/world')?.pathParameters, { proxy: 'hello/world' })
    assert.equal(table.match('GET', '/'), undefined)
  })

  it('refuses what is no route key', () => {
    for (const key of ['GET', 'FETCH /a', 'GET a', 'GET /a//b', 'GET /{proxy+}/x', 'GET /{a}/{a}', 'GET /a{b}']) {
      assert.ok('problem' in parseRouteKey(key), key)
    }
    for (const key of ['$default', 'GET /', 'ANY /{proxy+}', 'POST /pets/{id}/toys']) assert.ok(!('problem' in parseRouteKey(key)), key)
  })
})
