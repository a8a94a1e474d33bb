import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { silentLogger } from '../core/logger.ts'
import type { HttpApi } from '../model/v2/http-api.ts'
import { ACCOUNT_SCOPE } from '../store/store.ts'
import { SqliteStore } from '../store/sqlite/sqlite-store.ts'
import { HttpStages } from './http/http-stages.ts'
import { WebSocketStages } from './websocket/websocket-stages.ts'

const api = (apiId: string, protocolType: HttpApi['protocolType']): HttpApi => ({
  apiId, name: apiId, protocolType, apiEndpoint: `https://${apiId}.execute-api.us-east-1.amazonaws.com`,
  apiKeySelectionExpression: '$request.header.x-api-key', routeSelectionExpression: '$request.method $request.path',
  createdDate: '2026-01-01T00:00:00Z', disableExecuteApiEndpoint: false,
})

/**
 * A v2 kind tells the data plane, without a promise, that an API id it has looked up is not its own, so
 * the next kind is asked at once (data-plane/server.ts); it never says so of its own API, nor before it knows.
 */
describe('a v2 kind knows, once looked up, which APIs are not its own', () => {
  it('answers for another kind\'s API and an unknown id only after the lookup settled, never for its own, and forgets on a change', async () => {
    const store = new SqliteStore({ filename: ':memory:' })
    await store.transaction(async (tx) => {
      await tx.put('v2-api', ACCOUNT_SCOPE, 'httpapi1', api('httpapi1', 'HTTP'))
      await tx.put('v2-api', ACCOUNT_SCOPE, 'wsapi1', api('wsapi1', 'WEBSOCKET'))
    })
    const http = new HttpStages(store, silentLogger)
    const websocket = new WebSocketStages(store, silentLogger)

    assert.equal(http.knownNotServed('wsapi1'), false, 'nothing is known before a lookup')
    const lookup = http.find('wsapi1')
    assert.equal(http.knownNotServed('wsapi1'), false, 'nor while it is in flight')
    assert.equal(await lookup, undefined)
    assert.equal(http.knownNotServed('wsapi1'), true, 'a WebSocket API is not the HTTP kind\'s')
    assert.equal(await http.find('nosuchapi'), undefined)
    assert.equal(http.knownNotServed('nosuchapi'), true, 'nor is an id no API has')

    assert.notEqual(await http.find('httpapi1'), undefined)
    assert.equal(http.knownNotServed('httpapi1'), false, 'its own API is never skipped')
    assert.notEqual(await websocket.find('wsapi1'), undefined)
    assert.equal(websocket.knownNotServed('wsapi1'), false)
    assert.equal(await websocket.find('httpapi1'), undefined)
    assert.equal(websocket.knownNotServed('httpapi1'), true)

    // An id that becomes an HTTP API (a pinned id reused): the change feed names it, and the kind looks again.
    http.forget({ op: 'put', kind: 'v2-api', scope: ACCOUNT_SCOPE, id: 'nosuchapi' })
    assert.equal(http.knownNotServed('nosuchapi'), false, 'a change names the API: it is looked up again')
    await store.close()
  })
})
